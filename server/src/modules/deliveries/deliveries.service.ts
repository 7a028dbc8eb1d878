import {
  type CreateDeliveryRequest,
  DELIVERY_DEVICE_STATUSES,
  type DeliveryDetailResponse,
  type DeliveryDeviceResponse,
  type DeliveryDeviceStatus,
  type DeliveryDevicesQuery,
  type DeliveryResponse,
  type DeliverySchedule,
  type DeliveryStatus,
  type SettingApplyOutcome,
  type SettingKey,
  type SettingValues,
} from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { AccessResolver } from '../../common/auth/access-resolver';
import { Clock } from '../../common/clock/clock';
import { newId } from '../../infra/database/column-types';
import { DeviceGroupNotFoundError } from '../device-groups/device-group.errors';
import { DeviceGroupsService } from '../device-groups/device-groups.service';
import { DeviceNotFoundError } from '../devices/device.errors';
import { DevicesService } from '../devices/devices.service';
import { TemplatesService } from '../templates/templates.service';
import { UsersService } from '../users/users.service';
import { ACCESS_KEYS, accessLossOf } from './credential-follow';
import { DEFAULT_RETRY, firstRunAt, scheduleProblems } from './delivery-rules';
import type { DeliveryDeviceEntity, DeliveryEntity } from './delivery.entity';
import {
  DeliveryCutsOffAccessError,
  DeliveryFinishedError,
  DeliveryNoTargetsError,
  DeliveryNotFoundError,
  DeliveryScheduleInvalidError,
} from './delivery.errors';
import { DeliveryRepository } from './delivery.repository';
import { DeviceSettingsService } from './device-settings.service';

const NO_ACCESS = (userId: string): AccessScope => ({
  userId,
  isSuperAdmin: false,
  permissions: new Set(),
  deviceGroupIds: new Set(),
  edgeIds: new Set(),
  allDeviceGroups: false,
  allEdges: false,
});

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * Deliveries (Device Management RW): created within the caller's scope (every device and group must be his),
 * expanded at each run within the creator's scope again; cancel and retry. The runner sends.
 * A delivery is visible to its creator and to callers who reach every device group.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly templates: TemplatesService,
    private readonly devices: DevicesService,
    private readonly groups: DeviceGroupsService,
    private readonly users: UsersService,
    private readonly accessResolver: AccessResolver,
    private readonly clock: Clock,
    private readonly deviceSettings: DeviceSettingsService,
  ) {}

  async create(request: CreateDeliveryRequest, access: AccessScope): Promise<DeliveryDetailResponse> {
    const problems = scheduleProblems(request.schedule);
    if (problems.length > 0) throw new DeliveryScheduleInvalidError(problems.join('; '));
    const deviceIds = [...new Set(request.deviceIds ?? [])];
    const groupIds = [...new Set(request.groupIds ?? [])];
    if (deviceIds.length === 0 && groupIds.length === 0) throw new DeliveryNoTargetsError();
    await this.templates.assertExists(request.templateId);
    const version = await this.templates.versionValues(request.templateId, request.version);
    const reachableGroups = await this.groups.existingIdsInScope(access, groupIds);
    const unknownGroups = groupIds.filter((id) => !reachableGroups.has(id));
    if (unknownGroups.length > 0) throw new DeviceGroupNotFoundError(unknownGroups.join(', '));
    const unknownDevices: string[] = [];
    for (const id of deviceIds) {
      if (!(await this.visible(access, id))) unknownDevices.push(id);
    }
    if (unknownDevices.length > 0) throw new DeviceNotFoundError(unknownDevices);
    const acceptAccessLoss = request.acceptAccessLoss ?? false;
    if (!acceptAccessLoss) await this.refuseAccessLoss(version.values, { deviceIds, groupIds }, access);
    const now = this.clock.now();
    const schedule: DeliverySchedule | null = request.schedule ?? null;
    const retry = request.retry ?? DEFAULT_RETRY;
    const entity: DeliveryEntity = {
      id: newId(),
      templateId: request.templateId,
      templateVersion: version.version,
      status: 'scheduled',
      schedule: schedule === null ? null : JSON.stringify(schedule),
      nextRunAt: firstRunAt(schedule, now),
      runs: 0,
      deviceIds: JSON.stringify(deviceIds),
      groupIds: JSON.stringify(groupIds),
      retryMaxAttempts: retry.maxAttempts,
      retryBackoffSeconds: retry.backoffSeconds,
      acceptAccessLoss,
      createdBy: access.userId,
      createdAt: now,
      updatedAt: now,
    };
    await this.deliveries.insert(entity);
    return this.get(entity.id, access, {});
  }

  async list(access: AccessScope): Promise<DeliveryResponse[]> {
    const rows = await this.deliveries.list({ createdBy: access.allDeviceGroups ? null : access.userId });
    return Promise.all(rows.map((row) => this.toResponse(row)));
  }

  async get(id: string, access: AccessScope, query: DeliveryDevicesQuery): Promise<DeliveryDetailResponse> {
    const row = await this.load(id, access);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const devices = await this.deliveries.pageRows(id, row.runs, { page, pageSize, status: query.status });
    const items: DeliveryDeviceResponse[] = [];
    for (const d of devices.items) items.push(await this.toDeviceResponse(d, access));
    return { ...(await this.toResponse(row)), devices: { items, total: devices.total, page, pageSize } };
  }

  /** Pending devices are not sent; waiting retries are dropped; a device being sent finishes as it is. */
  async cancel(id: string, access: AccessScope): Promise<DeliveryDetailResponse> {
    const row = await this.load(id, access);
    if (row.status === 'cancelled' || row.status === 'completed') throw new DeliveryFinishedError(id, row.status);
    const now = this.clock.now();
    await this.deliveries.update(id, { status: 'cancelled', nextRunAt: null, updatedAt: now });
    await this.deliveries.cancelRows(id, now);
    return this.get(id, access, {});
  }

  /** Sends the failed, unreachable and partially applied devices of the latest run again (next runner tick). */
  async retry(id: string, access: AccessScope): Promise<DeliveryDetailResponse> {
    const row = await this.load(id, access);
    if (row.status === 'cancelled' || row.runs === 0) throw new DeliveryFinishedError(id, row.status);
    const now = this.clock.now();
    const count = await this.deliveries.retryRows(id, row.runs, now);
    if (count > 0 && row.status === 'completed')
      await this.deliveries.update(id, { status: 'running', updatedAt: now });
    return this.get(id, access, {});
  }

  /**
   * Refuses a template that would take the server's own SNMP access away from a device it targets now
   * (credential-follow.ts: only turning off the SNMP version the server uses, or removing its v3 user; a new
   * community or new keys are followed after the delivery).
   */
  private async refuseAccessLoss(
    values: SettingValues,
    targets: { deviceIds: string[]; groupIds: string[] },
    access: AccessScope,
  ): Promise<void> {
    if (!ACCESS_KEYS.some((key) => values[key] !== undefined)) return;
    const devices: { deviceId: string; name: string; reasons: string[] }[] = [];
    const ids = await this.expandTargets(
      { deviceIds: JSON.stringify(targets.deviceIds), groupIds: JSON.stringify(targets.groupIds) },
      access,
    );
    for (const deviceId of ids) {
      let device;
      try {
        device = await this.deviceSettings.resolve(deviceId);
      } catch {
        continue; // no stored SNMP credentials: nothing of the server's to lose
      }
      const reasons = accessLossOf({ poll: device.target.snmp, write: device.target.access.snmpWrite ?? null }, values);
      if (reasons.length > 0) devices.push({ deviceId, name: device.name, reasons });
    }
    if (devices.length > 0) throw new DeliveryCutsOffAccessError(devices);
  }

  /** The creator's current scope (a deleted or disabled creator reaches nothing). */
  async creatorAccess(userId: string): Promise<AccessScope> {
    const user = await this.users.findRecord(userId);
    if (!user || user.disabled) return NO_ACCESS(userId);
    return this.accessResolver.resolve(user);
  }

  /** The devices a delivery targets now, within `access` (devices of its groups, and the named devices). */
  async expandTargets(
    delivery: Pick<DeliveryEntity, 'deviceIds' | 'groupIds'>,
    access: AccessScope,
  ): Promise<string[]> {
    const ids = new Set<string>();
    for (const groupId of parseJson<string[]>(delivery.groupIds, [])) {
      if ((await this.groups.existingIdsInScope(access, [groupId])).size === 0) continue;
      for (let page = 1; ; page++) {
        const result = await this.devices.listInGroup(groupId, access, { page, pageSize: 500 });
        for (const d of result.items) ids.add(d.id);
        if (result.items.length < 500) break;
      }
    }
    for (const id of parseJson<string[]>(delivery.deviceIds, [])) {
      if (await this.visible(access, id)) ids.add(id);
    }
    return [...ids].sort();
  }

  async visible(access: AccessScope, deviceId: string): Promise<boolean> {
    try {
      await this.devices.get(deviceId, access);
      return true;
    } catch (error) {
      if (error instanceof DeviceNotFoundError) return false;
      throw error;
    }
  }

  private async load(id: string, access: AccessScope): Promise<DeliveryEntity> {
    const row = await this.deliveries.find(id);
    if (!row || (!access.allDeviceGroups && row.createdBy !== access.userId)) throw new DeliveryNotFoundError(id);
    return row;
  }

  private async toResponse(row: DeliveryEntity): Promise<DeliveryResponse> {
    const counts = Object.fromEntries(DELIVERY_DEVICE_STATUSES.map((s) => [s, 0])) as Record<
      DeliveryDeviceStatus,
      number
    >;
    if (row.runs > 0) {
      for (const [status, count] of await this.deliveries.countsByStatus(row.id, row.runs)) {
        if (status in counts) counts[status as DeliveryDeviceStatus] = count;
      }
    }
    let templateName = '';
    try {
      templateName = (await this.templates.versionValues(row.templateId, row.templateVersion)).templateName;
    } catch {
      templateName = '(deleted)';
    }
    return {
      id: row.id,
      templateId: row.templateId,
      templateName,
      templateVersion: row.templateVersion,
      status: row.status as DeliveryStatus,
      schedule: parseJson<DeliverySchedule | null>(row.schedule, null),
      retry: { maxAttempts: row.retryMaxAttempts, backoffSeconds: row.retryBackoffSeconds },
      acceptAccessLoss: Boolean(row.acceptAccessLoss),
      deviceIds: parseJson<string[]>(row.deviceIds, []),
      groupIds: parseJson<string[]>(row.groupIds, []),
      runs: row.runs,
      nextRunAt: row.nextRunAt ? row.nextRunAt.toISOString() : null,
      counts,
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  private async toDeviceResponse(row: DeliveryDeviceEntity, access: AccessScope): Promise<DeliveryDeviceResponse> {
    let deviceName: string | null = null;
    try {
      deviceName = (await this.devices.get(row.deviceId, access)).name;
    } catch {
      deviceName = null;
    }
    return {
      deviceId: row.deviceId,
      deviceName,
      run: row.run,
      status: row.status as DeliveryDeviceStatus,
      attempts: row.attempts,
      sentKeys: parseJson<SettingKey[]>(row.sentKeys, []),
      outcomes: parseJson<SettingApplyOutcome[]>(row.outcomes, []),
      errorCode: row.errorCode ?? null,
      errorMessage: row.errorMessage ?? null,
      nextAttemptAt: row.nextAttemptAt ? row.nextAttemptAt.toISOString() : null,
      startedAt: row.startedAt ? row.startedAt.toISOString() : null,
      finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
