import { describe, expect, it } from 'vitest';
import { lockedUntil, type LockoutState, recordFailure } from './lockout-policy';

const policy = { maxFailures: 3, windowMs: 15 * 60_000 };
const t0 = new Date('2026-01-15T09:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function failTimes(minutes: number[]): LockoutState | null {
  let state: LockoutState | null = null;
  for (const m of minutes) state = recordFailure(state, at(m), policy);
  return state;
}

describe('lockout policy', () => {
  it('does not lock below the limit', () => {
    const state = failTimes([0, 1]);
    expect(state).toEqual({ failureCount: 2, windowStartedAt: t0, lockedUntil: null });
    expect(lockedUntil(state, at(2))).toBeNull();
  });

  it('locks at the limit for one window after the last failure', () => {
    const state = failTimes([0, 1, 2]);
    expect(state?.lockedUntil).toEqual(at(17));
    expect(lockedUntil(state, at(16.99))).toEqual(at(17));
    expect(lockedUntil(state, at(17))).toBeNull();
  });

  it('starts a new window when failures are further apart than the window', () => {
    const state = failTimes([0, 1, 16]);
    expect(state).toEqual({ failureCount: 1, windowStartedAt: at(16), lockedUntil: null });
  });

  it('starts afresh after a lock has expired', () => {
    const state = failTimes([0, 1, 2, 17.5]);
    expect(state).toEqual({ failureCount: 1, windowStartedAt: at(17.5), lockedUntil: null });
  });

  it('treats no record as not locked', () => {
    expect(lockedUntil(null, t0)).toBeNull();
  });
});
