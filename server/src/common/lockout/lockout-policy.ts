/**
 * Lockout after repeated failures, shared by the login (per username) and template passwords (per user and
 * template): pure rules, no storage. Each caller keeps the state in its own table.
 */

/** Failures of one subject (a username, a user and a template) inside the current window. */
export interface LockoutState {
  failureCount: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
}

/** The time until which the subject is locked, or null when it may try. */
export function lockedUntil(state: LockoutState | null, now: Date): Date | null {
  if (!state?.lockedUntil) return null;
  return state.lockedUntil.getTime() > now.getTime() ? state.lockedUntil : null;
}

/**
 * Counts one failure. Failures older than the window (or from before an expired lock) start a new window;
 * reaching `maxFailures` inside the window locks the subject until one window after the last failure.
 */
export function recordFailure(state: LockoutState | null, now: Date, policy: LockoutPolicy): LockoutState {
  const expired =
    state === null ||
    now.getTime() - state.windowStartedAt.getTime() >= policy.windowMs ||
    (state.lockedUntil !== null && state.lockedUntil.getTime() <= now.getTime());
  const failureCount = expired ? 1 : state.failureCount + 1;
  const windowStartedAt = expired ? now : state.windowStartedAt;
  const locked = failureCount >= policy.maxFailures ? new Date(now.getTime() + policy.windowMs) : null;
  return { failureCount, windowStartedAt, lockedUntil: locked };
}
