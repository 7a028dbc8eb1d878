import { type GroupPollPolicyBody, POLL_POLICY_LIMITS } from '@fleetward/contracts';
import { ValidationFailedError } from '../../common/errors';

/** Status and full poll intervals of one device (seconds). */
export interface PollIntervals {
  statusIntervalSeconds: number;
  fullIntervalSeconds: number;
}

/**
 * The intervals a device is polled at: per kind, the SHORTEST override among its groups' policies, else the server
 * default. A full poll also reads the status, so the status interval is never longer than the full interval.
 */
export function effectiveIntervals(overrides: readonly GroupPollPolicyBody[], defaults: PollIntervals): PollIntervals {
  const shortest = (values: (number | null)[], fallback: number): number => {
    const set = values.filter((v): v is number => v !== null);
    return set.length === 0 ? fallback : Math.min(...set);
  };
  const full = shortest(
    overrides.map((o) => o.fullIntervalSeconds),
    defaults.fullIntervalSeconds,
  );
  const status = shortest(
    overrides.map((o) => o.statusIntervalSeconds),
    defaults.statusIntervalSeconds,
  );
  return { statusIntervalSeconds: Math.min(status, full), fullIntervalSeconds: full };
}

/**
 * Checks a `PUT …/poll-policy` body: both keys present, each null or a whole number of seconds within
 * POLL_POLICY_LIMITS, and the resulting full interval (override or default) not shorter than the status one.
 * Throws VALIDATION_FAILED (400) naming each bad field.
 */
export function parsePollPolicyBody(body: unknown, defaults: PollIntervals): GroupPollPolicyBody {
  const problems: { field: string; problems: string[] }[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailedError([{ field: '(body)', problems: ['must be an object'] }]);
  }
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'statusIntervalSeconds' && key !== 'fullIntervalSeconds') {
      problems.push({ field: key, problems: ['is not a poll policy field'] });
    }
  }
  const read = (field: keyof GroupPollPolicyBody, min: number, max: number): number | null => {
    const value = record[field];
    if (value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.push({ field, problems: ['must be a whole number of seconds or null'] });
      return null;
    }
    if (value < min || value > max) {
      problems.push({ field, problems: [`must be between ${min} and ${max} seconds`] });
      return null;
    }
    return value;
  };
  const status = read(
    'statusIntervalSeconds',
    POLL_POLICY_LIMITS.statusMinSeconds,
    POLL_POLICY_LIMITS.statusMaxSeconds,
  );
  const full = read('fullIntervalSeconds', POLL_POLICY_LIMITS.fullMinSeconds, POLL_POLICY_LIMITS.fullMaxSeconds);
  if (problems.length === 0) {
    const effectiveStatus = status ?? defaults.statusIntervalSeconds;
    const effectiveFull = full ?? defaults.fullIntervalSeconds;
    if (effectiveFull < effectiveStatus) {
      problems.push({
        field: 'fullIntervalSeconds',
        problems: [
          `must not be shorter than the status interval (${effectiveStatus} s${status === null ? ', the default' : ''})`,
        ],
      });
    }
  }
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return { statusIntervalSeconds: status, fullIntervalSeconds: full };
}

/**
 * A device's due time after its interval was shortened: never later than it was, and never before `lastPoll +
 * interval` (so lowering an interval moves the next poll closer without a burst of catch-up polls). Unknown last
 * poll: unchanged.
 */
export function shortenedDue(current: Date, lastPoll: Date | null | undefined, intervalSeconds: number): Date {
  if (!lastPoll) return current;
  const candidate = new Date(lastPoll.getTime() + intervalSeconds * 1000);
  return candidate < current ? candidate : current;
}
