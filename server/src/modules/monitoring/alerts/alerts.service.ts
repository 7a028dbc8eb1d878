import type { AlertListQuery, AlertResponse, Page } from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../../common/errors';
import { DeviceGroupsService } from '../../device-groups/device-groups.service';
import { AlertLifecycleService } from '../alerting/alert-lifecycle.service';
import type { AlertRecord } from '../alerting/alerting.types';
import { AlertTargetLock } from './alert-target-lock';
import { AlertRepository, type StoredAlert } from './alert.repository';

export const DEFAULT_ALERT_PAGE_SIZE = 50;

/** The alert does not exist or is about a device/edge outside the caller's scope (same answer for both). */
export class AlertNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('ALERT_NOT_FOUND', `Alert ${id} does not exist or is outside your device groups.`);
  }
}

/** Alerts as the API shows them: scoped to the caller's devices (and edges); acknowledge and resolve by hand. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly lifecycle: AlertLifecycleService,
    private readonly groups: DeviceGroupsService,
    private readonly lock: AlertTargetLock,
  ) {}

  async list(access: AccessScope, query: AlertListQuery): Promise<Page<AlertResponse>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_ALERT_PAGE_SIZE;
    if (query.groupId !== undefined) await this.groups.assertInScope(access, query.groupId);
    const result = await this.alerts.pageInScope(
      access,
      { state: query.state, severity: query.severity, deviceId: query.deviceId, groupId: query.groupId },
      page,
      pageSize,
    );
    return { items: await this.withNames(result.items), total: result.total, page, pageSize };
  }

  async get(id: string, access: AccessScope): Promise<AlertResponse> {
    const [response] = await this.withNames([await this.load(id, access)]);
    if (!response) throw new AlertNotFoundError(id);
    return response;
  }

  async acknowledge(id: string, access: AccessScope, by: string): Promise<AlertResponse> {
    const found = await this.load(id, access);
    await this.lock.run(`${found.target.kind}:${found.target.id}`, async () => {
      const alert = await this.load(id, access);
      const { alert: updated } = this.lifecycle.acknowledge(recordOf(alert), by);
      await this.alerts.save([{ ...alert, ...updated }]);
    });
    return this.get(id, access);
  }

  async resolve(id: string, access: AccessScope, by: string): Promise<AlertResponse> {
    const found = await this.load(id, access);
    await this.lock.run(`${found.target.kind}:${found.target.id}`, async () => {
      const alert = await this.load(id, access);
      const { alert: updated } = this.lifecycle.resolve(recordOf(alert), by);
      // A resolved alert owes no mail any more.
      await this.alerts.save([{ ...alert, ...updated, mailPending: false, mailPendingKind: null }]);
    });
    return this.get(id, access);
  }

  private async load(id: string, access: AccessScope): Promise<StoredAlert> {
    const alert = await this.alerts.findInScope(access, id);
    if (!alert) throw new AlertNotFoundError(id);
    return alert;
  }

  private async withNames(alerts: StoredAlert[]): Promise<AlertResponse[]> {
    const names = await this.alerts.deviceNames(
      alerts.filter((a) => a.target.kind === 'device').map((a) => a.target.id),
    );
    return alerts.map((a) => ({
      id: a.id,
      key: a.key,
      targetKind: a.target.kind,
      targetId: a.target.id,
      deviceName: a.target.kind === 'device' ? (names.get(a.target.id) ?? null) : null,
      rule: a.rule,
      subject: a.subject,
      severity: a.severity,
      state: a.state,
      summary: a.summary,
      detail: a.detail,
      openedAt: a.openedAt,
      lastSeenAt: a.lastSeenAt,
      acknowledgedAt: a.acknowledgedAt,
      acknowledgedBy: a.acknowledgedBy,
      resolvedAt: a.resolvedAt,
      resolvedBy: a.resolvedBy,
      resolution: a.resolution,
      reopenCount: a.reopenCount,
      lastNotifiedAt: a.lastNotifiedAt,
      mailCount: a.mailCount,
      mailPending: a.mailPending,
      lastMailError: a.lastMailError,
    }));
  }
}

function recordOf(alert: StoredAlert): AlertRecord {
  return {
    id: alert.id,
    key: alert.key,
    target: alert.target,
    rule: alert.rule,
    subject: alert.subject,
    severity: alert.severity,
    summary: alert.summary,
    detail: alert.detail,
    state: alert.state,
    openedAt: alert.openedAt,
    lastSeenAt: alert.lastSeenAt,
    acknowledgedAt: alert.acknowledgedAt,
    acknowledgedBy: alert.acknowledgedBy,
    resolvedAt: alert.resolvedAt,
    resolvedBy: alert.resolvedBy,
    resolution: alert.resolution,
    reopenCount: alert.reopenCount,
    lastNotifiedAt: alert.lastNotifiedAt,
  };
}
