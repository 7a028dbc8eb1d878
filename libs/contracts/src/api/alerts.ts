/** Alerts, mail settings and per-group alert policy / recipients (REST contracts). */

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStateName = (typeof ALERT_STATES)[number];
export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverityName = (typeof ALERT_SEVERITIES)[number];
export type AlertRuleName = 'deviceUnreachable' | 'deviceError' | 'supplyLow' | 'edgeOffline';

/**
 * Error conditions the deviceError rule knows (from hrPrinterDetectedErrorState bits and prtAlertTable rows, merged).
 * A group's alert policy picks among them.
 */
export const ALERT_ERROR_CONDITIONS = [
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
  'overduePreventMaint',
  'lowPaper',
  'inputTrayEmpty',
  'outputNearFull',
] as const;
export type AlertErrorConditionName = (typeof ALERT_ERROR_CONDITIONS)[number];

export interface AlertResponse {
  id: string;
  /** Condition key, e.g. `device:<id>/deviceError/jammed`. */
  key: string;
  targetKind: 'device' | 'edge';
  /** Device id (targetKind device) or edge id. */
  targetId: string;
  deviceName: string | null;
  rule: AlertRuleName;
  subject: string;
  severity: AlertSeverityName;
  state: AlertStateName;
  summary: string;
  detail: string | null;
  openedAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  /** User who resolved it by hand; null when it resolved on its own. */
  resolvedBy: string | null;
  resolution: 'auto' | 'manual' | null;
  reopenCount: number;
  lastNotifiedAt: string | null;
  mailCount: number;
  /** A notification that could not be sent yet (retried at the next transition or by the retry job). */
  mailPending: boolean;
  lastMailError: string | null;
}

export interface AlertListQuery {
  page?: number;
  pageSize?: number;
  state?: AlertStateName;
  severity?: AlertSeverityName;
  deviceId?: string;
  groupId?: string;
}

export type MailSecurityName = 'none' | 'starttls' | 'tls';

/** Mail server settings as shown: the password is never returned. */
export interface MailSettingsResponse {
  configured: boolean;
  host: string | null;
  port: number | null;
  security: MailSecurityName;
  user: string | null;
  hasPassword: boolean;
  from: string | null;
  rejectUnauthorized: boolean;
  /** Extra trusted CA certificates (PEM), or null. */
  ca: string | null;
}

/**
 * New mail server settings. `password`: absent keeps the stored one, `''` or null removes it, a string replaces it.
 */
export interface PutMailSettingsRequest {
  host: string;
  port: number;
  security: MailSecurityName;
  user?: string | null;
  password?: string | null;
  from: string;
  rejectUnauthorized: boolean;
  ca?: string | null;
}

export interface SendTestMailRequest {
  to: string;
}

export interface SendTestMailResponse {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

export type SupplyThresholdValue = number | 'empty' | 'off';

/** A device group's override of the default alert policy (absent fields use the defaults). */
export interface AlertPolicyOverrideBody {
  rules?: Partial<Record<AlertRuleName, boolean>>;
  errorConditions?: string[];
  supplyThresholds?: Partial<Record<'toner' | 'drum' | 'wasteReceptacle' | 'staples' | 'other', SupplyThresholdValue>>;
  unreachable?: { failedPolls?: number; minDurationMs?: number };
  edgeOffline?: { afterMs?: number };
  holdDownMs?: number;
  maxNotificationsPerHour?: number;
}

export interface GroupAlertPolicyResponse {
  deviceGroupId: string;
  /** The group's override ({} when it uses the defaults). */
  override: AlertPolicyOverrideBody;
  /** The defaults with this group's override applied. */
  effective: AlertPolicyOverrideBody;
}

export interface GroupAlertRecipientsResponse {
  deviceGroupId: string;
  emails: string[];
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
}

/** `webhookSecret`: absent keeps the stored one; a webhook needs a secret. */
export interface PutGroupAlertRecipientsRequest {
  emails: string[];
  webhookUrl?: string | null;
  webhookSecret?: string | null;
}
