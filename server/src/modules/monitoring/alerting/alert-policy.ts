import { ALERT_ERROR_CONDITIONS } from '@fleetward/contracts';
import { InvalidAlertPolicyError } from './alerting.errors';

/** Error conditions the deviceError rule knows (the contract's list, shared with the console). */
export const ERROR_CONDITIONS = ALERT_ERROR_CONDITIONS;
export type ErrorCondition = (typeof ERROR_CONDITIONS)[number];

/** Supply categories with their own threshold (see `supplyCategory()` for the mapping from supply types). */
export const SUPPLY_CATEGORIES = ['toner', 'drum', 'wasteReceptacle', 'staples', 'other'] as const;
export type SupplyCategory = (typeof SUPPLY_CATEGORIES)[number];

/**
 * Threshold of one supply category: a percentage (alert at or below it; for receptacles the free space left),
 * `'empty'` (alert only when empty/full), or `'off'` (never).
 */
export type SupplyThreshold = number | 'empty' | 'off';

export interface AlertPolicy {
  rules: Record<'deviceUnreachable' | 'deviceError' | 'supplyLow' | 'edgeOffline', boolean>;
  /** Error conditions that open an alert (when deviceError is enabled). */
  errorConditions: readonly ErrorCondition[];
  supplyThresholds: Record<SupplyCategory, SupplyThreshold>;
  /** Patience for sleeping devices: unreachable only after this many failed polls in a row AND this much time. */
  unreachable: { failedPolls: number; minDurationMs: number };
  /** An edge is offline when it has not been seen for this long. */
  edgeOffline: { afterMs: number };
  /** A condition that returns within this window after it cleared re-opens the same alert, without a mail. */
  holdDownMs: number;
  /** At most this many notifications per target (device or edge) per rolling hour. */
  maxNotificationsPerHour: number;
}

/** Partial policy a device group sets; absent fields fall back to the defaults. */
export interface AlertPolicyOverride {
  rules?: Partial<AlertPolicy['rules']>;
  errorConditions?: readonly ErrorCondition[];
  supplyThresholds?: Partial<Record<SupplyCategory, SupplyThreshold>>;
  unreachable?: Partial<AlertPolicy['unreachable']>;
  edgeOffline?: Partial<AlertPolicy['edgeOffline']>;
  holdDownMs?: number;
  maxNotificationsPerHour?: number;
}

const MINUTE = 60_000;

/** Error conditions that page someone by default: those that stop printing or need a person. */
export const DEFAULT_ERROR_CONDITIONS: readonly ErrorCondition[] = [
  'jammed',
  'doorOpen',
  'noPaper',
  'noToner',
  'serviceRequested',
  'offline',
  'outputFull',
  'inputTrayMissing',
  'outputTrayMissing',
  'markerSupplyMissing',
  'hardwareFailure',
];

export const DEFAULT_ALERT_POLICY: Readonly<AlertPolicy> = Object.freeze<AlertPolicy>({
  rules: { deviceUnreachable: true, deviceError: true, supplyLow: true, edgeOffline: true },
  errorConditions: DEFAULT_ERROR_CONDITIONS,
  supplyThresholds: { toner: 10, drum: 10, wasteReceptacle: 10, staples: 'empty', other: 'empty' },
  // Three polls at the default 5-minute status interval, and at least 15 minutes: a printer waking from deep
  // sleep usually answers within one or two polls.
  unreachable: { failedPolls: 3, minDurationMs: 15 * MINUTE },
  edgeOffline: { afterMs: 10 * MINUTE },
  holdDownMs: 30 * MINUTE,
  maxNotificationsPerHour: 6,
});

const DAY = 24 * 60 * MINUTE;

/** Checks an override (or a full policy); throws InvalidAlertPolicyError listing every problem. */
export function validateAlertPolicyOverride(override: AlertPolicyOverride): void {
  const problems: string[] = [];
  const known = new Set<string>(ERROR_CONDITIONS);
  for (const name of override.errorConditions ?? []) {
    if (!known.has(name)) problems.push(`errorConditions: unknown condition "${String(name)}"`);
  }
  for (const [category, threshold] of Object.entries(override.supplyThresholds ?? {})) {
    if (!(SUPPLY_CATEGORIES as readonly string[]).includes(category)) {
      problems.push(`supplyThresholds: unknown category "${category}"`);
    } else if (typeof threshold === 'number' && category === 'staples') {
      problems.push('supplyThresholds.staples: staples report no level, use "empty" or "off"');
    } else if (typeof threshold === 'number') {
      if (!Number.isInteger(threshold) || threshold < 1 || threshold > 99) {
        problems.push(`supplyThresholds.${category}: a percentage must be an integer from 1 to 99`);
      }
    } else if (threshold !== 'empty' && threshold !== 'off') {
      problems.push(`supplyThresholds.${category}: must be a percentage, "empty" or "off"`);
    }
  }
  for (const [rule, enabled] of Object.entries(override.rules ?? {})) {
    if (!['deviceUnreachable', 'deviceError', 'supplyLow', 'edgeOffline'].includes(rule)) {
      problems.push(`rules: unknown rule "${rule}"`);
    } else if (typeof enabled !== 'boolean') problems.push(`rules.${rule}: must be true or false`);
  }
  const int = (value: number | undefined, field: string, min: number, max: number): void => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push(`${field}: must be an integer from ${min} to ${max}`);
  };
  int(override.unreachable?.failedPolls, 'unreachable.failedPolls', 1, 100);
  int(override.unreachable?.minDurationMs, 'unreachable.minDurationMs', 0, DAY);
  int(override.edgeOffline?.afterMs, 'edgeOffline.afterMs', MINUTE, DAY);
  int(override.holdDownMs, 'holdDownMs', 0, DAY);
  int(override.maxNotificationsPerHour, 'maxNotificationsPerHour', 1, 1000);
  if (problems.length > 0) throw new InvalidAlertPolicyError(problems);
}

function applyOverride(base: Readonly<AlertPolicy>, o: AlertPolicyOverride): AlertPolicy {
  return {
    rules: { ...base.rules, ...definedOnly(o.rules ?? {}) },
    errorConditions: o.errorConditions ? [...o.errorConditions] : [...base.errorConditions],
    supplyThresholds: { ...base.supplyThresholds, ...definedOnly(o.supplyThresholds ?? {}) },
    unreachable: { ...base.unreachable, ...definedOnly(o.unreachable ?? {}) },
    edgeOffline: { ...base.edgeOffline, ...definedOnly(o.edgeOffline ?? {}) },
    holdDownMs: o.holdDownMs ?? base.holdDownMs,
    maxNotificationsPerHour: o.maxNotificationsPerHour ?? base.maxNotificationsPerHour,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** How eagerly a threshold alerts: 'off' < 'empty' < 1 % < … < 99 %. */
function sensitivity(threshold: SupplyThreshold): number {
  if (threshold === 'off') return -1;
  if (threshold === 'empty') return 0;
  return threshold;
}

/**
 * The effective policy of a device from the overrides of all its groups.
 *
 * Each group's override is first applied to the defaults; the resulting policies are then combined so that
 * the MOST SENSITIVE setting wins, whatever the order of the groups (the result is the same for any order):
 * a rule is on if any group has it on; an error condition alerts if any group lists it; the highest supply
 * threshold wins ('off' < 'empty' < any percentage); the least patience wins (fewest failed polls, shortest
 * time; shortest edge-offline delay). Noise control follows the same idea of never hiding a problem:
 * the highest notification cap wins, and the longest hold-down wins (a re-opened alert is still shown, only
 * its mail is held back). A device in no group (or groups without overrides) gets the defaults.
 */
export function resolveAlertPolicy(
  overrides: readonly AlertPolicyOverride[],
  defaults: Readonly<AlertPolicy> = DEFAULT_ALERT_POLICY,
): AlertPolicy {
  for (const o of overrides) validateAlertPolicyOverride(o);
  if (overrides.length === 0) return applyOverride(defaults, {});
  const policies = overrides.map((o) => applyOverride(defaults, o));
  const first = policies[0] ?? applyOverride(defaults, {});
  return policies.slice(1).reduce<AlertPolicy>(
    (acc, p) => ({
      rules: {
        deviceUnreachable: acc.rules.deviceUnreachable || p.rules.deviceUnreachable,
        deviceError: acc.rules.deviceError || p.rules.deviceError,
        supplyLow: acc.rules.supplyLow || p.rules.supplyLow,
        edgeOffline: acc.rules.edgeOffline || p.rules.edgeOffline,
      },
      errorConditions: ERROR_CONDITIONS.filter((c) => acc.errorConditions.includes(c) || p.errorConditions.includes(c)),
      supplyThresholds: Object.fromEntries(
        SUPPLY_CATEGORIES.map((c) => {
          const a = acc.supplyThresholds[c];
          const b = p.supplyThresholds[c];
          return [c, sensitivity(a) >= sensitivity(b) ? a : b];
        }),
      ) as Record<SupplyCategory, SupplyThreshold>,
      unreachable: {
        failedPolls: Math.min(acc.unreachable.failedPolls, p.unreachable.failedPolls),
        minDurationMs: Math.min(acc.unreachable.minDurationMs, p.unreachable.minDurationMs),
      },
      edgeOffline: { afterMs: Math.min(acc.edgeOffline.afterMs, p.edgeOffline.afterMs) },
      holdDownMs: Math.max(acc.holdDownMs, p.holdDownMs),
      maxNotificationsPerHour: Math.max(acc.maxNotificationsPerHour, p.maxNotificationsPerHour),
    }),
    { ...first, errorConditions: ERROR_CONDITIONS.filter((c) => first.errorConditions.includes(c)) },
  );
}
