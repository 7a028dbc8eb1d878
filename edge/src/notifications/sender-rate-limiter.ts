import { InvalidRequestError } from '../common/edge-error';

export interface SenderRateLimiterOptions {
  /** Events accepted per sender within one window. */
  limit: number;
  windowMs: number;
  /** Senders tracked at once; beyond that the stalest are forgotten (memory stays bounded). */
  maxSenders?: number;
  /** Injectable clock (ms). */
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Sliding-window limit per sender: at most `limit` events in any `windowMs`. */
export class SenderRateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxSenders: number;
  private readonly now: () => number;

  constructor(options: SenderRateLimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new InvalidRequestError('limit must be >= 1');
    if (!Number.isInteger(options.windowMs) || options.windowMs < 1) {
      throw new InvalidRequestError('windowMs must be >= 1');
    }
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.maxSenders = options.maxSenders ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  get trackedSenders(): number {
    return this.hits.size;
  }

  /** Counts one event of `sender` when allowed; a refused event is not counted. */
  take(sender: string): RateDecision {
    const now = this.now();
    const since = now - this.windowMs;
    const times = (this.hits.get(sender) ?? []).filter((t) => t > since);
    if (times.length >= this.limit) {
      this.hits.set(sender, times);
      return { allowed: false, retryAfterMs: Math.max(1, times[0]! + this.windowMs - now) };
    }
    times.push(now);
    this.hits.delete(sender);
    this.hits.set(sender, times);
    this.evict(since);
    return { allowed: true };
  }

  private evict(since: number): void {
    if (this.hits.size <= this.maxSenders) return;
    for (const [sender, times] of this.hits) {
      if (times.every((t) => t <= since)) this.hits.delete(sender);
    }
    // Still too many: drop the least recently active (Map keeps insertion order; active senders are re-inserted).
    for (const sender of this.hits.keys()) {
      if (this.hits.size <= this.maxSenders) break;
      this.hits.delete(sender);
    }
  }
}
