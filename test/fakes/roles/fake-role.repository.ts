/* eslint-disable no-restricted-imports -- a fake mirrors a server repository; server code has no path alias. */
import type { Permission } from '@fleetward/domain';
import type { RoleGrants } from '../../../server/src/modules/roles/role-grants';
import { RoleNameTakenError } from '../../../server/src/modules/roles/role.errors';
import type {
  NewRole,
  RoleRecord,
  RoleRepository,
  RoleUpdate,
} from '../../../server/src/modules/roles/role.repository';

type PublicOf<T> = { [K in keyof T]: T[K] };

interface MutableRole {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  permissions: Set<Permission>;
  allDeviceGroups: boolean;
  deviceGroupIds: Set<string>;
  allEdges: boolean;
  edgeIds: Set<string>;
  administratorIds: Set<string>;
  memberIds: Set<string>;
  createdAt: Date;
  updatedAt: Date;
}

/** In-memory RoleRepository for service unit tests: same contract, no database. */
export class FakeRoleRepository implements PublicOf<RoleRepository> {
  readonly roles = new Map<string, MutableRole>();
  readonly users = new Map<string, { isSuperAdmin: boolean }>();
  readonly deviceGroupIds = new Set<string>();
  readonly edgeIds = new Set<string>();

  addUser(id: string, isSuperAdmin = false): this {
    this.users.set(id, { isSuperAdmin });
    return this;
  }

  findAll(): Promise<RoleRecord[]> {
    return Promise.resolve([...this.roles.values()].sort((a, b) => a.name.localeCompare(b.name)).map(snapshot));
  }

  findById(id: string): Promise<RoleRecord | null> {
    const role = this.roles.get(id);
    return Promise.resolve(role ? snapshot(role) : null);
  }

  findByIds(ids: readonly string[]): Promise<RoleRecord[]> {
    return Promise.resolve(ids.flatMap((id) => (this.roles.has(id) ? [snapshot(this.roles.get(id)!)] : [])));
  }

  findBuiltIn(): Promise<RoleRecord | null> {
    const role = [...this.roles.values()].find((r) => r.builtIn);
    return Promise.resolve(role ? snapshot(role) : null);
  }

  findIdByName(name: string): Promise<string | null> {
    const wanted = name.trim().toLowerCase();
    return Promise.resolve([...this.roles.values()].find((r) => r.name.toLowerCase() === wanted)?.id ?? null);
  }

  findByMember(userId: string): Promise<RoleRecord[]> {
    return Promise.resolve([...this.roles.values()].filter((r) => r.memberIds.has(userId)).map(snapshot));
  }

  roleIdsByUser(userIds: readonly string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>(userIds.map((id) => [id, []]));
    for (const role of this.roles.values()) for (const u of role.memberIds) map.get(u)?.push(role.id);
    return Promise.resolve(map);
  }

  async insert(role: NewRole): Promise<void> {
    if ((await this.findIdByName(role.name)) !== null) throw new RoleNameTakenError(role.name);
    this.roles.set(role.id, {
      id: role.id,
      name: role.name.trim(),
      description: role.description,
      builtIn: role.builtIn,
      ...copyGrants(role.grants),
      administratorIds: new Set(role.administratorIds),
      memberIds: new Set(role.memberIds),
      createdAt: role.now,
      updatedAt: role.now,
    });
  }

  update(id: string, update: RoleUpdate): Promise<void> {
    const role = this.mustGet(id);
    if (update.name !== undefined) role.name = update.name.trim();
    if (update.description !== undefined) role.description = update.description;
    if (update.grants) Object.assign(role, copyGrants(update.grants));
    role.updatedAt = update.now;
    return Promise.resolve();
  }

  setPermissions(id: string, permissions: readonly Permission[], now: Date): Promise<void> {
    const role = this.mustGet(id);
    role.permissions = new Set(permissions);
    role.updatedAt = now;
    return Promise.resolve();
  }

  setAdministrators(id: string, userIds: readonly string[], now: Date): Promise<void> {
    const role = this.mustGet(id);
    role.administratorIds = new Set(userIds);
    role.updatedAt = now;
    return Promise.resolve();
  }

  setMembers(id: string, userIds: readonly string[], now: Date): Promise<void> {
    const role = this.mustGet(id);
    role.memberIds = new Set(userIds);
    role.updatedAt = now;
    return Promise.resolve();
  }

  ensureUsers(id: string, kind: 'members' | 'administrators', userIds: readonly string[]): Promise<void> {
    const role = this.mustGet(id);
    const set = kind === 'members' ? role.memberIds : role.administratorIds;
    userIds.forEach((u) => set.add(u));
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    this.roles.delete(id);
    return Promise.resolve();
  }

  addDeviceGroupToRoles(deviceGroupId: string, roleIds: readonly string[], now: Date): Promise<void> {
    for (const id of roleIds) {
      const role = this.mustGet(id);
      role.deviceGroupIds.add(deviceGroupId);
      role.updatedAt = now;
    }
    return Promise.resolve();
  }

  addEdgeToRoles(edgeId: string, roleIds: readonly string[], now: Date): Promise<void> {
    for (const id of roleIds) {
      const role = this.mustGet(id);
      role.edgeIds.add(edgeId);
      role.updatedAt = now;
    }
    return Promise.resolve();
  }

  existingUserIds(ids: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(ids.filter((id) => this.users.has(id))));
  }

  existingDeviceGroupIds(ids: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(ids.filter((id) => this.deviceGroupIds.has(id))));
  }

  existingEdgeIds(ids: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(ids.filter((id) => this.edgeIds.has(id))));
  }

  superAdminUserIds(): Promise<string[]> {
    return Promise.resolve([...this.users.entries()].filter(([, u]) => u.isSuperAdmin).map(([id]) => id));
  }

  private mustGet(id: string): MutableRole {
    const role = this.roles.get(id);
    if (!role) throw new Error(`FakeRoleRepository: no role ${id}`);
    return role;
  }
}

function copyGrants(
  grants: RoleGrants,
): Pick<MutableRole, 'permissions' | 'allDeviceGroups' | 'deviceGroupIds' | 'allEdges' | 'edgeIds'> {
  return {
    permissions: new Set(grants.permissions),
    allDeviceGroups: grants.allDeviceGroups,
    deviceGroupIds: new Set(grants.allDeviceGroups ? [] : grants.deviceGroupIds),
    allEdges: grants.allEdges,
    edgeIds: new Set(grants.allEdges ? [] : grants.edgeIds),
  };
}

function snapshot(role: MutableRole): RoleRecord {
  return {
    ...role,
    permissions: new Set(role.permissions),
    deviceGroupIds: new Set(role.deviceGroupIds),
    edgeIds: new Set(role.edgeIds),
    administratorIds: new Set(role.administratorIds),
    memberIds: new Set(role.memberIds),
  };
}
