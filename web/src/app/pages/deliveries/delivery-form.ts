import type {
  CreateDeliveryRequest,
  CreateTemplateAssignmentRequest,
  DeliveryDeviceResponse,
  DeliveryDeviceStatus,
  DeliveryResponse,
  DeliveryStatus,
  SettingApplyOutcome,
  SettingKey,
} from '@fleetward/contracts';
import { type TranslationKey } from '../../core/i18n/en';

export type DeliveryWhen = 'now' | 'at' | 'recurring';

export interface DeliveryFormValue {
  templateId: string;
  groupIds: string[];
  /** Device ids, separated by commas, spaces or lines. */
  deviceIds: string;
  when: DeliveryWhen;
  /** `datetime-local` value (local time), for `at` and `recurring`. */
  at: string;
  everyHours: number;
  maxAttempts: number;
  backoffMinutes: number;
}

/** The create request for the form; `at` is turned into an ISO date-time from the browser's local time. */
export function deliveryRequest(form: DeliveryFormValue): CreateDeliveryRequest {
  const deviceIds = form.deviceIds
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const request: CreateDeliveryRequest = { templateId: form.templateId };
  if (form.groupIds.length > 0) request.groupIds = [...form.groupIds];
  if (deviceIds.length > 0) request.deviceIds = deviceIds;
  if (form.when === 'at') request.schedule = { at: new Date(form.at).toISOString() };
  if (form.when === 'recurring') {
    request.schedule = { start: new Date(form.at).toISOString(), everySeconds: Math.round(form.everyHours * 3600) };
  }
  if (form.maxAttempts > 1) {
    request.retry = { maxAttempts: form.maxAttempts, backoffSeconds: Math.round(form.backoffMinutes * 60) };
  }
  return request;
}

/** The progress table refreshes while the delivery can still change. */
export function stillRunning(status: DeliveryStatus): boolean {
  return status === 'running' || status === 'scheduled';
}

/** The drift-check assignment form: a template checked against groups every N hours, optionally enforced. */
export interface AssignmentFormValue {
  templateId: string;
  groupIds: string[];
  everyHours: number;
  /** `datetime-local` value of the first check (local time); empty: now. */
  start: string;
  autoEnforce: boolean;
}

/** The create request for the assignment form (the server wants the period in seconds, at least 300). */
export function assignmentRequest(form: AssignmentFormValue): CreateTemplateAssignmentRequest {
  const request: CreateTemplateAssignmentRequest = {
    templateId: form.templateId,
    groupIds: [...form.groupIds],
    everySeconds: Math.round(form.everyHours * 3600),
    autoEnforce: form.autoEnforce,
  };
  if (form.start.trim() !== '') request.start = new Date(form.start).toISOString();
  return request;
}

/** Keys of one reason, for a short table cell: "not writable over SNMP on this device: Time zone, NTP". */
export interface ReasonGroup {
  reason: string;
  keys: SettingKey[];
}

/** Groups `{key, reason}` items by reason, in the order the reasons first appear. */
export function groupByReason(items: readonly { key: SettingKey; reason: string }[]): ReasonGroup[] {
  const groups = new Map<string, SettingKey[]>();
  for (const item of items) {
    const keys = groups.get(item.reason);
    if (keys) keys.push(item.key);
    else groups.set(item.reason, [item.key]);
  }
  return [...groups].map(([reason, keys]) => ({ reason, keys }));
}

/** What a device refused or could not take, grouped by the device's reason (applied keys are left out). */
export function outcomeGroups(outcomes: readonly SettingApplyOutcome[]): ReasonGroup[] {
  return groupByReason(
    outcomes.filter((o) => o.status !== 'applied').map((o) => ({ key: o.key, reason: o.message ?? o.status })),
  );
}

/**
 * The reason column of one device: its refused settings grouped by the device's words; when the device gave no
 * words per setting (the transport failed before), the device-level error alone.
 */
export function reasonLines(row: Pick<DeliveryDeviceResponse, 'outcomes' | 'errorMessage'>): ReasonGroup[] {
  const problems = row.outcomes.filter((o) => o.status !== 'applied');
  if (row.errorMessage && !problems.some((o) => o.message)) return [{ reason: row.errorMessage, keys: [] }];
  // Settings the device does not have are not refusals: notApplicableLines lists them.
  return outcomeGroups(problems.filter((o) => o.status !== 'unsupported'));
}

/** Settings the device does not have (outcome `unsupported`): not applicable to it, grouped by the reason given. */
export function notApplicableLines(row: Pick<DeliveryDeviceResponse, 'outcomes'>): ReasonGroup[] {
  return groupByReason(
    row.outcomes.filter((o) => o.status === 'unsupported').map((o) => ({ key: o.key, reason: o.message ?? o.status })),
  );
}

/** The progress of a delivery as its non-zero parts, most important first. */
export function progressParts(counts: Record<DeliveryDeviceStatus, number>): { key: TranslationKey; n: number }[] {
  const parts: { key: TranslationKey; n: number }[] = [
    { key: 'deliveries.progress.applied', n: counts.applied },
    { key: 'deliveries.progress.partiallyApplied', n: counts.partiallyApplied },
    { key: 'deliveries.progress.failed', n: counts.failed + counts.unreachable },
    { key: 'deliveries.progress.unsupported', n: counts.unsupported },
    { key: 'deliveries.progress.pending', n: counts.pending + counts.sending },
    { key: 'deliveries.progress.cancelled', n: counts.cancelled },
  ];
  return parts.filter((p) => p.n > 0);
}

/** Device records a retry would send again (the server's RETRYABLE statuses). */
export function retryable(counts: Record<DeliveryDeviceStatus, number>): number {
  return counts.failed + counts.unreachable + counts.partiallyApplied;
}

/** A delivery created for "now" waits for the runner's next tick: shown as starting, not as scheduled. */
export function startingNow(d: Pick<DeliveryResponse, 'status' | 'schedule' | 'runs'>): boolean {
  return d.status === 'scheduled' && d.schedule === null && d.runs === 0;
}

/** A setting value as the drift check shows it: text as is, other values as JSON, nothing as null. */
export function showValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Sorts by device name (then id), for tables a person scans. */
export function byDeviceName<T extends { deviceId: string; deviceName: string | null }>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      (a.deviceName ?? '').localeCompare(b.deviceName ?? '', undefined, { numeric: true }) ||
      a.deviceId.localeCompare(b.deviceId),
  );
}
