import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../common/clock/clock';
import type { AlertPolicy } from './alert-policy';
import { AlertAlreadyAcknowledgedError, AlertAlreadyResolvedError, AlertTargetMismatchError } from './alerting.errors';
import type {
  AlertCondition,
  AlertRecord,
  AlertRuleId,
  AlertSeverity,
  AlertTarget,
  AlertTransition,
} from './alerting.types';

/** Injection token of the id factory for new alerts (default: random UUIDs). */
export const ALERT_ID_FACTORY = Symbol('ALERT_ID_FACTORY');

const HOUR_MS = 3_600_000;

export interface ApplyEvaluationInput {
  target: AlertTarget;
  /** Conditions that hold now (from evaluateDevicePoll / evaluateEdge). */
  conditions: readonly AlertCondition[];
  /** Rules the evaluation could judge: only their open alerts may resolve on their own. */
  coverage: readonly AlertRuleId[];
  /** Condition keys the evaluation could not judge (their open alerts stay as they are). */
  unjudged?: readonly string[];
  /**
   * This target's alerts that are open or acknowledged, plus the ones resolved within the hold-down window
   * (older resolved alerts may be passed too; they are ignored).
   */
  alerts: readonly AlertRecord[];
  /** When notifications were sent for this target (ISO); those of the last hour count against the cap. */
  notificationTimes: readonly string[];
  policy: Pick<AlertPolicy, 'holdDownMs' | 'maxNotificationsPerHour'>;
}

export interface LifecycleResult {
  /** What changed, in a stable order (by condition key; resolutions after openings). */
  transitions: AlertTransition[];
  /** New and changed records, to be saved (one per alert). */
  changed: AlertRecord[];
}

const rank: Record<AlertSeverity, number> = { warning: 1, critical: 2 };

function sameTarget(a: AlertTarget, b: AlertTarget): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/**
 * The alert lifecycle: open → acknowledged → resolved, with who and when. Pure apart from the injected clock and
 * id factory; a repository loads and saves records, a notifier sends what the transitions mark `notify`.
 *
 * - One alert per condition key while it is open or acknowledged: a condition seen again only refreshes it.
 * - A condition that clears resolves its alert (resolvedBy null, resolution "auto") — only if the evaluation
 *   covered its rule (a failed poll says nothing about a jam).
 * - Flapping: a condition that returns within `holdDownMs` after its alert resolved re-opens that same alert
 *   (`reopened`, no notification; plus `escalated`, notified, when it came back worse); later, a new alert opens.
 * - Escalation: an open alert whose condition gets worse (warning → critical) is `escalated` and notifies again;
 *   an acknowledged one goes back to open. Severity never goes down while the alert stays open.
 * - At most `maxNotificationsPerHour` notifications per target in any rolling hour; the excess transitions still
 *   happen but carry `notify: false, suppressedBy: 'rateLimit'`.
 */
@Injectable()
export class AlertLifecycleService {
  private readonly newId: () => string;

  constructor(
    private readonly clock: Clock,
    @Optional() @Inject(ALERT_ID_FACTORY) newId?: () => string,
  ) {
    this.newId = newId ?? randomUUID;
  }

  apply(input: ApplyEvaluationInput): LifecycleResult {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const { target, policy } = input;
    for (const item of [...input.conditions, ...input.alerts]) {
      if (!sameTarget(item.target, target)) {
        throw new AlertTargetMismatchError(`${item.key} does not belong to ${target.kind} ${target.id}`);
      }
    }

    const active = new Map<string, AlertRecord>();
    const recentlyResolved = new Map<string, AlertRecord>();
    const holdDownStart = now.getTime() - policy.holdDownMs;
    for (const alert of [...input.alerts].sort((a, b) => a.openedAt.localeCompare(b.openedAt))) {
      if (alert.state !== 'resolved') {
        if (!active.has(alert.key)) active.set(alert.key, alert);
      } else if (alert.resolvedAt !== null && Date.parse(alert.resolvedAt) >= holdDownStart) {
        const known = recentlyResolved.get(alert.key);
        if (!known || (known.resolvedAt ?? '') < alert.resolvedAt) recentlyResolved.set(alert.key, alert);
      }
    }

    const hourStart = now.getTime() - HOUR_MS;
    let budget =
      policy.maxNotificationsPerHour -
      input.notificationTimes.filter((t) => {
        const at = Date.parse(t);
        return at > hourStart && at <= now.getTime();
      }).length;
    const takeBudget = (): boolean => {
      if (budget <= 0) return false;
      budget -= 1;
      return true;
    };

    const transitions: AlertTransition[] = [];
    const changed: AlertRecord[] = [];
    const seen = new Set<string>();
    const conditions = [...input.conditions].sort((a, b) => a.key.localeCompare(b.key));

    for (const condition of conditions) {
      if (seen.has(condition.key)) continue;
      seen.add(condition.key);
      const open = active.get(condition.key);
      if (open) {
        const worse = rank[condition.severity] > rank[open.severity];
        const updated: AlertRecord = {
          ...open,
          summary: condition.summary,
          detail: condition.detail,
          lastSeenAt: nowIso,
          severity: worse ? condition.severity : open.severity,
        };
        if (worse) {
          const notify = takeBudget();
          updated.state = 'open';
          updated.acknowledgedAt = null;
          updated.acknowledgedBy = null;
          if (notify) updated.lastNotifiedAt = nowIso;
          transitions.push({
            kind: 'escalated',
            alert: updated,
            from: open.severity,
            notify,
            suppressedBy: notify ? null : 'rateLimit',
          });
        }
        changed.push(updated);
        continue;
      }
      const resolved = recentlyResolved.get(condition.key);
      if (resolved?.resolvedAt) {
        const reopened: AlertRecord = {
          ...resolved,
          state: 'open',
          severity: condition.severity,
          summary: condition.summary,
          detail: condition.detail,
          lastSeenAt: nowIso,
          acknowledgedAt: null,
          acknowledgedBy: null,
          resolvedAt: null,
          resolvedBy: null,
          resolution: null,
          reopenCount: resolved.reopenCount + 1,
        };
        transitions.push({
          kind: 'reopened',
          alert: reopened,
          previousResolvedAt: resolved.resolvedAt,
          notify: false,
          suppressedBy: 'holdDown',
        });
        // Back and worse than before (e.g. toner low → empty): that is news, hold-down or not.
        if (rank[condition.severity] > rank[resolved.severity]) {
          const notify = takeBudget();
          if (notify) reopened.lastNotifiedAt = nowIso;
          transitions.push({
            kind: 'escalated',
            alert: reopened,
            from: resolved.severity,
            notify,
            suppressedBy: notify ? null : 'rateLimit',
          });
        }
        changed.push(reopened);
        continue;
      }
      const notify = takeBudget();
      const opened: AlertRecord = {
        id: this.newId(),
        key: condition.key,
        target: condition.target,
        rule: condition.rule,
        subject: condition.subject,
        severity: condition.severity,
        summary: condition.summary,
        detail: condition.detail,
        state: 'open',
        openedAt: nowIso,
        lastSeenAt: nowIso,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        resolvedBy: null,
        resolution: null,
        reopenCount: 0,
        lastNotifiedAt: notify ? nowIso : null,
      };
      transitions.push({ kind: 'opened', alert: opened, notify, suppressedBy: notify ? null : 'rateLimit' });
      changed.push(opened);
    }

    const covered = new Set(input.coverage);
    const unjudged = new Set(input.unjudged ?? []);
    for (const [key, alert] of [...active].sort(([a], [b]) => a.localeCompare(b))) {
      if (seen.has(key) || !covered.has(alert.rule) || unjudged.has(key)) continue;
      const resolved: AlertRecord = {
        ...alert,
        state: 'resolved',
        resolvedAt: nowIso,
        resolvedBy: null,
        resolution: 'auto',
      };
      transitions.push({ kind: 'resolved', alert: resolved, by: null, notify: false, suppressedBy: null });
      changed.push(resolved);
    }
    return { transitions, changed };
  }

  /** A person takes the alert in hand. Throws when it is already acknowledged or resolved. */
  acknowledge(alert: AlertRecord, by: string): { alert: AlertRecord; transition: AlertTransition } {
    if (alert.state === 'resolved') throw new AlertAlreadyResolvedError(alert.id);
    if (alert.state === 'acknowledged') throw new AlertAlreadyAcknowledgedError(alert.id);
    const updated: AlertRecord = {
      ...alert,
      state: 'acknowledged',
      acknowledgedAt: this.clock.now().toISOString(),
      acknowledgedBy: by,
    };
    return {
      alert: updated,
      transition: { kind: 'acknowledged', alert: updated, by, notify: false, suppressedBy: null },
    };
  }

  /**
   * A person resolves the alert by hand. If the condition still holds, the next evaluation re-opens it (within
   * the hold-down window the same alert, without a mail).
   */
  resolve(alert: AlertRecord, by: string): { alert: AlertRecord; transition: AlertTransition } {
    if (alert.state === 'resolved') throw new AlertAlreadyResolvedError(alert.id);
    const updated: AlertRecord = {
      ...alert,
      state: 'resolved',
      resolvedAt: this.clock.now().toISOString(),
      resolvedBy: by,
      resolution: 'manual',
    };
    return { alert: updated, transition: { kind: 'resolved', alert: updated, by, notify: false, suppressedBy: null } };
  }
}
