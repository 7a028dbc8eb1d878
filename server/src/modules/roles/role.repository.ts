import { type Permission, isPermission } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { isUniqueViolation } from '../../infra/database/unique-violation';
import { DeviceGroupEntity } from '../device-groups/device-group.entity';
import { EdgeEntity } from '../edges/edge.entity';
import { UserEntity } from '../users/user.entity';
import type { RoleGrants } from './role-grants';
import type { RoleFacts } from './role-rules';
import {
  RoleAdministratorEntity,
  RoleDeviceGroupEntity,
  RoleEdgeEntity,
  RoleEntity,
  RoleMemberEntity,
  RolePermissionEntity,
} from './role.entity';
import { RoleNameTakenError } from './role.errors';

/** A role as stored: its facts for the rules plus display fields. */
export interface RoleRecord extends RoleFacts {
  readonly description: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewRole {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly builtIn: boolean;
  readonly grants: RoleGrants;
  readonly administratorIds: readonly string[];
  readonly memberIds: readonly string[];
  readonly now: Date;
}

export interface RoleUpdate {
  readonly name?: string;
  readonly description?: string;
  readonly grants?: RoleGrants;
  readonly now: Date;
}

function groupBy<T>(rows: T[], key: (row: T) => string, value: (row: T) => string): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const row of rows) {
    const k = key(row);
    let set = map.get(k);
    if (!set) map.set(k, (set = new Set()));
    set.add(value(row));
  }
  return map;
}

const normalize = (name: string): string => name.trim().toLowerCase();

/** The only code that touches the role tables. */
@Injectable()
export class RoleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findAll(): Promise<RoleRecord[]> {
    const roles = await this.dataSource.getRepository(RoleEntity).find({ order: { name: 'ASC' } });
    return this.hydrate(this.dataSource.manager, roles);
  }

  async findById(id: string): Promise<RoleRecord | null> {
    const role = await this.dataSource.getRepository(RoleEntity).findOneBy({ id });
    if (!role) return null;
    const [record] = await this.hydrate(this.dataSource.manager, [role]);
    return record ?? null;
  }

  async findByIds(ids: readonly string[]): Promise<RoleRecord[]> {
    if (ids.length === 0) return [];
    const roles = await this.dataSource
      .getRepository(RoleEntity)
      .find({ where: { id: In([...ids]) }, order: { name: 'ASC' } });
    return this.hydrate(this.dataSource.manager, roles);
  }

  async findBuiltIn(): Promise<RoleRecord | null> {
    const role = await this.dataSource.getRepository(RoleEntity).findOneBy({ builtIn: true });
    if (!role) return null;
    const [record] = await this.hydrate(this.dataSource.manager, [role]);
    return record ?? null;
  }

  /** Id of the role with this name (case-insensitive), if any. */
  async findIdByName(name: string): Promise<string | null> {
    const role = await this.dataSource.getRepository(RoleEntity).findOne({
      where: { nameNormalized: normalize(name) },
      select: { id: true },
    });
    return role?.id ?? null;
  }

  /** The roles a user is a member of (rows only; the Super Admin's implicit membership is the rules' concern). */
  async findByMember(userId: string): Promise<RoleRecord[]> {
    const links = await this.dataSource.getRepository(RoleMemberEntity).findBy({ userId });
    return this.findByIds(links.map((l) => l.roleId));
  }

  /** Role ids per user id, from membership rows. Users without roles map to []. */
  async roleIdsByUser(userIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return result;
    const rows = await this.dataSource.getRepository(RoleMemberEntity).find({ where: { userId: In([...userIds]) } });
    for (const row of rows) result.get(row.userId)?.push(row.roleId);
    return result;
  }

  async insert(role: NewRole): Promise<void> {
    await this.write(role.name, async (em) => {
      await em.getRepository(RoleEntity).insert({
        id: role.id,
        name: role.name.trim(),
        nameNormalized: normalize(role.name),
        description: role.description,
        builtIn: role.builtIn,
        allDeviceGroups: role.grants.allDeviceGroups,
        allEdges: role.grants.allEdges,
        createdAt: role.now,
        updatedAt: role.now,
      });
      await this.replaceGrants(em, role.id, role.grants);
      await this.replaceUsers(em, RoleAdministratorEntity, role.id, role.administratorIds);
      await this.replaceUsers(em, RoleMemberEntity, role.id, role.memberIds);
    });
  }

  async update(id: string, update: RoleUpdate): Promise<void> {
    await this.write(update.name ?? '', async (em) => {
      const patch: Partial<RoleEntity> = { updatedAt: update.now };
      if (update.name !== undefined) {
        patch.name = update.name.trim();
        patch.nameNormalized = normalize(update.name);
      }
      if (update.description !== undefined) patch.description = update.description;
      if (update.grants) {
        patch.allDeviceGroups = update.grants.allDeviceGroups;
        patch.allEdges = update.grants.allEdges;
      }
      await em.getRepository(RoleEntity).update({ id }, patch);
      if (update.grants) await this.replaceGrants(em, id, update.grants);
    });
  }

  /** Replace the built-in role's grants (used by the seeder when new permissions appear). */
  async setPermissions(id: string, permissions: readonly Permission[], now: Date): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(RolePermissionEntity).delete({ roleId: id });
      if (permissions.length > 0) {
        await em
          .getRepository(RolePermissionEntity)
          .insert(permissions.map((permission) => ({ roleId: id, permission })));
      }
      await em.getRepository(RoleEntity).update({ id }, { updatedAt: now });
    });
  }

  async setAdministrators(id: string, userIds: readonly string[], now: Date): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.replaceUsers(em, RoleAdministratorEntity, id, userIds);
      await em.getRepository(RoleEntity).update({ id }, { updatedAt: now });
    });
  }

  async setMembers(id: string, userIds: readonly string[], now: Date): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.replaceUsers(em, RoleMemberEntity, id, userIds);
      await em.getRepository(RoleEntity).update({ id }, { updatedAt: now });
    });
  }

  /** Add users as members / administrators without touching other rows (idempotent). */
  async ensureUsers(id: string, kind: 'members' | 'administrators', userIds: readonly string[]): Promise<void> {
    const entity = kind === 'members' ? RoleMemberEntity : RoleAdministratorEntity;
    const existing = new Set((await this.dataSource.getRepository(entity).findBy({ roleId: id })).map((r) => r.userId));
    const missing = userIds.filter((u) => !existing.has(u));
    if (missing.length > 0)
      await this.dataSource.getRepository(entity).insert(missing.map((userId) => ({ roleId: id, userId })));
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      // Children first and explicitly, so the outcome does not hang on each driver's cascade support.
      for (const entity of [
        RolePermissionEntity,
        RoleDeviceGroupEntity,
        RoleEdgeEntity,
        RoleMemberEntity,
        RoleAdministratorEntity,
      ]) {
        await em.getRepository(entity).delete({ roleId: id });
      }
      await em.getRepository(RoleEntity).delete({ id });
    });
  }

  /** Give a newly created device group to these roles. */
  async addDeviceGroupToRoles(deviceGroupId: string, roleIds: readonly string[], now: Date): Promise<void> {
    if (roleIds.length === 0) return;
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(RoleDeviceGroupEntity).insert(roleIds.map((roleId) => ({ roleId, deviceGroupId })));
      await em.getRepository(RoleEntity).update({ id: In([...roleIds]) }, { updatedAt: now });
    });
  }

  /** Give a newly registered edge to these roles. */
  async addEdgeToRoles(edgeId: string, roleIds: readonly string[], now: Date): Promise<void> {
    if (roleIds.length === 0) return;
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(RoleEdgeEntity).insert(roleIds.map((roleId) => ({ roleId, edgeId })));
      await em.getRepository(RoleEntity).update({ id: In([...roleIds]) }, { updatedAt: now });
    });
  }

  // --- existence checks on tables other modules own (read-only, ids only) --------------------

  async existingUserIds(ids: readonly string[]): Promise<Set<string>> {
    return this.existingIds(UserEntity, ids);
  }

  async existingDeviceGroupIds(ids: readonly string[]): Promise<Set<string>> {
    return this.existingIds(DeviceGroupEntity, ids);
  }

  async existingEdgeIds(ids: readonly string[]): Promise<Set<string>> {
    return this.existingIds(EdgeEntity, ids);
  }

  async superAdminUserIds(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(UserEntity)
      .find({ where: { isSuperAdmin: true }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** Through the entity classes, so the configured schema (PostgreSQL) applies. */
  private async existingIds(
    entity: typeof UserEntity | typeof DeviceGroupEntity | typeof EdgeEntity,
    ids: readonly string[],
  ): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Set();
    const rows = await this.dataSource
      .getRepository<{ id: string }>(entity)
      .find({ where: { id: In(unique) }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  // --- internals ---------------------------------------------------------------------------

  private async write(name: string, work: (em: EntityManager) => Promise<void>): Promise<void> {
    try {
      await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RoleNameTakenError(name);
      throw error;
    }
  }

  private async replaceGrants(em: EntityManager, roleId: string, grants: RoleGrants): Promise<void> {
    await em.getRepository(RolePermissionEntity).delete({ roleId });
    await em.getRepository(RoleDeviceGroupEntity).delete({ roleId });
    await em.getRepository(RoleEdgeEntity).delete({ roleId });
    if (grants.permissions.size > 0) {
      await em
        .getRepository(RolePermissionEntity)
        .insert([...grants.permissions].map((permission) => ({ roleId, permission })));
    }
    if (!grants.allDeviceGroups && grants.deviceGroupIds.size > 0) {
      await em
        .getRepository(RoleDeviceGroupEntity)
        .insert([...grants.deviceGroupIds].map((deviceGroupId) => ({ roleId, deviceGroupId })));
    }
    if (!grants.allEdges && grants.edgeIds.size > 0) {
      await em.getRepository(RoleEdgeEntity).insert([...grants.edgeIds].map((edgeId) => ({ roleId, edgeId })));
    }
  }

  private async replaceUsers(
    em: EntityManager,
    entity: typeof RoleMemberEntity | typeof RoleAdministratorEntity,
    roleId: string,
    userIds: readonly string[],
  ): Promise<void> {
    await em.getRepository(entity).delete({ roleId });
    const unique = [...new Set(userIds)];
    if (unique.length > 0) await em.getRepository(entity).insert(unique.map((userId) => ({ roleId, userId })));
  }

  private async hydrate(em: EntityManager, roles: RoleEntity[]): Promise<RoleRecord[]> {
    if (roles.length === 0) return [];
    const ids = roles.map((r) => r.id);
    const where = { roleId: In(ids) };
    const [permissions, groups, edges, members, admins] = await Promise.all([
      em.getRepository(RolePermissionEntity).find({ where }),
      em.getRepository(RoleDeviceGroupEntity).find({ where }),
      em.getRepository(RoleEdgeEntity).find({ where }),
      em.getRepository(RoleMemberEntity).find({ where }),
      em.getRepository(RoleAdministratorEntity).find({ where }),
    ]);
    const permissionsBy = groupBy(
      permissions,
      (r) => r.roleId,
      (r) => r.permission,
    );
    const groupsBy = groupBy(
      groups,
      (r) => r.roleId,
      (r) => r.deviceGroupId,
    );
    const edgesBy = groupBy(
      edges,
      (r) => r.roleId,
      (r) => r.edgeId,
    );
    const membersBy = groupBy(
      members,
      (r) => r.roleId,
      (r) => r.userId,
    );
    const adminsBy = groupBy(
      admins,
      (r) => r.roleId,
      (r) => r.userId,
    );
    return roles.map((role) => ({
      id: role.id,
      name: role.name,
      description: role.description,
      builtIn: Boolean(role.builtIn),
      // Unknown strings (a permission removed from the code) are dropped, never granted.
      permissions: new Set([...(permissionsBy.get(role.id) ?? [])].filter(isPermission)),
      allDeviceGroups: Boolean(role.allDeviceGroups),
      deviceGroupIds: role.allDeviceGroups ? new Set<string>() : (groupsBy.get(role.id) ?? new Set<string>()),
      allEdges: Boolean(role.allEdges),
      edgeIds: role.allEdges ? new Set<string>() : (edgesBy.get(role.id) ?? new Set<string>()),
      memberIds: membersBy.get(role.id) ?? new Set<string>(),
      administratorIds: adminsBy.get(role.id) ?? new Set<string>(),
      createdAt: role.createdAt,
      updatedAt: role.updatedAt,
    }));
  }
}
