import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, In, Repository, type SelectQueryBuilder } from 'typeorm';
import { newId } from '../../../infra/database/column-types';
import { isUniqueViolation } from '../../../infra/database/unique-violation';
import type { DeviceGroupScope } from '../../device-groups/device-group-scope';
import type { EdgeScope } from '../../edges/edge-scope';
import type {
  AlertRecord,
  AlertRuleId,
  AlertSeverity,
  AlertState,
  AlertTarget,
  DeviceWatchState,
} from '../alerting/alerting.types';
import { AlertEntity, AlertNotificationEntity, DeviceAlertWatchEntity } from './alert.entities';

/** Mail bookkeeping kept beside an AlertRecord. */
export interface AlertMailState {
  mailCount: number;
  mailPending: boolean;
  mailPendingKind: 'opened' | 'escalated' | null;
  lastMailAttemptAt: string | null;
  lastMailError: string | null;
}

export type StoredAlert = AlertRecord & AlertMailState;

export interface AlertFilter {
  state?: AlertState;
  severity?: AlertSeverity;
  deviceId?: string;
  groupId?: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const date = (s: string | null): Date | null => (s ? new Date(s) : null);

/** Ids per IN list (far below every driver's limit of bound parameters). */
function chunked<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function toStoredAlert(e: AlertEntity): StoredAlert {
  return {
    id: e.id,
    key: e.conditionKey,
    target: { kind: e.targetKind, id: e.targetId },
    rule: e.rule as AlertRuleId,
    subject: e.subject,
    severity: e.severity as AlertSeverity,
    summary: e.summary,
    detail: e.detail,
    state: e.state as AlertState,
    openedAt: e.openedAt.toISOString(),
    lastSeenAt: e.lastSeenAt.toISOString(),
    acknowledgedAt: iso(e.acknowledgedAt),
    acknowledgedBy: e.acknowledgedBy,
    resolvedAt: iso(e.resolvedAt),
    resolvedBy: e.resolvedBy,
    resolution: e.resolution,
    reopenCount: e.reopenCount,
    lastNotifiedAt: iso(e.lastNotifiedAt),
    mailCount: e.mailCount,
    mailPending: Boolean(e.mailPending),
    mailPendingKind: e.mailPendingKind,
    lastMailAttemptAt: iso(e.lastMailAttemptAt),
    lastMailError: e.lastMailError,
  };
}

function toEntity(a: StoredAlert): AlertEntity {
  const e = new AlertEntity();
  e.id = a.id;
  e.conditionKey = a.key;
  e.openKey = a.state === 'resolved' ? null : a.key;
  e.targetKind = a.target.kind;
  e.targetId = a.target.id;
  e.rule = a.rule;
  e.subject = a.subject.slice(0, 200);
  e.severity = a.severity;
  e.summary = a.summary.slice(0, 500);
  e.detail = a.detail;
  e.state = a.state;
  e.openedAt = new Date(a.openedAt);
  e.lastSeenAt = new Date(a.lastSeenAt);
  e.acknowledgedAt = date(a.acknowledgedAt);
  e.acknowledgedBy = a.acknowledgedBy;
  e.resolvedAt = date(a.resolvedAt);
  e.resolvedBy = a.resolvedBy;
  e.resolution = a.resolution;
  e.reopenCount = a.reopenCount;
  e.lastNotifiedAt = date(a.lastNotifiedAt);
  e.mailCount = a.mailCount;
  e.mailPending = a.mailPending;
  e.mailPendingKind = a.mailPendingKind;
  e.lastMailAttemptAt = date(a.lastMailAttemptAt);
  e.lastMailError = a.lastMailError ? a.lastMailError.slice(0, 1000) : null;
  return e;
}

export const NO_MAIL_STATE: AlertMailState = {
  mailCount: 0,
  mailPending: false,
  mailPendingKind: null,
  lastMailAttemptAt: null,
  lastMailError: null,
};

/** The only code that touches `alerts`, `alert_notifications` and `device_alert_watch`. */
@Injectable()
export class AlertRepository {
  constructor(
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
    @InjectRepository(AlertNotificationEntity) private readonly notifications: Repository<AlertNotificationEntity>,
    @InjectRepository(DeviceAlertWatchEntity) private readonly watches: Repository<DeviceAlertWatchEntity>,
  ) {}

  /** The target's open/acknowledged alerts and those resolved at or after `resolvedSince`. */
  async activeAndRecent(target: AlertTarget, resolvedSince: Date): Promise<StoredAlert[]> {
    const rows = await this.alerts
      .createQueryBuilder('a')
      .where('a.target_kind = :kind AND a.target_id = :id', { kind: target.kind, id: target.id })
      .andWhere(
        new Brackets((w) => {
          w.where('a.open_key IS NOT NULL').orWhere('a.resolved_at >= :since', { since: resolvedSince.toISOString() });
        }),
      )
      .orderBy('a.opened_at', 'ASC')
      .getMany();
    return rows.map(toStoredAlert);
  }

  async findById(id: string): Promise<StoredAlert | null> {
    const row = await this.alerts.findOne({ where: { id } });
    return row ? toStoredAlert(row) : null;
  }

  /** Alerts with a notification owed. */
  async pendingMail(limit: number): Promise<StoredAlert[]> {
    const rows = await this.alerts.find({ where: { mailPending: true }, order: { openedAt: 'ASC' }, take: limit });
    return rows.map(toStoredAlert);
  }

  /**
   * Saves new and changed alerts. A new alert whose condition already has an open one (another poll won a race)
   * is not saved: its id is returned in `skipped`.
   */
  async save(alerts: readonly StoredAlert[]): Promise<{ skipped: string[] }> {
    const skipped: string[] = [];
    for (const alert of alerts) {
      const entity = toEntity(alert);
      const exists = await this.alerts.exists({ where: { id: alert.id } });
      if (exists) {
        const { id, ...columns } = entity;
        await this.alerts.update({ id }, columns);
        continue;
      }
      try {
        await this.alerts.insert(entity);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        skipped.push(alert.id);
      }
    }
    return { skipped };
  }

  async recordNotification(alert: AlertRecord, channel: 'mail' | 'webhook', at: Date): Promise<void> {
    await this.notifications.insert({
      id: newId(),
      alertId: alert.id,
      targetKind: alert.target.kind,
      targetId: alert.target.id,
      channel,
      sentAt: at,
    });
  }

  /** Times notifications went out for the target since `since` (one per alert and time, whatever the channels). */
  async notificationTimes(target: AlertTarget, since: Date): Promise<string[]> {
    const rows = await this.notifications
      .createQueryBuilder('n')
      .select('n.alert_id', 'alertId')
      .addSelect('n.sent_at', 'sentAt')
      .where('n.target_kind = :kind AND n.target_id = :id AND n.sent_at >= :since', {
        kind: target.kind,
        id: target.id,
        since: since.toISOString(),
      })
      .distinct(true)
      .getRawMany<{ alertId: string; sentAt: string }>();
    return rows.map((r) => r.sentAt);
  }

  async watch(deviceId: string): Promise<DeviceWatchState | null> {
    const row = await this.watches.findOne({ where: { deviceId } });
    if (!row) return null;
    return {
      consecutiveFailures: row.consecutiveFailures,
      firstFailureAt: iso(row.firstFailureAt),
      lastSuccessAt: iso(row.lastSuccessAt),
    };
  }

  async saveWatch(deviceId: string, watch: DeviceWatchState): Promise<void> {
    await this.watches.save({
      deviceId,
      consecutiveFailures: watch.consecutiveFailures,
      firstFailureAt: date(watch.firstFailureAt),
      lastSuccessAt: date(watch.lastSuccessAt),
    });
  }

  /**
   * Batch form of `activeAndRecent` for devices, inside the caller's transaction: per device its open/acknowledged
   * alerts and those resolved at or after its own `resolvedSince`, each list ordered by `opened_at`.
   */
  async activeAndRecentOfDevices(
    em: EntityManager,
    resolvedSince: ReadonlyMap<string, Date>,
  ): Promise<Map<string, StoredAlert[]>> {
    const out = new Map<string, StoredAlert[]>([...resolvedSince.keys()].map((id) => [id, []]));
    const ids = [...resolvedSince.keys()];
    if (ids.length === 0) return out;
    const earliest = new Date(Math.min(...[...resolvedSince.values()].map((d) => d.getTime())));
    for (const part of chunked(ids)) {
      const rows = await em
        .getRepository(AlertEntity)
        .createQueryBuilder('a')
        .where("a.target_kind = 'device' AND a.target_id IN (:...ids)", { ids: part })
        .andWhere(
          new Brackets((w) => {
            w.where('a.open_key IS NOT NULL').orWhere('a.resolved_at >= :since', { since: earliest.toISOString() });
          }),
        )
        .orderBy('a.opened_at', 'ASC')
        .getMany();
      for (const row of rows) {
        const since = resolvedSince.get(row.targetId)!;
        if (row.openKey !== null || (row.resolvedAt !== null && row.resolvedAt >= since)) {
          out.get(row.targetId)!.push(toStoredAlert(row));
        }
      }
    }
    return out;
  }

  /** Batch form of `notificationTimes` for devices, inside the caller's transaction. */
  async notificationTimesOfDevices(
    em: EntityManager,
    deviceIds: readonly string[],
    since: Date,
  ): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(deviceIds.map((id) => [id, []]));
    for (const part of chunked(deviceIds)) {
      const rows = await em
        .getRepository(AlertNotificationEntity)
        .createQueryBuilder('n')
        .select('n.target_id', 'targetId')
        .addSelect('n.alert_id', 'alertId')
        .addSelect('n.sent_at', 'sentAt')
        .where("n.target_kind = 'device' AND n.target_id IN (:...ids) AND n.sent_at >= :since", {
          ids: part,
          since: since.toISOString(),
        })
        .distinct(true)
        .getRawMany<{ targetId: string; alertId: string; sentAt: string }>();
      for (const r of rows) out.get(r.targetId)?.push(r.sentAt);
    }
    return out;
  }

  /** Batch form of `watch`, inside the caller's transaction (devices without a stored state are absent). */
  async watchesOf(em: EntityManager, deviceIds: readonly string[]): Promise<Map<string, DeviceWatchState>> {
    const out = new Map<string, DeviceWatchState>();
    for (const part of chunked(deviceIds)) {
      for (const row of await em.getRepository(DeviceAlertWatchEntity).findBy({ deviceId: In(part) })) {
        out.set(row.deviceId, {
          consecutiveFailures: row.consecutiveFailures,
          firstFailureAt: iso(row.firstFailureAt),
          lastSuccessAt: iso(row.lastSuccessAt),
        });
      }
    }
    return out;
  }

  /**
   * Batch form of `saveWatch`, inside the caller's transaction: `stored` is what `watchesOf` read. Like `save`, an
   * unchanged state writes nothing; changed ones are updated, new ones inserted with one multi-row INSERT.
   */
  async saveWatches(
    em: EntityManager,
    watches: ReadonlyMap<string, DeviceWatchState>,
    stored: ReadonlyMap<string, DeviceWatchState>,
  ): Promise<void> {
    const repo = em.getRepository(DeviceAlertWatchEntity);
    const inserts: DeviceAlertWatchEntity[] = [];
    for (const [deviceId, watch] of watches) {
      const row = {
        deviceId,
        consecutiveFailures: watch.consecutiveFailures,
        firstFailureAt: date(watch.firstFailureAt),
        lastSuccessAt: date(watch.lastSuccessAt),
      };
      const before = stored.get(deviceId);
      if (!before) inserts.push(row);
      else if (
        before.consecutiveFailures !== watch.consecutiveFailures ||
        before.firstFailureAt !== watch.firstFailureAt ||
        before.lastSuccessAt !== watch.lastSuccessAt
      ) {
        const { deviceId: id, ...columns } = row;
        await repo.update({ deviceId: id }, columns);
      }
    }
    for (const part of chunked(inserts, 400)) await repo.insert(part);
  }

  /**
   * `save` inside the caller's transaction, for alerts read in that transaction (`existing`: their ids). A new alert
   * whose condition already has an open one fails the transaction (the caller then records its polls one at a time,
   * where `save` skips it).
   */
  async saveInTransaction(
    em: EntityManager,
    alerts: readonly StoredAlert[],
    existing: ReadonlySet<string>,
  ): Promise<void> {
    const repo = em.getRepository(AlertEntity);
    for (const alert of alerts) {
      const entity = toEntity(alert);
      if (existing.has(alert.id)) {
        const { id, ...columns } = entity;
        await repo.update({ id }, columns);
      } else {
        await repo.insert(entity);
      }
    }
  }

  /** One page of the alerts the caller reaches (devices in his groups, edges in his edges), newest first. */
  async pageInScope(
    scope: DeviceGroupScope & EdgeScope,
    filter: AlertFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: StoredAlert[]; total: number }> {
    const qb = this.scoped(scope);
    if (filter.state) qb.andWhere('a.state = :state', { state: filter.state });
    if (filter.severity) qb.andWhere('a.severity = :severity', { severity: filter.severity });
    if (filter.deviceId) {
      qb.andWhere("a.target_kind = 'device' AND a.target_id = :deviceId", { deviceId: filter.deviceId });
    }
    if (filter.groupId) {
      qb.andWhere(
        "a.target_kind = 'device' AND a.target_id IN " +
          '(SELECT fm.device_id FROM device_group_members fm WHERE fm.device_group_id = :groupId)',
        { groupId: filter.groupId },
      );
    }
    const [rows, total] = await qb
      .orderBy('a.opened_at', 'DESC')
      .addOrderBy('a.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toStoredAlert), total };
  }

  async findInScope(scope: DeviceGroupScope & EdgeScope, id: string): Promise<StoredAlert | null> {
    const row = await this.scoped(scope).andWhere('a.id = :id', { id }).getOne();
    return row ? toStoredAlert(row) : null;
  }

  /** Device names by id (for the list). */
  async deviceNames(ids: readonly string[], em?: EntityManager): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const manager = em ?? this.alerts.manager;
    const rows = await manager
      .createQueryBuilder()
      .select('d.id', 'id')
      .addSelect('d.name', 'name')
      .from('devices', 'd')
      .where('d.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getRawMany<{ id: string; name: string }>();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private scoped(scope: DeviceGroupScope & EdgeScope): SelectQueryBuilder<AlertEntity> {
    const qb = this.alerts.createQueryBuilder('a');
    const groups = [...scope.deviceGroupIds];
    const edges = [...scope.edgeIds];
    qb.where(
      new Brackets((w) => {
        if (scope.allDeviceGroups) w.where("a.target_kind = 'device'");
        else if (groups.length > 0) {
          w.where(
            "a.target_kind = 'device' AND a.target_id IN " +
              '(SELECT sm.device_id FROM device_group_members sm WHERE sm.device_group_id IN (:...scopeGroups))',
            { scopeGroups: groups },
          );
        } else w.where('1 = 0');
        if (scope.allEdges) w.orWhere("a.target_kind = 'edge'");
        else if (edges.length > 0) {
          w.orWhere("a.target_kind = 'edge' AND a.target_id IN (:...scopeEdges)", { scopeEdges: edges });
        }
      }),
    );
    return qb;
  }
}
