/**
 * Types of the pure alerting core: what a rule finds (a condition), what is stored (an alert record) and what
 * changed (a transition). A repository persists records; a notifier consumes transitions whose `notify` is true.
 */

/** The rules Fleetward evaluates. */
export const ALERT_RULES = ['deviceUnreachable', 'deviceError', 'supplyLow', 'edgeOffline'] as const;
export type AlertRuleId = (typeof ALERT_RULES)[number];

export type AlertSeverity = 'warning' | 'critical';

/** What an alert is about: one device or one edge. */
export type AlertTarget = { kind: 'device'; id: string } | { kind: 'edge'; id: string };

/**
 * A condition that holds now, as a rule found it. `key` identifies the condition across polls
 * (target + rule + subject): while an alert with the same key is open, no second one opens.
 */
export interface AlertCondition {
  key: string;
  target: AlertTarget;
  rule: AlertRuleId;
  /** What inside the target, e.g. `jammed`, `supply:3`, `unreachable`. */
  subject: string;
  severity: AlertSeverity;
  /** The problem in plain words, e.g. "Black toner low (8 % left)". */
  summary: string;
  /** More detail when the device gave some (e.g. the prtAlertTable description), else null. */
  detail: string | null;
}

export type AlertState = 'open' | 'acknowledged' | 'resolved';

/** One alert as stored. Times are ISO-8601 strings in UTC. */
export interface AlertRecord {
  id: string;
  key: string;
  target: AlertTarget;
  rule: AlertRuleId;
  subject: string;
  severity: AlertSeverity;
  summary: string;
  detail: string | null;
  state: AlertState;
  openedAt: string;
  /** Last time the condition was seen (opened, re-seen by a poll, re-opened). */
  lastSeenAt: string;
  acknowledgedAt: string | null;
  /** User id (or name) of whoever acknowledged it. */
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  /** User id of whoever resolved it by hand; null when it resolved on its own (condition cleared). */
  resolvedBy: string | null;
  resolution: 'auto' | 'manual' | null;
  /** How many times the condition returned within the hold-down window and re-opened this alert. */
  reopenCount: number;
  /** Last time a notification was sent for this alert. */
  lastNotifiedAt: string | null;
}

/** Why a transition sends no notification although its kind normally does. */
export type NotificationSuppression = 'holdDown' | 'rateLimit';

export type AlertTransition =
  | { kind: 'opened'; alert: AlertRecord; notify: boolean; suppressedBy: NotificationSuppression | null }
  | {
      kind: 'reopened';
      alert: AlertRecord;
      /** When it had resolved before it came back. */
      previousResolvedAt: string;
      notify: false;
      suppressedBy: 'holdDown';
    }
  | {
      kind: 'escalated';
      alert: AlertRecord;
      from: AlertSeverity;
      notify: boolean;
      suppressedBy: NotificationSuppression | null;
    }
  | { kind: 'acknowledged'; alert: AlertRecord; by: string; notify: false; suppressedBy: null }
  | { kind: 'resolved'; alert: AlertRecord; by: string | null; notify: false; suppressedBy: null };

export type AlertTransitionKind = AlertTransition['kind'];

/** Per-device memory between polls that the unreachable rule needs (persisted with the device). */
export interface DeviceWatchState {
  /** Failed polls in a row since the last good one. */
  consecutiveFailures: number;
  /** When the first failed poll of the current run happened (ISO); null after a good poll. */
  firstFailureAt: string | null;
  /** When the last good poll happened (ISO); null if never. */
  lastSuccessAt: string | null;
}

export const INITIAL_WATCH_STATE: Readonly<DeviceWatchState> = {
  consecutiveFailures: 0,
  firstFailureAt: null,
  lastSuccessAt: null,
};

/** Builds the stable condition key: `<targetKind>:<targetId>/<rule>/<subject>`. */
export function conditionKey(target: AlertTarget, rule: AlertRuleId, subject: string): string {
  return `${target.kind}:${target.id}/${rule}/${subject}`;
}
