import { describe, expect, it } from 'vitest';
import { AdaptiveWindow, mapWithAdaptiveConcurrency, type AdaptiveRunOptions } from './concurrency';

/** A hand-driven run: items finish when the test says so, the adjustment timer ticks when the test says so. */
function harness(count: number, limit: number, options: AdaptiveRunOptions = {}) {
  const finishers = new Map<number, { resolve: (v: number) => void; reject: (e: Error) => void }>();
  let running = 0;
  let mostRunning = 0;
  let busy = 0;
  let tick: (() => void) | null = null;
  let stopped = false;
  const stats: { maxInFlight: number; meanInFlight: number }[] = [];
  const run = mapWithAdaptiveConcurrency(
    Array.from({ length: count }, (_, i) => i),
    limit,
    (item) =>
      new Promise<number>((resolve, reject) => {
        running++;
        mostRunning = Math.max(mostRunning, running);
        finishers.set(item, {
          resolve: (v) => {
            running--;
            resolve(v);
          },
          reject: (e) => {
            running--;
            reject(e);
          },
        });
      }),
    {
      ...options,
      sampler: () => busy,
      every: (_ms, t) => {
        tick = t;
        return () => {
          stopped = true;
        };
      },
      onStats: (s) => stats.push(s),
    },
  );
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return {
    run,
    stats,
    get running() {
      return running;
    },
    get mostRunning() {
      return mostRunning;
    },
    get stopped() {
      return stopped;
    },
    started: () => [...finishers.keys()],
    /** Finishes every item started so far that has not finished yet, with its index times ten. */
    async finishAll() {
      for (const [i, f] of [...finishers]) {
        finishers.delete(i);
        f.resolve(i * 10);
      }
      await settle();
    },
    async fail(i: number, error: Error) {
      const f = finishers.get(i)!;
      finishers.delete(i);
      f.reject(error);
      await settle();
    },
    async interval(load: number) {
      busy = load;
      tick!();
      await settle();
    },
  };
}

describe('AdaptiveWindow', () => {
  it('grows by a quarter (plus one) while the loop has time to spare and the window is used up, up to the limit', () => {
    const w = new AdaptiveWindow({ limit: 100, initial: 32 });
    expect(w.adjust(0.5, true)).toBe(41);
    expect(w.adjust(0.5, true)).toBe(53);
    for (let i = 0; i < 10; i++) w.adjust(0.2, true);
    expect(w.size).toBe(100);
  });

  it('does not grow a window that was not used up, nor between the spare and the saturated marks', () => {
    const w = new AdaptiveWindow({ limit: 100, initial: 32 });
    expect(w.adjust(0.1, false)).toBe(32);
    expect(w.adjust(0.9, true)).toBe(32);
  });

  it('shrinks by a tenth while the loop is saturated, never below the minimum', () => {
    const w = new AdaptiveWindow({ limit: 500, initial: 100, min: 16 });
    expect(w.adjust(0.99, true)).toBe(90);
    for (let i = 0; i < 50; i++) w.adjust(1, true);
    expect(w.size).toBe(16);
  });

  it('keeps the initial size and the minimum within the limit', () => {
    expect(new AdaptiveWindow({ limit: 4 }).size).toBe(4);
    const w = new AdaptiveWindow({ limit: 4, min: 16 });
    expect(w.min).toBe(4);
    w.adjust(1, true);
    expect(w.size).toBe(4);
  });
});

describe('mapWithAdaptiveConcurrency', () => {
  it('starts with the initial window, grows it while the loop idles and keeps results in input order', async () => {
    const h = harness(200, 100, { initial: 10, min: 4 });
    await h.finishAll(); // nothing ran yet beyond the first 10
    expect(h.mostRunning).toBe(10);
    expect(h.running).toBe(10); // each finished item was replaced at once
    await h.interval(0.3); // idle loop, full window: 10 -> 14
    expect(h.running).toBe(14);
    await h.interval(0.3); // 14 -> 19
    expect(h.running).toBe(19);
    while (h.started().length > 0) await h.finishAll();
    await expect(h.run).resolves.toEqual(Array.from({ length: 200 }, (_, i) => i * 10));
    expect(h.mostRunning).toBe(19);
    expect(h.stopped).toBe(true);
    expect(h.stats).toHaveLength(1);
    expect(h.stats[0]!.maxInFlight).toBe(19);
  });

  it('starts fewer items while the loop is saturated, down to the minimum, and never more than the limit', async () => {
    const h = harness(1000, 40, { initial: 40, min: 8 });
    expect(h.running).toBe(40);
    for (let i = 0; i < 30; i++) await h.interval(1);
    await h.finishAll(); // 40 finish; only the shrunken window is refilled
    expect(h.running).toBe(8);
    for (let i = 0; i < 30; i++) await h.interval(0);
    expect(h.running).toBe(40);
    expect(h.mostRunning).toBe(40);
  });

  it('rejects with the first error and starts nothing after it', async () => {
    const h = harness(100, 10, { initial: 5, min: 2 });
    const outcome = h.run.catch((e: unknown) => e);
    await h.fail(2, new Error('boom'));
    expect(await outcome).toEqual(new Error('boom'));
    const before = h.started().length;
    await h.finishAll();
    await h.interval(0);
    expect(h.started().length).toBe(0);
    expect(before).toBe(4);
    expect(h.stopped).toBe(true);
  });

  it('resolves at once for no items', async () => {
    await expect(mapWithAdaptiveConcurrency([], 10, () => Promise.resolve(1))).resolves.toEqual([]);
  });
});
