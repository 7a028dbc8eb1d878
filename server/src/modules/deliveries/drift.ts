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

export interface DriftComparison {
  status: DriftStatus;
  differences: DriftDifference[];
  unreadable: { key: SettingKey; reason: string }[];
}

/**
 * Compares the template's readable values (`expected`, secrets already left out) with what the device gave:
 * drifted when any value differs; otherwise unreadable when a key could not be read; otherwise in sync.
 */
export function compareSettings(expected: SettingValues, read: readonly SettingReadOutcome[]): DriftComparison {
  const byKey = new Map(read.map((r) => [r.key, r]));
  const differences: DriftDifference[] = [];
  const unreadable: { key: SettingKey; reason: string }[] = [];
  for (const [key, value] of Object.entries(expected) as [SettingKey, unknown][]) {
    const outcome = byKey.get(key);
    if (!outcome) {
      unreadable.push({ key, reason: 'the device did not report this setting' });
    } else if (outcome.status !== 'ok') {
      unreadable.push({ key, reason: outcome.message });
    } else if (canonical(outcome.value) !== canonical(value)) {
      differences.push({ key, expected: value, actual: outcome.value });
    }
  }
  const status: DriftStatus = differences.length > 0 ? 'drifted' : unreadable.length > 0 ? 'unreadable' : 'inSync';
  return { status, differences, unreadable };
}
