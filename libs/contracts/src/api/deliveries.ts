import type { SettingApplyOutcome, SettingCapability, SnmpCredentials } from '../edge';
import type { SettingKey } from '../settings/catalogue';

/**
 * Deliveries (issue 5, Device Management RW): a template version sent to devices and groups, now, once at a time
 * or recurring, with per-device records of what was sent (keys, never values) and the outcome.
 */
export type DeliverySchedule =
  /** Once at `at` (ISO date-time). */
  | { at: string }
  /** Recurring: first run at `start`, then every `everySeconds` (a run missed during downtime runs once). */
  | { start: string; everySeconds: number };

export interface DeliveryRetryPolicy {
  /** Attempts per device in total, including the first (1 = no automatic retry). */
  maxAttempts: number;
  /** Wait before an automatic retry (s). */
  backoffSeconds: number;
}

export interface CreateDeliveryRequest {
  templateId: string;
  /** Template version (default: the current one). */
  version?: number;
  deviceIds?: string[];
  groupIds?: string[];
  /** Absent: now. */
  schedule?: DeliverySchedule;
  retry?: DeliveryRetryPolicy;
  /**
   * Deliver even to devices whose SNMP access the template takes away from Fleetward (turning off the SNMP version
   * the server polls with, or removing its SNMPv3 user). Without it such a delivery is refused with 409
   * `DELIVERY_CUTS_OFF_ACCESS`, naming the devices, and a device found so at a later run is not sent.
   */
  acceptAccessLoss?: boolean;
}

export type DeliveryStatus = 'scheduled' | 'running' | 'completed' | 'cancelled';

export type DeliveryDeviceStatus =
  'pending' | 'sending' | 'applied' | 'partiallyApplied' | 'failed' | 'unsupported' | 'unreachable' | 'cancelled';

export const DELIVERY_DEVICE_STATUSES: readonly DeliveryDeviceStatus[] = [
  'pending',
  'sending',
  'applied',
  'partiallyApplied',
  'failed',
  'unsupported',
  'unreachable',
  'cancelled',
];

export interface DeliveryResponse {
  id: string;
  templateId: string;
  templateName: string;
  templateVersion: number;
  status: DeliveryStatus;
  schedule: DeliverySchedule | null;
  retry: DeliveryRetryPolicy;
  acceptAccessLoss: boolean;
  deviceIds: string[];
  groupIds: string[];
  /** Runs started so far (recurring deliveries start one per period). */
  runs: number;
  nextRunAt: string | null;
  /** Device records of the latest run by status. */
  counts: Record<DeliveryDeviceStatus, number>;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
}

export interface DeliveryDeviceResponse {
  deviceId: string;
  deviceName: string | null;
  run: number;
  status: DeliveryDeviceStatus;
  attempts: number;
  /** Keys sent (the template version's keys); values are never recorded here. */
  sentKeys: SettingKey[];
  /** The device's answer per key (reason of a rejected value in `message`). */
  outcomes: SettingApplyOutcome[];
  errorCode: string | null;
  errorMessage: string | null;
  nextAttemptAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface DeliveryDetailResponse extends DeliveryResponse {
  devices: { items: DeliveryDeviceResponse[]; total: number; page: number; pageSize: number };
}

export interface DeliveryDevicesQuery {
  page?: number;
  pageSize?: number;
  status?: DeliveryDeviceStatus;
}

/** `GET /devices/:id/settings/capabilities`: what the device's driver can read and write. */
export interface DeviceSettingsCapabilitiesResponse {
  deviceId: string;
  driver: { id: string; family: string };
  settings: SettingCapability[];
}

/**
 * `PUT /devices/:id/settings-access`: what the settings transports need, stored encrypted, never returned in
 * clear. `null` clears a part; an absent part stays as it is.
 */
export interface DeviceSettingsAccessRequest {
  xmlApi?: { port?: number; tls?: boolean; caPem?: string } | null;
  smb?: { share: string; path?: string; domain?: string; user: string; password: string; port?: number } | null;
  snmpWrite?: SnmpCredentials | null;
}

export interface DeviceSettingsAccessResponse {
  deviceId: string;
  hasAdminPassword: boolean;
  xmlApi: { port: number | null; tls: boolean; hasCaPem: boolean } | null;
  smb: { share: string; path: string | null; domain: string | null; user: string; hasPassword: boolean } | null;
  snmpWrite: { version: '1' | '2c' | '3' } | null;
}

/**
 * Drift check (issue 5): a template assigned to devices and groups is compared, on a schedule, with what the
 * devices report; secrets are never compared (never readable). `autoEnforce` delivers the template to the
 * devices found drifted (a normal delivery, with its records).
 */
export interface CreateTemplateAssignmentRequest {
  templateId: string;
  deviceIds?: string[];
  groupIds?: string[];
  /** Check period (s, at least 300). */
  everySeconds: number;
  /** First check (default: now). */
  start?: string;
  autoEnforce?: boolean;
}

export interface TemplateAssignmentResponse {
  id: string;
  templateId: string;
  templateName: string;
  deviceIds: string[];
  groupIds: string[];
  everySeconds: number;
  autoEnforce: boolean;
  nextCheckAt: string;
  lastCheckedAt: string | null;
  /** The delivery the last auto-enforce created, if any. */
  lastDeliveryId: string | null;
  /** Devices of the last check by status (they add up to the devices checked). */
  counts: Record<DriftStatus, number>;
  /** Settings of the template that do not apply to the device they were checked on, summed over the devices. */
  notApplicableKeys: number;
  createdAt: string;
  createdBy: string;
}

/**
 * `inSync`: every setting of the template that applies to the device holds the template's value (settings the
 * device does not support are listed in `notApplicable`, never drift); `drifted`: at least one differs;
 * `unreadable`: none differs, but one could not be read (the device or its edge was asked and failed);
 * `notApplicable`: no setting of the template applies to this device (its driver or the device itself says it
 * does not support any of them).
 */
export type DriftStatus = 'inSync' | 'drifted' | 'unreadable' | 'notApplicable';

export const DRIFT_STATUSES: readonly DriftStatus[] = ['inSync', 'drifted', 'unreadable', 'notApplicable'];

export interface DriftDifference {
  key: SettingKey;
  expected: unknown;
  /** null when the device gave no value for the key. */
  actual: unknown;
}

export interface DriftResultResponse {
  deviceId: string;
  deviceName: string | null;
  status: DriftStatus;
  /** Keys whose value differs from the template (template version `templateVersion`). */
  differences: DriftDifference[];
  /** Keys the device could not give although it should (a failed read), with why. */
  unreadable: { key: SettingKey; reason: string }[];
  /**
   * Keys that do not apply to this device: its driver does not support them, or the device reports that it has no
   * such setting (the same answer a delivery records as `unsupported`). Never drift, never unreadable.
   */
  notApplicable: { key: SettingKey; reason: string }[];
  templateVersion: number;
  checkedAt: string;
}
