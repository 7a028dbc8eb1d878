import { describe, expect, it } from 'vitest';
import { SenderRateLimiter } from './sender-rate-limiter';

describe('SenderRateLimiter', () => {
  it('allows `limit` events per sliding window per sender, and says when to retry', () => {
    let now = 1_000_000;
    const limiter = new SenderRateLimiter({ limit: 3, windowMs: 10_000, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 10_000 });
    expect(limiter.take('b').allowed).toBe(true); // other senders are not affected
    now += 4_000;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 6_000 });
    now += 6_000; // the first three leave the window
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('does not count refused events, so a flooding sender is not locked out forever', () => {
    let now = 0;
    const limiter = new SenderRateLimiter({ limit: 1, windowMs: 1_000, now: () => now });
    expect(limiter.take('a').allowed).toBe(true);
    for (let i = 0; i < 100; i++) expect(limiter.take('a').allowed).toBe(false);
    now = 1_001;
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('keeps its memory bounded', () => {
    let now = 0;
    const limiter = new SenderRateLimiter({ limit: 5, windowMs: 1_000, maxSenders: 3, now: () => now });
    for (let i = 0; i < 10; i++) {
      now += 1;
      limiter.take(`10.0.0.${i}`);
    }
    expect(limiter.trackedSenders).toBe(3);
  });

  it('refuses bad options', () => {
    expect(() => new SenderRateLimiter({ limit: 0, windowMs: 1 })).toThrow('limit');
    expect(() => new SenderRateLimiter({ limit: 1, windowMs: 0 })).toThrow('windowMs');
  });
});
