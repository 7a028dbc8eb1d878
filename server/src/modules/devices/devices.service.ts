import type { CreateDeviceRequest, DeviceGroupResponse, DeviceSummaryResponse, Page } from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { newId } from '../../infra/database/column-types';
import { groupIdsInScope } from '../device-groups/device-group-scope';
import { DeviceGroupNotFoundError } from '../device-groups/device-group.errors';
import { DeviceGroupsService } from '../device-groups/device-groups.service';
import { EdgesService } from '../edges/edges.service';
import {
  DeviceGroupRequiredError,
  DeviceInForeignGroupsError,
  DeviceNotFoundError,
  DeviceNotInGroupError,
} from './device.errors';
import {
  type DeviceInsertConfig,
  type DevicePageQuery,
  type DeviceRecord,
  DeviceRepository,
} from './device.repository';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/**
 * Minimal devices (the monitoring issue fills the record) and their group membership. A caller sees a
 * device when it is in at least one group his roles reach; a device in no group only with all groups.
 * Group ids in answers are narrowed to the caller's groups, so other groups are not revealed.
 */
@Injectable()
export class DevicesService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly groups: DeviceGroupsService,
    private readonly edges: EdgesService,
    private readonly clock: Clock,
  ) {}

  async list(access: AccessScope, query: Partial<DevicePageQuery>): Promise<Page<DeviceSummaryResponse>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    if (query.groupId !== undefined) await this.groups.assertInScope(access, query.groupId);
    const result = await this.devices.pageInScope(access, {
      page,
      pageSize,
      search: query.search,
      groupId: query.groupId,
    });
    return { items: result.items.map((d) => toResponse(d, access)), total: result.total, page, pageSize };
  }

  async get(id: string, access: AccessScope): Promise<DeviceSummaryResponse> {
    return toResponse(await this.load(access, id), access);
  }

  /** `config`: inventory columns prepared (validated, secrets encrypted) by the inventory service. */
  async create(
    request: CreateDeviceRequest,
    access: AccessScope,
    config?: DeviceInsertConfig,
  ): Promise<DeviceSummaryResponse> {
    const groupIds = [...new Set(request.groupIds ?? [])];
    if (groupIds.length === 0 && !access.allDeviceGroups) throw new DeviceGroupRequiredError();
    const reachable = await this.groups.existingIdsInScope(access, groupIds);
    const unknown = groupIds.filter((id) => !reachable.has(id));
    if (unknown.length > 0) throw new DeviceGroupNotFoundError(unknown.join(', '));
    if (request.edgeId !== undefined) await this.edges.assertInScope(access, request.edgeId);
    const id = newId();
    await this.devices.insert({
      id,
      name: request.name.trim(),
      address: request.address.trim(),
      edgeId: request.edgeId ?? null,
      groupIds,
      now: this.clock.now(),
      ...(config ? { config } : {}),
    });
    return this.get(id, access);
  }

  /** Deletes a device; refused when it also sits in groups the caller does not reach. */
  async delete(id: string, access: AccessScope): Promise<void> {
    const device = await this.load(access, id);
    if (groupIdsInScope(access, device.groupIds).length !== device.groupIds.length) {
      throw new DeviceInForeignGroupsError(id);
    }
    await this.devices.delete(id);
  }

  // --- membership (served under /device-groups/:id/devices) --------------------------------

  async listInGroup(
    groupId: string,
    access: AccessScope,
    query: Partial<DevicePageQuery>,
  ): Promise<Page<DeviceSummaryResponse>> {
    await this.groups.assertInScope(access, groupId);
    return this.list(access, { ...query, groupId });
  }

  /** Adds devices the caller can see to a group he reaches (idempotent). Returns the group. */
  async addToGroup(groupId: string, deviceIds: readonly string[], access: AccessScope): Promise<DeviceGroupResponse> {
    await this.groups.assertInScope(access, groupId);
    const visible = await this.devices.existingIdsInScope(access, deviceIds);
    const unknown = [...new Set(deviceIds)].filter((id) => !visible.has(id));
    if (unknown.length > 0) throw new DeviceNotFoundError(unknown);
    await this.devices.addToGroup(groupId, deviceIds);
    return this.groups.get(groupId, access);
  }

  async removeFromGroup(groupId: string, deviceId: string, access: AccessScope): Promise<void> {
    await this.groups.assertInScope(access, groupId);
    if (!(await this.devices.removeFromGroup(groupId, deviceId))) throw new DeviceNotInGroupError(deviceId, groupId);
  }

  private async load(access: AccessScope, id: string): Promise<DeviceRecord> {
    const device = await this.devices.findInScope(access, id);
    if (!device) throw new DeviceNotFoundError([id]);
    return device;
  }
}

function toResponse(device: DeviceRecord, access: AccessScope): DeviceSummaryResponse {
  return {
    id: device.id,
    name: device.name,
    address: device.address,
    edgeId: device.edgeId,
    groupIds: groupIdsInScope(access, device.groupIds),
  };
}
