import type { CopyRoleRequest, RoleResponse, UpdateRoleRequest } from '@fleetward/contracts';
import { type AccessScope, GRANTABLE_PERMISSIONS, type Permission } from '@fleetward/domain';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { newId } from '../../infra/database/column-types';
import { addedGrants, FULL_GRANTS, type RoleGrants } from './role-grants';
import {
  assertCanDeleteRole,
  assertCanRenameRole,
  canCopyRole,
  canEditRole,
  type GrantChanges,
  isRoleAdministrator,
  planRoleAdministrators,
  planRoleCopy,
  planRoleEdit,
  planRoleMembers,
} from './role-rules';
import { RoleNameTakenError, RoleNotFoundError, RoleUnknownScopeError, RoleUnknownUsersError } from './role.errors';
import { type RoleRecord, RoleRepository } from './role.repository';

export const SUPER_ADMIN_ROLE_NAME = 'Super Admin';

function grantChanges(request: GrantChanges): GrantChanges {
  return {
    permissions: request.permissions,
    allDeviceGroups: request.allDeviceGroups,
    deviceGroupIds: request.deviceGroupIds,
    allEdges: request.allEdges,
    edgeIds: request.edgeIds,
  };
}

function touchesGrants(request: UpdateRoleRequest): boolean {
  return (
    request.permissions !== undefined ||
    request.allDeviceGroups !== undefined ||
    request.deviceGroupIds !== undefined ||
    request.allEdges !== undefined ||
    request.edgeIds !== undefined
  );
}

const sortedList = <T extends string>(set: ReadonlySet<T>): T[] => [...set].sort();

/**
 * Role Management (SPEC §3): list, read, copy, edit, delete, administrators, members.
 * The rules live in role-rules.ts; this service loads facts, checks references exist, and persists.
 */
@Injectable()
export class RolesService {
  private readonly logger = new Logger(RolesService.name);

  constructor(
    private readonly roles: RoleRepository,
    private readonly clock: Clock,
  ) {}

  async list(actor: AccessScope): Promise<RoleResponse[]> {
    const roles = await this.roles.findAll();
    return roles.map((role) => this.toResponse(role, actor));
  }

  async get(id: string, actor: AccessScope): Promise<RoleResponse> {
    return this.toResponse(await this.load(id), actor);
  }

  /**
   * Copy a role the caller belongs to. The copy starts with the caller as its only administrator and
   * with no members: the caller then assigns members (PUT /members), himself included if he wishes.
   */
  async copy(sourceId: string, request: CopyRoleRequest, actor: AccessScope): Promise<RoleResponse> {
    const source = await this.load(sourceId);
    const grants = planRoleCopy(source, grantChanges(request), actor);
    await this.assertScopeExists(grants);
    await this.assertNameFree(request.name);
    const id = newId();
    await this.roles.insert({
      id,
      name: request.name,
      // The built-in role's description speaks about itself; a copy of it starts with a neutral one.
      description: request.description ?? (source.builtIn ? `Copy of ${source.name}` : source.description),
      builtIn: false,
      grants,
      administratorIds: [actor.userId],
      memberIds: [],
      now: this.clock.now(),
    });
    return this.get(id, actor);
  }

  async update(id: string, request: UpdateRoleRequest, actor: AccessScope): Promise<RoleResponse> {
    const role = await this.load(id);
    let grants: RoleGrants | undefined;
    if (touchesGrants(request)) {
      grants = planRoleEdit(role, grantChanges(request), actor);
      await this.assertScopeExists(addedGrants(role, grants));
    } else {
      assertCanRenameRole(role, actor);
    }
    if (request.name !== undefined) await this.assertNameFree(request.name, id);
    const update: Parameters<RoleRepository['update']>[1] = {
      now: this.clock.now(),
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.description !== undefined ? { description: request.description } : {}),
      ...(grants ? { grants } : {}),
    };
    await this.roles.update(id, update);
    return this.get(id, actor);
  }

  async delete(id: string, actor: AccessScope): Promise<void> {
    const role = await this.load(id);
    assertCanDeleteRole(role, actor);
    await this.roles.delete(id);
  }

  async setAdministrators(id: string, userIds: readonly string[], actor: AccessScope): Promise<RoleResponse> {
    const role = await this.load(id);
    const next = planRoleAdministrators(role, userIds, actor);
    await this.assertUsersExist(next);
    await this.roles.setAdministrators(id, next, this.clock.now());
    return this.get(id, actor);
  }

  async setMembers(id: string, userIds: readonly string[], actor: AccessScope): Promise<RoleResponse> {
    const role = await this.load(id);
    const next = planRoleMembers(role, userIds, actor);
    await this.assertUsersExist(next);
    await this.roles.setMembers(id, next, this.clock.now());
    return this.get(id, actor);
  }

  /**
   * Roles that should receive a device group or edge the caller creates, so he can see what he made:
   * roles he belongs to AND administers that grant `permission` and do not already cover everything.
   * `covered` is true when the caller already reaches every group / edge (nothing to add).
   */
  async rolesReceivingNewScope(
    actor: AccessScope,
    permission: Permission,
    dimension: 'deviceGroups' | 'edges',
  ): Promise<{ covered: boolean; roleIds: string[] }> {
    const covered = actor.isSuperAdmin || (dimension === 'deviceGroups' ? actor.allDeviceGroups : actor.allEdges);
    if (covered) return { covered: true, roleIds: [] };
    const mine = await this.roles.findByMember(actor.userId);
    const roleIds = mine
      .filter((role) => !role.builtIn && isRoleAdministrator(role, actor) && role.permissions.has(permission))
      .map((role) => role.id);
    return { covered: false, roleIds };
  }

  async grantDeviceGroupToRoles(deviceGroupId: string, roleIds: readonly string[]): Promise<void> {
    await this.roles.addDeviceGroupToRoles(deviceGroupId, roleIds, this.clock.now());
  }

  async grantEdgeToRoles(edgeId: string, roleIds: readonly string[]): Promise<void> {
    await this.roles.addEdgeToRoles(edgeId, roleIds, this.clock.now());
  }

  /**
   * First start and every start after: the built-in Super Admin role exists, grants every grantable
   * function (new permissions added by an upgrade included), all groups and all edges, and has every
   * Super Admin user as member and administrator.
   */
  async ensureBuiltInRole(): Promise<void> {
    const superAdmins = await this.roles.superAdminUserIds();
    const existing = await this.roles.findBuiltIn();
    if (!existing) {
      if (superAdmins.length === 0) {
        this.logger.warn('No Super Admin user exists yet: the built-in role is created without administrators.');
      }
      const clash = await this.roles.findIdByName(SUPER_ADMIN_ROLE_NAME);
      await this.roles.insert({
        id: newId(),
        name: clash ? `${SUPER_ADMIN_ROLE_NAME} (built-in)` : SUPER_ADMIN_ROLE_NAME,
        description:
          'Built-in: every function, every device group, every edge. Cannot be edited or deleted; copy it to make narrower roles.',
        builtIn: true,
        grants: FULL_GRANTS,
        administratorIds: superAdmins,
        memberIds: superAdmins,
        now: this.clock.now(),
      });
      this.logger.log('Created the built-in Super Admin role.');
      return;
    }
    const complete = GRANTABLE_PERMISSIONS.every((p) => existing.permissions.has(p));
    if (!complete || existing.permissions.size !== GRANTABLE_PERMISSIONS.length) {
      await this.roles.setPermissions(existing.id, GRANTABLE_PERMISSIONS, this.clock.now());
    }
    await this.roles.ensureUsers(existing.id, 'members', superAdmins);
    await this.roles.ensureUsers(existing.id, 'administrators', superAdmins);
  }

  // --- helpers -----------------------------------------------------------------------------

  private async load(id: string): Promise<RoleRecord> {
    const role = await this.roles.findById(id);
    if (!role) throw new RoleNotFoundError(id);
    return role;
  }

  private async assertNameFree(name: string, exceptId?: string): Promise<void> {
    const other = await this.roles.findIdByName(name);
    if (other !== null && other !== exceptId) throw new RoleNameTakenError(name.trim());
  }

  private async assertUsersExist(userIds: readonly string[]): Promise<void> {
    const existing = await this.roles.existingUserIds(userIds);
    const unknown = userIds.filter((id) => !existing.has(id));
    if (unknown.length > 0) throw new RoleUnknownUsersError(unknown);
  }

  /** Explicit group / edge ids must exist (checked after the rules, so scoped callers learn nothing). */
  private async assertScopeExists(grants: RoleGrants): Promise<void> {
    const groupIds = [...grants.deviceGroupIds];
    const groups = await this.roles.existingDeviceGroupIds(groupIds);
    const unknownGroups = groupIds.filter((id) => !groups.has(id));
    if (unknownGroups.length > 0) throw new RoleUnknownScopeError('device groups', unknownGroups.sort());
    const edgeIds = [...grants.edgeIds];
    const edges = await this.roles.existingEdgeIds(edgeIds);
    const unknownEdges = edgeIds.filter((id) => !edges.has(id));
    if (unknownEdges.length > 0) throw new RoleUnknownScopeError('edges', unknownEdges.sort());
  }

  private toResponse(role: RoleRecord, actor: AccessScope): RoleResponse {
    return {
      id: role.id,
      name: role.name,
      description: role.description,
      builtIn: role.builtIn,
      permissions: sortedList(role.permissions),
      allDeviceGroups: role.allDeviceGroups,
      deviceGroupIds: sortedList(role.deviceGroupIds),
      allEdges: role.allEdges,
      edgeIds: sortedList(role.edgeIds),
      administratorIds: sortedList(role.administratorIds),
      memberIds: sortedList(role.memberIds),
      createdAt: role.createdAt.toISOString(),
      updatedAt: role.updatedAt.toISOString(),
      canCopy: canCopyRole(role, actor),
      canEdit: canEditRole(role, actor),
    };
  }
}
