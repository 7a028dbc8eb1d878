import type {
  DeliveryDeviceStatus,
  DeliveryRetryPolicy,
  DeliverySchedule,
  SettingApplyOutcome,
  SettingsApplyResponse,
} from '@fleetward/contracts';

/**
 * Pure rules of deliveries: operation ids, how an edge's answer becomes a device record's status, retries and
 * the next run of a schedule. The runner applies them; unit tests pin them.
 */

export const DEFAULT_RETRY: DeliveryRetryPolicy = { maxAttempts: 1, backoffSeconds: 300 };
/** Shortest period of a recurring delivery (s). */
export const MIN_EVERY_SECONDS = 300;

/**
 * The edge's idempotency key of one attempt: the same (delivery, run, device, attempt) always gives the same id,
 * so a server that crashed after sending asks again with it and the edge answers its remembered outcome
 * (`replayed`) instead of applying twice. A new attempt (retry) gets a new id.
 */
export function operationIdOf(deliveryId: string, run: number, deviceId: string, attempt: number): string {
  return `dlv:${deliveryId}:${run}:${deviceId}:${attempt}`;
}

/** Statuses a retry (by policy or on request) sends again. */
export const RETRYABLE: readonly DeliveryDeviceStatus[] = ['failed', 'unreachable', 'partiallyApplied'];

/** Error codes of an edge answer that mean the device was not reached. */
const UNREACHABLE_CODES = new Set(['DEVICE_UNREACHABLE', 'DEVICE_TIMEOUT', 'TRANSPORT_UNREACHABLE']);

export interface ClassifiedOutcome {
  status: Exclude<DeliveryDeviceStatus, 'pending' | 'sending' | 'cancelled'>;
  outcomes: SettingApplyOutcome[];
  errorCode: string | null;
  errorMessage: string | null;
}

/**
 * The record of one apply answer: applied / partially applied / failed (with reasons) / unsupported / unreachable.
 * A key the device or its driver answers `unsupported` does not apply to that device (the drift check lists it as
 * not applicable, never as drift): a device that applied every other key is `applied`, its outcomes still name the
 * keys that did not apply; a device to which no key applies is `unsupported` (docs/decisions/0020).
 */
export function classifyApply(answer: SettingsApplyResponse): ClassifiedOutcome {
  const outcomes = answer.settings.map((o) => ({
    key: o.key,
    status: o.status,
    ...(o.code !== undefined ? { code: o.code } : {}),
    ...(o.message !== undefined ? { message: o.message.slice(0, 500) } : {}),
  }));
  if (!answer.ok) {
    return {
      status: UNREACHABLE_CODES.has(answer.error.code) ? 'unreachable' : 'failed',
      outcomes,
      errorCode: answer.error.code.slice(0, 64),
      errorMessage: answer.error.message.slice(0, 500),
    };
  }
  const applied = outcomes.filter((o) => o.status === 'applied').length;
  const unsupported = outcomes.filter((o) => o.status === 'unsupported').length;
  if (applied === outcomes.length - unsupported && (applied > 0 || unsupported === 0)) {
    return { status: 'applied', outcomes, errorCode: null, errorMessage: null };
  }
  const firstProblem = outcomes.find((o) => o.status !== 'applied' && o.status !== 'unsupported') ?? outcomes[0];
  const summary = {
    outcomes,
    errorCode: firstProblem?.code ?? null,
    errorMessage: firstProblem?.message ?? null,
  };
  if (applied > 0) return { status: 'partiallyApplied', ...summary };
  if (unsupported === outcomes.length) return { status: 'unsupported', ...summary };
  return { status: 'failed', ...summary };
}

/** When the policy retries a device that ended in `status` after `attempts` sends; null = no automatic retry. */
export function nextAttemptAt(
  status: DeliveryDeviceStatus,
  attempts: number,
  policy: DeliveryRetryPolicy,
  now: Date,
): Date | null {
  if (!RETRYABLE.includes(status) || attempts >= policy.maxAttempts) return null;
  return new Date(now.getTime() + policy.backoffSeconds * 1000);
}

/** First run time of a schedule (absent: now). */
export function firstRunAt(schedule: DeliverySchedule | null, now: Date): Date {
  if (schedule === null) return now;
  return new Date('at' in schedule ? schedule.at : schedule.start);
}

/**
 * The run after one started at `now`: none for a one-off; for a recurring schedule the first period boundary
 * after `now` (runs missed while the server was down are not caught up: the late run counts as the missed one).
 */
export function nextRunAfter(schedule: DeliverySchedule | null, now: Date): Date | null {
  if (schedule === null || 'at' in schedule) return null;
  const start = new Date(schedule.start).getTime();
  const every = schedule.everySeconds * 1000;
  if (now.getTime() < start) return new Date(start);
  const periods = Math.floor((now.getTime() - start) / every) + 1;
  return new Date(start + periods * every);
}

/** Problems of a requested schedule (empty: fine). */
export function scheduleProblems(schedule: unknown): string[] {
  if (schedule === undefined || schedule === null) return [];
  if (typeof schedule !== 'object' || Array.isArray(schedule))
    return ['schedule must be {at} or {start, everySeconds}'];
  const s = schedule as Record<string, unknown>;
  const isDate = (v: unknown): boolean =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(new Date(v).getTime());
  const keys = Object.keys(s).sort().join(',');
  if (keys === 'at') return isDate(s.at) ? [] : ['schedule.at must be an ISO 8601 date-time'];
  if (keys === 'everySeconds,start') {
    const out: string[] = [];
    if (!isDate(s.start)) out.push('schedule.start must be an ISO 8601 date-time');
    if (
      typeof s.everySeconds !== 'number' ||
      !Number.isInteger(s.everySeconds) ||
      s.everySeconds < MIN_EVERY_SECONDS ||
      s.everySeconds > 366 * 86_400
    ) {
      out.push(`schedule.everySeconds must be a whole number from ${MIN_EVERY_SECONDS} to ${366 * 86_400}`);
    }
    return out;
  }
  return ['schedule must be {at} or {start, everySeconds}'];
}
