import type { DriftDifference, DriftStatus, SettingKey, SettingReadOutcome, SettingValues } from '@fleetward/contracts';

/** JSON with object keys sorted, so equal values compare equal whatever the field order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface KeyReason {
  key: SettingKey;
  reason: string;
}

export interface DriftComparison {
  status: DriftStatus;
  differences: DriftDifference[];
  unreadable: KeyReason[];
  notApplicable: KeyReason[];
}

/**
 * Compares the template's readable values (`expected`, secrets already left out) with what the device gave. A key
 * the edge answers `unsupported` (the device's driver does not declare it, or the device says it has no such
 * setting — what a delivery records as `unsupported` too) does not apply to this device: it is listed in
 * `notApplicable` and is neither drift nor unreadable. A key whose read failed, or that the edge did not answer
 * for, is unreadable (we asked and got no value). Status: drifted when any applicable value differs; else
 * unreadable when an applicable key could not be read; else in sync when at least one key applies and all match;
 * else not applicable (no key of the template applies to this device).
 */
export function compareSettings(expected: SettingValues, read: readonly SettingReadOutcome[]): DriftComparison {
  const byKey = new Map(read.map((r) => [r.key, r]));
  const differences: DriftDifference[] = [];
  const unreadable: KeyReason[] = [];
  const notApplicable: KeyReason[] = [];
  let matched = 0;
  for (const [key, value] of Object.entries(expected) as [SettingKey, unknown][]) {
    const outcome = byKey.get(key);
    if (!outcome) {
      unreadable.push({ key, reason: 'the device did not report this setting' });
    } else if (outcome.status === 'unsupported') {
      notApplicable.push({ key, reason: outcome.message });
    } else if (outcome.status === 'failed') {
      unreadable.push({ key, reason: outcome.message });
    } else if (canonical(outcome.value) !== canonical(value)) {
      differences.push({ key, expected: value, actual: outcome.value });
    } else {
      matched++;
    }
  }
  const status: DriftStatus =
    differences.length > 0
      ? 'drifted'
      : unreadable.length > 0
        ? 'unreadable'
        : matched > 0
          ? 'inSync'
          : notApplicable.length > 0
            ? 'notApplicable'
            : 'unreadable';
  return { status, differences, unreadable, notApplicable };
}
