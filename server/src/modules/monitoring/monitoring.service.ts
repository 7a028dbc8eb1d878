import type { PollResult } from '@fleetward/contracts';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import type { AlertMailDevice } from '../../infra/mail';
import { type IngestedPoll, type PollBatchSession, PollIngestHooks } from '../devices/poll-ingest-hooks';
import { type AlertPolicyOverride, resolveAlertPolicy } from './alerting/alert-policy';
import { AlertingService } from './alerting/alerting.service';
import {
  type AlertRecord,
  type AlertTarget,
  type DeviceWatchState,
  INITIAL_WATCH_STATE,
} from './alerting/alerting.types';
import { AlertTargetLock } from './alerts/alert-target-lock';
import { AlertRepository, NO_MAIL_STATE, type StoredAlert } from './alerts/alert.repository';
import { AlertNotifier } from './notifications/alert-notifier.service';
import { GroupAlertSettingsService } from './notifications/group-alert-settings.service';

const HOUR_MS = 3_600_000;
/** How often the scheduler retries owed notifications (besides each device's next poll). */
export const MAIL_RETRY_EVERY_MS = 5 * 60_000;

/** What afterPoll did (for logs and tests). */
export interface AfterPollResult {
  /** `malformed`: the result was not a poll document, so no rule could judge it (ingest recorded it as such). */
  evaluated: boolean;
  transitions: { kind: string; alertId: string; key: string }[];
  /** Alerts whose notification went out in this call. */
  notified: string[];
}

interface DeviceRow {
  id: string;
  name: string;
  address: string;
  model: string | null;
  serial_number: string | null;
  location: string | null;
  sys_location: string | null;
}

/** A poll document as far as the rules read it; anything else is malformed and judged by no rule. */
export function asPollResult(value: unknown): PollResult | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.polledAt !== 'string' || Number.isNaN(Date.parse(v.polledAt))) return null;
  if (v.ok === false) {
    const error = v.error as Record<string, unknown> | null | undefined;
    return typeof error === 'object' && error !== null && typeof error.code === 'string' ? (value as PollResult) : null;
  }
  if (v.ok !== true) return null;
  const status = v.status as Record<string, unknown> | null | undefined;
  const ok =
    typeof status === 'object' &&
    status !== null &&
    Array.isArray(status.errors) &&
    Array.isArray(v.supplies) &&
    Array.isArray(v.alerts) &&
    Array.isArray(v.unreadable);
  return ok ? (value as PollResult) : null;
}

/**
 * Alerts from polls: after each recorded poll (`PollIngestHooks`, called by DeviceInventoryService.ingestPoll),
 * resolves the device's policy from its groups, evaluates the rules, persists the lifecycle's changes and watch
 * state, and notifies the recipients of the device's groups. Notification failures stay on the alert
 * (`mailPending`, `lastMailError`) and are retried at the device's next poll or by `retryPendingNotifications`.
 */
@Injectable()
export class MonitoringService implements OnModuleInit {
  private readonly logger = new Logger(MonitoringService.name);
  private lastMailRetryAt: number | null = null;

  constructor(
    private readonly alerting: AlertingService,
    private readonly alerts: AlertRepository,
    private readonly groupSettings: GroupAlertSettingsService,
    private readonly notifier: AlertNotifier,
    private readonly hooks: PollIngestHooks,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly lock: AlertTargetLock,
  ) {}

  onModuleInit(): void {
    this.hooks.register(
      'alerting',
      async (deviceId, result) => {
        await this.afterPoll(deviceId, result);
      },
      (polls) => this.openBatch(polls),
    );
  }

  /**
   * The batched form of `afterPoll` for a chunk of `DeviceInventoryService.ingestPolls` (each device once): holds the
   * devices' locks from before the chunk's transaction until its notifications went out; inside the transaction
   * evaluates every poll as `afterPoll` does (reading through the transaction, so the devices' new rows) and writes
   * the watch states and alerts; after the commit sends what is owed, device after device.
   */
  async openBatch(polls: readonly IngestedPoll[]): Promise<PollBatchSession> {
    const release = await this.lock.holdAll(polls.map((p) => `device:${p.deviceId}`));
    let owed: { deviceId: string; device: AlertMailDevice; groupIds: string[]; alerts: StoredAlert[] }[] = [];
    return {
      write: async (em) => {
        owed = await this.evaluateBatch(em, polls);
      },
      afterCommit: async () => {
        for (const { deviceId, device, groupIds, alerts } of owed) {
          try {
            for (const alert of alerts) await this.send(alert, device, groupIds);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            this.logger.error(`Notifying after the poll of device ${deviceId} failed: ${message}`);
          }
        }
      },
      close: release,
    };
  }

  /** `evaluate` for several devices in the caller's transaction; returns the notifications owed, per device. */
  private async evaluateBatch(
    em: EntityManager,
    polls: readonly IngestedPoll[],
  ): Promise<{ deviceId: string; device: AlertMailDevice; groupIds: string[]; alerts: StoredAlert[] }[]> {
    const judged: { deviceId: string; poll: PollResult }[] = [];
    for (const { deviceId, result } of polls) {
      const poll = asPollResult(result);
      if (poll) judged.push({ deviceId, poll });
      else this.logger.warn(`Device ${deviceId}: malformed poll result, no alert rule evaluated`);
    }
    if (judged.length === 0) return [];
    const devices = await this.devicesOf(
      em,
      judged.map((j) => j.deviceId),
    );
    const now = this.clock.now();
    const found = judged.filter((j) => devices.has(j.deviceId));
    const each = await this.groupSettings.overridesForEach(found.map((j) => devices.get(j.deviceId)!.groupIds));
    const overrides = new Map<string, AlertPolicyOverride[]>();
    const since = new Map<string, Date>();
    found.forEach(({ deviceId }, i) => {
      overrides.set(deviceId, each[i]!);
      since.set(deviceId, new Date(now.getTime() - resolveAlertPolicy(each[i]!).holdDownMs));
    });
    const ids = [...since.keys()];
    const storedOf = await this.alerts.activeAndRecentOfDevices(em, since);
    const watches = await this.alerts.watchesOf(em, ids);
    const times = await this.alerts.notificationTimesOfDevices(em, ids, new Date(now.getTime() - HOUR_MS));
    const newWatches = new Map<string, DeviceWatchState>();
    const changedAll: StoredAlert[] = [];
    const existing = new Set<string>();
    const owed: { deviceId: string; device: AlertMailDevice; groupIds: string[]; alerts: StoredAlert[] }[] = [];
    for (const { deviceId, poll } of found) {
      const device = devices.get(deviceId)!;
      const stored = storedOf.get(deviceId) ?? [];
      for (const a of stored) existing.add(a.id);
      const outcome = this.alerting.onDevicePoll({
        deviceId,
        groupOverrides: overrides.get(deviceId)!,
        poll,
        watch: watches.get(deviceId) ?? { ...INITIAL_WATCH_STATE },
        alerts: stored.map(recordOf),
        notificationTimes: times.get(deviceId) ?? [],
      });
      newWatches.set(deviceId, outcome.watch);
      const changed = changedAlerts(outcome, stored);
      changedAll.push(...changed);
      const pending = pendingAlerts(changed, stored, []);
      if (pending.length > 0) owed.push({ deviceId, device: device.mail, groupIds: device.groupIds, alerts: pending });
    }
    await this.alerts.saveWatches(em, newWatches, watches);
    await this.alerts.saveInTransaction(em, changedAll, existing);
    return owed;
  }

  /** Evaluates one recorded poll of a device (polls of one device one after the other). */
  afterPoll(deviceId: string, result: unknown): Promise<AfterPollResult> {
    return this.lock.run(`device:${deviceId}`, () => this.evaluate(deviceId, result));
  }

  /**
   * Edge offline: evaluates every activated edge with the edgeOffline rule (system-wide default policy) and opens
   * or resolves its alert. Mail goes to the union of the recipients of the groups that have devices on that edge.
   * Called by the polling scheduler after each run (the run's health calls recorded who answered).
   */
  async checkEdges(
    edges: readonly { id: string; name: string; url: string | null; lastSeenAt: Date | null; activatedAt: Date }[],
  ): Promise<AfterPollResult['transitions']> {
    const all: AfterPollResult['transitions'] = [];
    for (const edge of edges) {
      all.push(...(await this.lock.run(`edge:${edge.id}`, () => this.checkEdge(edge))));
    }
    return all;
  }

  private async checkEdge(edge: {
    id: string;
    name: string;
    url: string | null;
    lastSeenAt: Date | null;
    activatedAt: Date;
  }): Promise<AfterPollResult['transitions']> {
    const now = this.clock.now();
    const target: AlertTarget = { kind: 'edge', id: edge.id };
    const policy = resolveAlertPolicy([]);
    const stored = await this.alerts.activeAndRecent(target, new Date(now.getTime() - policy.holdDownMs));
    const byId = new Map(stored.map((a) => [a.id, a]));
    const outcome = this.alerting.onEdgeCheck({
      edgeId: edge.id,
      lastSeenAt: edge.lastSeenAt?.toISOString() ?? null,
      activatedAt: edge.activatedAt.toISOString(),
      overrides: [],
      alerts: stored.map(recordOf),
      notificationTimes: await this.alerts.notificationTimes(target, new Date(now.getTime() - HOUR_MS)),
    });
    const owed = new Map<string, 'opened' | 'escalated'>();
    for (const t of outcome.transitions) {
      if (t.notify && (t.kind === 'opened' || t.kind === 'escalated')) owed.set(t.alert.id, t.kind);
    }
    const changed: StoredAlert[] = outcome.changed.map((record) => {
      const before = byId.get(record.id);
      const mail = before ? mailStateOf(before) : { ...NO_MAIL_STATE };
      const kind = owed.get(record.id);
      if (record.state === 'resolved') return { ...record, ...mail, mailPending: false, mailPendingKind: null };
      if (kind) {
        return {
          ...record,
          ...mail,
          lastNotifiedAt: before?.lastNotifiedAt ?? null,
          mailPending: true,
          mailPendingKind: kind,
        };
      }
      return { ...record, ...mail };
    });
    const { skipped } = await this.alerts.save(changed);
    // Notify what is owed now, and retry what an earlier check could not send (a failed edge-offline mail).
    const changedIds = new Set(changed.map((a) => a.id));
    const pending = [
      ...changed.filter((a) => a.mailPending && !skipped.includes(a.id)),
      ...stored.filter((a) => a.mailPending && a.state !== 'resolved' && !changedIds.has(a.id)),
    ];
    if (pending.length > 0) {
      const groupIds = await this.groupsWithDevicesOn(edge.id);
      const subject = edgeMailSubject(edge);
      for (const alert of pending) await this.send(alert, subject, groupIds);
    }
    return outcome.transitions
      .filter((t) => !skipped.includes(t.alert.id))
      .map((t) => ({ kind: t.kind, alertId: t.alert.id, key: t.alert.key }));
  }

  /** Groups that have at least one device on the edge (their recipients get the edge's alerts). */
  private async groupsWithDevicesOn(edgeId: string): Promise<string[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('DISTINCT m.device_group_id', 'groupId')
      .from('device_group_members', 'm')
      .innerJoin('devices', 'd', 'd.id = m.device_id')
      .where('d.edge_id = :id', { id: edgeId })
      .getRawMany<{ groupId: string }>();
    return rows.map((r) => r.groupId).sort();
  }

  /**
   * `retryPendingNotifications` at most once per `everyMs` (the polling scheduler calls this after every run, so
   * mail owed for a device that is no longer polled, or for an edge, goes out once the mail server is back).
   */
  async retryPendingNotificationsIfDue(everyMs = MAIL_RETRY_EVERY_MS): Promise<string[]> {
    const now = this.clock.now().getTime();
    if (this.lastMailRetryAt !== null && now - this.lastMailRetryAt < everyMs) return [];
    return this.retryPendingNotifications();
  }

  /**
   * Sends the notifications still owed (failed mail, or no mail server at the time): device alerts to their groups'
   * recipients, edge alerts (edge offline) to the recipients of the groups with devices on that edge.
   */
  async retryPendingNotifications(limit = 100): Promise<string[]> {
    this.lastMailRetryAt = this.clock.now().getTime();
    const sent: string[] = [];
    for (const alert of await this.alerts.pendingMail(limit)) {
      if (alert.state === 'resolved') continue;
      const id = alert.id;
      const target = alert.target;
      const done = await this.lock.run(`${target.kind}:${target.id}`, async () => {
        const current = await this.alerts.findById(id);
        if (!current?.mailPending || current.state === 'resolved') return false;
        if (target.kind === 'edge') {
          const edge = await this.edge(target.id);
          return edge ? this.send(current, edgeMailSubject(edge), await this.groupsWithDevicesOn(edge.id)) : false;
        }
        const device = await this.device(target.id);
        return device ? this.send(current, device.mail, device.groupIds) : false;
      });
      if (done) sent.push(id);
    }
    return sent;
  }

  private async edge(edgeId: string): Promise<{ id: string; name: string; url: string | null } | null> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select(['e.id AS id', 'e.name AS name', 'e.url AS url'])
      .from('edges', 'e')
      .where('e.id = :id', { id: edgeId })
      .getRawMany<{ id: string; name: string; url: string | null }>();
    return rows[0] ?? null;
  }

  private async evaluate(deviceId: string, result: unknown): Promise<AfterPollResult> {
    const poll = asPollResult(result);
    if (!poll) {
      this.logger.warn(`Device ${deviceId}: malformed poll result, no alert rule evaluated`);
      return { evaluated: false, transitions: [], notified: [] };
    }
    const device = await this.device(deviceId);
    if (!device) return { evaluated: false, transitions: [], notified: [] };
    const now = this.clock.now();
    const target: AlertTarget = { kind: 'device', id: deviceId };
    const overrides = await this.groupSettings.overridesFor(device.groupIds);
    const policy = resolveAlertPolicy(overrides);
    const stored = await this.alerts.activeAndRecent(target, new Date(now.getTime() - policy.holdDownMs));
    const outcome = this.alerting.onDevicePoll({
      deviceId,
      groupOverrides: overrides,
      poll,
      watch: (await this.alerts.watch(deviceId)) ?? { ...INITIAL_WATCH_STATE },
      alerts: stored.map(recordOf),
      notificationTimes: await this.alerts.notificationTimes(target, new Date(now.getTime() - HOUR_MS)),
    });
    await this.alerts.saveWatch(deviceId, outcome.watch);

    const changed = changedAlerts(outcome, stored);
    const { skipped } = await this.alerts.save(changed);
    if (skipped.length > 0)
      this.logger.warn(`Device ${deviceId}: an open alert already exists for ${skipped.length} condition(s)`);

    // Notify what is owed now, and retry what an earlier poll could not send.
    const pending = pendingAlerts(changed, stored, skipped);
    const notified: string[] = [];
    for (const alert of pending) {
      if (await this.send(alert, device.mail, device.groupIds)) notified.push(alert.id);
    }
    return {
      evaluated: true,
      transitions: outcome.transitions
        .filter((t) => !skipped.includes(t.alert.id))
        .map((t) => ({ kind: t.kind, alertId: t.alert.id, key: t.alert.key })),
      notified,
    };
  }

  /** Sends one owed notification and saves the outcome; true when it went out. */
  private async send(alert: StoredAlert, device: AlertMailDevice, groupIds: readonly string[]): Promise<boolean> {
    const recipients = await this.groupSettings.recipientsFor(groupIds);
    const outcome = await this.notifier.notify(alert, device, recipients);
    await this.alerts.save([outcome.alert]);
    if (outcome.mailSent) await this.alerts.recordNotification(alert, 'mail', this.clock.now());
    else if (outcome.sent) await this.alerts.recordNotification(alert, 'webhook', this.clock.now());
    return outcome.sent;
  }

  private async device(deviceId: string): Promise<{ mail: AlertMailDevice; groupIds: string[] } | null> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select(['d.id AS id', 'd.name AS name', 'd.address AS address', 'd.model AS model'])
      .addSelect('d.serial_number', 'serial_number')
      .addSelect('d.location', 'location')
      .addSelect('d.sys_location', 'sys_location')
      .from('devices', 'd')
      .where('d.id = :id', { id: deviceId })
      .getRawMany<DeviceRow>();
    const row = rows[0];
    if (!row) return null;
    const members = await this.dataSource
      .createQueryBuilder()
      .select('m.device_group_id', 'groupId')
      .from('device_group_members', 'm')
      .where('m.device_id = :id', { id: deviceId })
      .getRawMany<{ groupId: string }>();
    return { mail: mailDeviceOf(row), groupIds: members.map((m) => m.groupId).sort() };
  }

  /** `device` for several devices, read through the caller's transaction (missing devices are absent). */
  private async devicesOf(
    em: EntityManager,
    deviceIds: readonly string[],
  ): Promise<Map<string, { mail: AlertMailDevice; groupIds: string[] }>> {
    const out = new Map<string, { mail: AlertMailDevice; groupIds: string[] }>();
    for (let i = 0; i < deviceIds.length; i += 500) {
      const ids = deviceIds.slice(i, i + 500);
      const rows = await em
        .createQueryBuilder()
        .select(['d.id AS id', 'd.name AS name', 'd.address AS address', 'd.model AS model'])
        .addSelect('d.serial_number', 'serial_number')
        .addSelect('d.location', 'location')
        .addSelect('d.sys_location', 'sys_location')
        .from('devices', 'd')
        .where('d.id IN (:...ids)', { ids })
        .getRawMany<DeviceRow>();
      const members = await em
        .createQueryBuilder()
        .select('m.device_id', 'deviceId')
        .addSelect('m.device_group_id', 'groupId')
        .from('device_group_members', 'm')
        .where('m.device_id IN (:...ids)', { ids })
        .getRawMany<{ deviceId: string; groupId: string }>();
      for (const row of rows) out.set(row.id, { mail: mailDeviceOf(row), groupIds: [] });
      for (const m of members) out.get(m.deviceId)?.groupIds.push(m.groupId);
    }
    for (const device of out.values()) device.groupIds.sort();
    return out;
  }
}

/** What an edge alert's mail names: the edge (as the device fields of the mail template). */
function edgeMailSubject(edge: { id: string; name: string; url: string | null }): AlertMailDevice {
  return {
    id: edge.id,
    name: `Edge ${edge.name}`,
    model: null,
    serialNumber: null,
    address: edge.url ?? '',
    location: null,
  };
}

function mailDeviceOf(row: DeviceRow): AlertMailDevice {
  return {
    id: row.id,
    name: row.name,
    model: row.model,
    serialNumber: row.serial_number,
    address: row.address,
    location: row.location ?? row.sys_location,
  };
}

/** The lifecycle's changed records with their mail bookkeeping (a transition that notifies owes its mail). */
function changedAlerts(
  outcome: {
    changed: readonly AlertRecord[];
    transitions: readonly { kind: string; notify: boolean; alert: AlertRecord }[];
  },
  stored: readonly StoredAlert[],
): StoredAlert[] {
  const byId = new Map(stored.map((a) => [a.id, a]));
  const owed = new Map<string, 'opened' | 'escalated'>();
  for (const t of outcome.transitions) {
    if (t.notify && (t.kind === 'opened' || t.kind === 'escalated')) owed.set(t.alert.id, t.kind);
  }
  return outcome.changed.map((record) => {
    const before = byId.get(record.id);
    const mail = before ? mailStateOf(before) : { ...NO_MAIL_STATE };
    const kind = owed.get(record.id);
    if (record.state === 'resolved') return { ...record, ...mail, mailPending: false, mailPendingKind: null };
    if (kind) {
      // lastNotifiedAt is set by the notifier once something went out.
      return {
        ...record,
        ...mail,
        lastNotifiedAt: before?.lastNotifiedAt ?? null,
        mailPending: true,
        mailPendingKind: kind,
      };
    }
    return { ...record, ...mail };
  });
}

/** What to notify after a poll: what is owed now (unless its insert was skipped), and what an earlier one could not send. */
function pendingAlerts(
  changed: readonly StoredAlert[],
  stored: readonly StoredAlert[],
  skipped: readonly string[],
): StoredAlert[] {
  const changedIds = new Set(changed.map((a) => a.id));
  return [
    ...changed.filter((a) => a.mailPending && !skipped.includes(a.id)),
    ...stored.filter((a) => a.mailPending && a.state !== 'resolved' && !changedIds.has(a.id)),
  ];
}

function recordOf(alert: StoredAlert): AlertRecord {
  const { mailCount, mailPending, mailPendingKind, lastMailAttemptAt, lastMailError, ...record } = alert;
  void [mailCount, mailPending, mailPendingKind, lastMailAttemptAt, lastMailError];
  return record;
}

function mailStateOf(alert: StoredAlert): typeof NO_MAIL_STATE {
  return {
    mailCount: alert.mailCount,
    mailPending: alert.mailPending,
    mailPendingKind: alert.mailPendingKind,
    lastMailAttemptAt: alert.lastMailAttemptAt,
    lastMailError: alert.lastMailError,
  };
}
