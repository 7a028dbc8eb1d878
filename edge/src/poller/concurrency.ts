import { performance } from 'node:perf_hooks';

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  const n = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

/** How busy the event loop was since the previous call: 0 (idle throughout) to 1 (never idle). */
export type LoadSampler = () => number;

/** The event loop's utilization since the previous call (performance.eventLoopUtilization). */
export function eventLoopSampler(): LoadSampler {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return busy;
  };
}

export interface AdaptiveWindowOptions {
  /** The most items in flight (the operator's concurrency). */
  limit: number;
  /** Items in flight at the start (default 32, at most `limit`). */
  initial?: number;
  /** The window never shrinks below this (default 16, at most `limit`). */
  min?: number;
  /** Busy fraction from which the loop counts as saturated and the window shrinks (default 0.95). */
  saturated?: number;
  /** Busy fraction below which a full window grows (default 0.85). */
  spare?: number;
}

/**
 * The number of items a runner keeps in flight, between `min` and `limit`, steered by how busy the event loop is:
 * a window that was full while the loop had time to spare grows by a quarter; a saturated loop shrinks it by a
 * tenth. When the poller's own CPU is the bottleneck, more devices in flight only make answers wait longer in the
 * socket buffer (memory, and timeouts that are not the device's fault); when devices are slow the loop idles
 * and the window grows to the limit.
 */
export class AdaptiveWindow {
  readonly limit: number;
  readonly min: number;
  private readonly saturatedAt: number;
  private readonly spareBelow: number;
  private current: number;

  constructor(options: AdaptiveWindowOptions) {
    this.limit = Math.max(1, Math.floor(options.limit));
    this.min = Math.min(this.limit, Math.max(1, options.min ?? 16));
    this.current = Math.min(this.limit, Math.max(this.min, options.initial ?? 32));
    this.saturatedAt = options.saturated ?? 0.95;
    this.spareBelow = options.spare ?? 0.85;
  }

  get size(): number {
    return this.current;
  }

  /** One step: `busy` is the loop's utilization over the last interval, `full` whether the window was used up. */
  adjust(busy: number, full: boolean): number {
    if (busy >= this.saturatedAt) this.current = Math.max(this.min, Math.floor(this.current * 0.9));
    else if (busy < this.spareBelow && full) this.current = Math.min(this.limit, Math.ceil(this.current * 1.25) + 1);
    return this.current;
  }
}

export interface WindowStats {
  /** The largest number of items that were in flight at once. */
  maxInFlight: number;
  /** Items in flight, averaged over the item starts (what a started item found running, itself included). */
  meanInFlight: number;
}

export interface AdaptiveRunOptions extends Omit<AdaptiveWindowOptions, 'limit'> {
  /** How often the window is adjusted (ms, default 50). */
  intervalMs?: number;
  sampler?: LoadSampler;
  /** Timer for the adjustments (tests drive it by hand); default setInterval, unref'd. */
  every?: (ms: number, tick: () => void) => () => void;
  /** Receives the figures when the run ends. */
  onStats?: (stats: WindowStats) => void;
}

const defaultEvery = (ms: number, tick: () => void): (() => void) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/**
 * Like mapWithConcurrency, with at most `limit` in flight but only as many as an AdaptiveWindow allows: the
 * window starts small, grows while the event loop has time to spare and shrinks while it is saturated. Results
 * keep the input order; the first rejection rejects the run (no new item starts after it).
 */
export function mapWithAdaptiveConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  options: AdaptiveRunOptions = {},
): Promise<R[]> {
  const results = new Array<R>(items.length);
  if (items.length === 0) return Promise.resolve(results);
  const window = new AdaptiveWindow({ ...options, limit });
  const sampler = options.sampler ?? eventLoopSampler();
  const every = options.every ?? defaultEvery;
  return new Promise<R[]>((resolve, reject) => {
    let next = 0;
    let active = 0;
    let done = 0;
    let failed = false;
    let full = false;
    let maxInFlight = 0;
    let inFlightSum = 0;
    const finish = (error?: unknown): void => {
      stop();
      options.onStats?.({ maxInFlight, meanInFlight: next === 0 ? 0 : inFlightSum / next });
      if (error === undefined) resolve(results);
      else reject(error instanceof Error ? error : new Error(`a task failed: ${JSON.stringify(error)}`));
    };
    const fill = (): void => {
      while (!failed && active < window.size && next < items.length) {
        const i = next++;
        active++;
        inFlightSum += active;
        if (active > maxInFlight) maxInFlight = active;
        let started: Promise<R>;
        try {
          started = fn(items[i]!, i);
        } catch (error) {
          started = Promise.reject(
            error instanceof Error ? error : new Error(`a task threw: ${JSON.stringify(error)}`),
          );
        }
        started.then(
          (r) => {
            results[i] = r;
            active--;
            done++;
            if (done === items.length) finish();
            else fill();
          },
          (error: unknown) => {
            active--;
            if (failed) return;
            failed = true;
            finish(error);
          },
        );
      }
      if (active >= window.size) full = true;
    };
    const stop = every(options.intervalMs ?? 50, () => {
      window.adjust(sampler(), full);
      full = active >= window.size;
      fill();
    });
    fill();
  });
}
