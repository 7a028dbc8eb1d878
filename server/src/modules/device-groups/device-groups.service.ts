import type { CreateDeviceGroupRequest, DeviceGroupResponse, UpdateDeviceGroupRequest } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { newId } from '../../infra/database/column-types';
import { RolesService } from '../roles/roles.service';
import type { DeviceGroupScope } from './device-group-scope';
import {
  DeviceGroupNameTakenError,
  DeviceGroupNoRoleToReceiveError,
  DeviceGroupNotFoundError,
} from './device-group.errors';
import { type DeviceGroupRecord, DeviceGroupRepository } from './device-group.repository';

/**
 * Device Group Management: every read and write is limited to the groups the caller's roles reach;
 * a group outside them answers 404 as if it did not exist.
 */
@Injectable()
export class DeviceGroupsService {
  constructor(
    private readonly groups: DeviceGroupRepository,
    private readonly roles: RolesService,
    private readonly clock: Clock,
  ) {}

  async list(access: AccessScope): Promise<DeviceGroupResponse[]> {
    return (await this.groups.listInScope(access)).map(toResponse);
  }

  async get(id: string, access: AccessScope): Promise<DeviceGroupResponse> {
    return toResponse(await this.load(access, id));
  }

  /**
   * Creates a group. A caller who does not reach every group gets it added to his roles that grant
   * Device Group Management and that he administers — otherwise he could not see what he made; with
   * no such role the creation is refused (403 DEVICE_GROUP_NO_ROLE_TO_RECEIVE).
   */
  async create(request: CreateDeviceGroupRequest, access: AccessScope): Promise<DeviceGroupResponse> {
    const receiving = await this.roles.rolesReceivingNewScope(access, Permission.DeviceGroupManagement, 'deviceGroups');
    if (!receiving.covered && receiving.roleIds.length === 0) throw new DeviceGroupNoRoleToReceiveError();
    await this.assertNameFree(request.name);
    const id = newId();
    await this.groups.insert({ id, name: request.name, description: request.description ?? '', now: this.clock.now() });
    await this.roles.grantDeviceGroupToRoles(id, receiving.roleIds);
    const created = await this.groups.findInScope({ allDeviceGroups: true, deviceGroupIds: new Set() }, id);
    if (!created) throw new DeviceGroupNotFoundError(id);
    return toResponse(created);
  }

  async update(id: string, request: UpdateDeviceGroupRequest, access: AccessScope): Promise<DeviceGroupResponse> {
    await this.load(access, id);
    if (request.name !== undefined) await this.assertNameFree(request.name, id);
    await this.groups.update(id, {
      now: this.clock.now(),
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.description !== undefined ? { description: request.description } : {}),
    });
    return this.get(id, access);
  }

  /** Deletes the group (not its devices); roles that listed it lose it. */
  async delete(id: string, access: AccessScope): Promise<void> {
    await this.load(access, id);
    await this.groups.delete(id);
  }

  /** 404 unless the group exists and is in the caller's scope. */
  async assertInScope(scope: DeviceGroupScope, id: string): Promise<void> {
    await this.load(scope, id);
  }

  /** The ids among `ids` that exist and are in the caller's scope. */
  existingIdsInScope(scope: DeviceGroupScope, ids: readonly string[]): Promise<Set<string>> {
    return this.groups.existingIdsInScope(scope, ids);
  }

  private async load(scope: DeviceGroupScope, id: string): Promise<DeviceGroupRecord> {
    const group = await this.groups.findInScope(scope, id);
    if (!group) throw new DeviceGroupNotFoundError(id);
    return group;
  }

  private async assertNameFree(name: string, exceptId?: string): Promise<void> {
    const other = await this.groups.findIdByName(name);
    if (other !== null && other !== exceptId) throw new DeviceGroupNameTakenError(name.trim());
  }
}

function toResponse(group: DeviceGroupRecord): DeviceGroupResponse {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    deviceCount: group.deviceCount,
    createdAt: group.createdAt.toISOString(),
    updatedAt: group.updatedAt.toISOString(),
  };
}
