import { type AccessScope, GRANTABLE_PERMISSIONS, Permission } from '@fleetward/domain';
import { describe, expect, it } from 'vitest';
import { FULL_GRANTS, type RoleGrants, unionGrants } from './role-grants';
import {
  assertCanDeleteRole,
  assertCanRenameRole,
  canCopyRole,
  canEditRole,
  type GrantChanges,
  planRoleAdministrators,
  planRoleCopy,
  planRoleEdit,
  planRoleMembers,
  type RoleFacts,
} from './role-rules';

const P = Permission;

/** Grants as plain lists, as tests write them. */
interface GrantLists {
  permissions?: Permission[];
  allDeviceGroups?: boolean;
  deviceGroupIds?: string[];
  allEdges?: boolean;
  edgeIds?: string[];
}

function grants(x: GrantLists = {}): RoleGrants {
  return {
    permissions: new Set(x.permissions ?? []),
    allDeviceGroups: x.allDeviceGroups ?? false,
    deviceGroupIds: new Set(x.deviceGroupIds ?? []),
    allEdges: x.allEdges ?? false,
    edgeIds: new Set(x.edgeIds ?? []),
  };
}

interface RoleInit {
  name?: string;
  builtIn?: boolean;
  permissions?: Permission[];
  allDeviceGroups?: boolean;
  deviceGroupIds?: string[];
  allEdges?: boolean;
  edgeIds?: string[];
  administratorIds?: string[];
  memberIds?: string[];
}

function roleFactory(init: RoleInit = {}): RoleFacts {
  return {
    id: 'role-1',
    name: init.name ?? 'Site A operators',
    builtIn: init.builtIn ?? false,
    ...grants(init),
    administratorIds: new Set(init.administratorIds ?? []),
    memberIds: new Set(init.memberIds ?? []),
  };
}

interface ActorInit {
  userId?: string;
  isSuperAdmin?: boolean;
  permissions?: Permission[];
  allDeviceGroups?: boolean;
  deviceGroupIds?: string[];
  allEdges?: boolean;
  edgeIds?: string[];
}

function actorFactory(init: ActorInit = {}): AccessScope {
  return { userId: init.userId ?? 'alice', isSuperAdmin: init.isSuperAdmin ?? false, ...grants(init) };
}

const superAdmin = actorFactory({ userId: 'admin', isSuperAdmin: true });

/** A role alice belongs to and administers, plus alice holding exactly that role. */
function aliceWithRole(init: RoleInit = {}) {
  const role = roleFactory({
    permissions: [P.DeviceGroupManagement, P.DeviceManagementRw, P.RoleManagement],
    deviceGroupIds: ['g1', 'g2'],
    edgeIds: ['e1'],
    administratorIds: ['alice'],
    memberIds: ['alice'],
    ...init,
  });
  const actor = actorFactory({
    userId: 'alice',
    permissions: [...role.permissions],
    allDeviceGroups: role.allDeviceGroups,
    deviceGroupIds: [...role.deviceGroupIds],
    allEdges: role.allEdges,
    edgeIds: [...role.edgeIds],
  });
  return { role, actor };
}

function sorted<T>(s: ReadonlySet<T>): T[] {
  return [...s].sort();
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('unionGrants', () => {
  it('unions every dimension and lets an all-flag swallow explicit ids', () => {
    const u = unionGrants([
      grants({ permissions: [P.RoleManagement], deviceGroupIds: ['g1'], edgeIds: ['e1'] }),
      grants({ permissions: [P.UserManagement], deviceGroupIds: ['g2'], allEdges: true }),
    ]);
    expect(sorted(u.permissions)).toEqual([P.RoleManagement, P.UserManagement].sort());
    expect(sorted(u.deviceGroupIds)).toEqual(['g1', 'g2']);
    expect(u.allDeviceGroups).toBe(false);
    expect(u.allEdges).toBe(true);
    expect(u.edgeIds.size).toBe(0);
  });

  it('of no roles is nothing', () => {
    const u = unionGrants([]);
    expect(u.permissions.size).toBe(0);
    expect(u.allDeviceGroups || u.allEdges).toBe(false);
  });
});

describe('copy', () => {
  it('copies a role the caller belongs to, keeping the source grants when the request narrows nothing', () => {
    const { role, actor } = aliceWithRole();
    const copy = planRoleCopy(role, {}, actor);
    expect(sorted(copy.permissions)).toEqual(sorted(role.permissions));
    expect(sorted(copy.deviceGroupIds)).toEqual(['g1', 'g2']);
    expect(sorted(copy.edgeIds)).toEqual(['e1']);
    expect(copy.allDeviceGroups).toBe(false);
  });

  it('refuses a caller who is not a member of the source (ROLE_COPY_NOT_MEMBER), even an administrator of it', () => {
    const { role } = aliceWithRole({ memberIds: ['bob'], administratorIds: ['alice'] });
    const actor = actorFactory({
      userId: 'alice',
      permissions: GRANTABLE_PERMISSIONS as Permission[],
      allDeviceGroups: true,
      allEdges: true,
    });
    expect(() => planRoleCopy(role, {}, actor)).toThrow(/copy only roles you belong to/);
    expect(codeOf(() => planRoleCopy(role, {}, actor))).toBe('ROLE_COPY_NOT_MEMBER');
    expect(canCopyRole(role, actor)).toBe(false);
  });

  it('narrows functions, groups and edges on request', () => {
    const { role, actor } = aliceWithRole();
    const copy = planRoleCopy(
      role,
      { permissions: [P.DeviceManagementRw], deviceGroupIds: ['g2'], edgeIds: [] },
      actor,
    );
    expect(sorted(copy.permissions)).toEqual([P.DeviceManagementRw]);
    expect(sorted(copy.deviceGroupIds)).toEqual(['g2']);
    expect(copy.edgeIds.size).toBe(0);
  });

  it('refuses a function the source does not grant (ROLE_COPY_WIDENS names it)', () => {
    const { role, actor } = aliceWithRole();
    const fn = () => planRoleCopy(role, { permissions: [P.DeviceManagementRw, P.UserManagement] }, actor);
    expect(codeOf(fn)).toBe('ROLE_COPY_WIDENS');
    expect(fn).toThrow(/functions \[user-management\]/);
  });

  it('refuses a device group the source does not reach, naming the group id', () => {
    const { role, actor } = aliceWithRole();
    const fn = () => planRoleCopy(role, { deviceGroupIds: ['g1', 'g9'] }, actor);
    expect(codeOf(fn)).toBe('ROLE_COPY_WIDENS');
    expect(fn).toThrow(/device groups \[g9\]/);
  });

  it('refuses an edge the source does not reach, naming the edge id', () => {
    const { role, actor } = aliceWithRole();
    const fn = () => planRoleCopy(role, { edgeIds: ['e2'] }, actor);
    expect(codeOf(fn)).toBe('ROLE_COPY_WIDENS');
    expect(fn).toThrow(/edges \[e2\]/);
  });

  it('refuses all device groups / all edges from a source with explicit lists', () => {
    const { role, actor } = aliceWithRole();
    expect(() => planRoleCopy(role, { allDeviceGroups: true }, actor)).toThrow(/all device groups/);
    expect(() => planRoleCopy(role, { allEdges: true }, actor)).toThrow(/all edges/);
  });

  it('lets a copy of an all-groups source list any group the caller reaches', () => {
    const { role, actor } = aliceWithRole({ allDeviceGroups: true, deviceGroupIds: [], allEdges: true, edgeIds: [] });
    const copy = planRoleCopy(role, { deviceGroupIds: ['any-group'], edgeIds: ['any-edge'] }, actor);
    expect(copy.allDeviceGroups).toBe(false);
    expect(sorted(copy.deviceGroupIds)).toEqual(['any-group']);
    expect(sorted(copy.edgeIds)).toEqual(['any-edge']);
  });

  it('allDeviceGroups:false alone on an all-groups source gives a copy with no groups', () => {
    const { role, actor } = aliceWithRole({ allDeviceGroups: true, deviceGroupIds: [] });
    const copy = planRoleCopy(role, { allDeviceGroups: false }, actor);
    expect(copy.allDeviceGroups).toBe(false);
    expect(copy.deviceGroupIds.size).toBe(0);
  });

  it('refuses what the source grants but the caller does not hold (membership lagging behind the source)', () => {
    // Alice is listed as member, but her resolved holdings lack what the source grants
    // (e.g. the source was widened after her scope was computed): the caller cap still applies.
    const { role } = aliceWithRole();
    const actor = actorFactory({
      userId: 'alice',
      permissions: [P.RoleManagement],
      deviceGroupIds: ['g1'],
      edgeIds: [],
    });
    const fn = () =>
      planRoleCopy(role, { permissions: [P.DeviceManagementRw], deviceGroupIds: ['g2'], edgeIds: ['e1'] }, actor);
    expect(codeOf(fn)).toBe('ROLE_COPY_WIDENS');
    expect(fn).toThrow(/functions \[device-management-rw\]; device groups \[g2\]; edges \[e1\]/);
  });

  it('caps fields the request leaves out to what the caller holds', () => {
    const { role } = aliceWithRole({ allDeviceGroups: true, deviceGroupIds: [] });
    const actor = actorFactory({
      userId: 'alice',
      permissions: [P.DeviceManagementRw],
      deviceGroupIds: ['g1'],
      edgeIds: ['e1'],
    });
    const copy = planRoleCopy(role, {}, actor);
    expect(sorted(copy.permissions)).toEqual([P.DeviceManagementRw]);
    expect(copy.allDeviceGroups).toBe(false);
    expect(sorted(copy.deviceGroupIds)).toEqual(['g1']);
  });

  it('lets a copy grant RO when source and caller hold RW (RW implies RO is not a widening)', () => {
    const { role, actor } = aliceWithRole();
    const copy = planRoleCopy(role, { permissions: [P.DeviceManagementRo] }, actor);
    expect(sorted(copy.permissions)).toEqual([P.DeviceManagementRo]);
  });

  it('refuses RW when the source grants only RO', () => {
    const { role, actor } = aliceWithRole({ permissions: [P.DeviceManagementRo] });
    expect(codeOf(() => planRoleCopy(role, { permissions: [P.DeviceManagementRw] }, actor))).toBe('ROLE_COPY_WIDENS');
  });

  it('lets the Super Admin copy any role (he counts as member of every role), still capped by the source', () => {
    const { role } = aliceWithRole();
    expect(canCopyRole(role, superAdmin)).toBe(true);
    expect(planRoleCopy(role, { deviceGroupIds: ['g1'] }, superAdmin).deviceGroupIds).toEqual(new Set(['g1']));
    expect(codeOf(() => planRoleCopy(role, { permissions: [P.SystemManagement] }, superAdmin))).toBe(
      'ROLE_COPY_WIDENS',
    );
  });

  it('lets the built-in role be copied, narrowed to explicit groups', () => {
    const builtIn = roleFactory({
      name: 'Super Admin',
      builtIn: true,
      ...fullInit(),
      memberIds: ['admin'],
      administratorIds: ['admin'],
    });
    const copy = planRoleCopy(builtIn, { permissions: [P.DeviceManagementRo], deviceGroupIds: ['g1'] }, superAdmin);
    expect(copy.allDeviceGroups).toBe(false);
    expect(copy.allEdges).toBe(true);
    expect(sorted(copy.permissions)).toEqual([P.DeviceManagementRo]);
  });

  it('rejects Public as a granted function and all-flag plus list together', () => {
    const { role, actor } = aliceWithRole();
    expect(codeOf(() => planRoleCopy(role, { permissions: [P.Public] }, actor))).toBe('ROLE_PERMISSION_NOT_GRANTABLE');
    expect(codeOf(() => planRoleCopy(role, { allDeviceGroups: true, deviceGroupIds: ['g1'] }, actor))).toBe(
      'ROLE_SCOPE_CONFLICT',
    );
    expect(codeOf(() => planRoleCopy(role, { allEdges: true, edgeIds: ['e1'] }, actor))).toBe('ROLE_SCOPE_CONFLICT');
  });
});

function fullInit(): RoleInit {
  return { permissions: [...FULL_GRANTS.permissions], allDeviceGroups: true, allEdges: true };
}

describe('edit', () => {
  it('lets an administrator narrow the role in every dimension', () => {
    const { role, actor } = aliceWithRole();
    const next = planRoleEdit(role, { permissions: [P.RoleManagement], deviceGroupIds: [], edgeIds: [] }, actor);
    expect(sorted(next.permissions)).toEqual([P.RoleManagement]);
    expect(next.deviceGroupIds.size + next.edgeIds.size).toBe(0);
  });

  it('lets an administrator add what he holds through another role', () => {
    const { role } = aliceWithRole();
    const actor = actorFactory({
      userId: 'alice',
      permissions: [...role.permissions, P.UserManagement],
      deviceGroupIds: ['g1', 'g2', 'g3'],
      edgeIds: ['e1', 'e2'],
    });
    const next = planRoleEdit(
      role,
      { permissions: [...role.permissions, P.UserManagement], deviceGroupIds: ['g3'], edgeIds: ['e1', 'e2'] },
      actor,
    );
    expect(next.permissions.has(P.UserManagement)).toBe(true);
    expect(sorted(next.deviceGroupIds)).toEqual(['g3']);
    expect(sorted(next.edgeIds)).toEqual(['e1', 'e2']);
  });

  it('refuses a non-administrator (ROLE_NOT_ADMINISTRATOR), even a member who holds everything', () => {
    const { role } = aliceWithRole({ administratorIds: ['bob'] });
    const actor = actorFactory({ userId: 'alice', ...fullInit() });
    const fn = () => planRoleEdit(role, { permissions: [] }, actor);
    expect(codeOf(fn)).toBe('ROLE_NOT_ADMINISTRATOR');
    expect(fn).toThrow(/Only administrators of the role "Site A operators" may edit it/);
    expect(codeOf(() => assertCanRenameRole(role, actor))).toBe('ROLE_NOT_ADMINISTRATOR');
    expect(canEditRole(role, actor)).toBe(false);
  });

  it('refuses adding a function the editor does not hold (ROLE_EDIT_WIDENS names it)', () => {
    const { role, actor } = aliceWithRole();
    const fn = () => planRoleEdit(role, { permissions: [...role.permissions, P.SystemManagement] }, actor);
    expect(codeOf(fn)).toBe('ROLE_EDIT_WIDENS');
    expect(fn).toThrow(/functions \[system-management\]/);
  });

  it('refuses adding a device group or an edge the editor does not reach', () => {
    const { role, actor } = aliceWithRole();
    expect(() => planRoleEdit(role, { deviceGroupIds: ['g1', 'g7'] }, actor)).toThrow(/device groups \[g7\]/);
    expect(() => planRoleEdit(role, { edgeIds: ['e9'] }, actor)).toThrow(/edges \[e9\]/);
  });

  it('refuses switching to all groups / all edges unless the editor holds all of them', () => {
    const { role, actor } = aliceWithRole();
    expect(codeOf(() => planRoleEdit(role, { allDeviceGroups: true, deviceGroupIds: [] }, actor))).toBe(
      'ROLE_EDIT_WIDENS',
    );
    expect(codeOf(() => planRoleEdit(role, { allEdges: true }, actor))).toBe('ROLE_EDIT_WIDENS');
    const allHolder = actorFactory({
      userId: 'alice',
      permissions: [...role.permissions],
      allDeviceGroups: true,
      allEdges: true,
    });
    const next = planRoleEdit(role, { allDeviceGroups: true, allEdges: true }, allHolder);
    expect(next.allDeviceGroups && next.allEdges).toBe(true);
    expect(next.deviceGroupIds.size).toBe(0);
  });

  it('judges only what the edit adds: keeping grants the editor lacks is not a widening', () => {
    // Alice administers a role with g1, g2, system-management but holds only g1 herself.
    const role = roleFactory({
      permissions: [P.SystemManagement],
      deviceGroupIds: ['g1', 'g2'],
      administratorIds: ['alice'],
    });
    const actor = actorFactory({ userId: 'alice', permissions: [P.RoleManagement], deviceGroupIds: ['g1'] });
    const next = planRoleEdit(role, { deviceGroupIds: ['g2'] }, actor);
    expect(sorted(next.deviceGroupIds)).toEqual(['g2']);
    expect(sorted(next.permissions)).toEqual([P.SystemManagement]);
  });

  it('narrowing from all groups to a list the editor does not reach is allowed (nothing is added)', () => {
    const role = roleFactory({ allDeviceGroups: true, administratorIds: ['alice'] });
    const actor = actorFactory({ userId: 'alice', deviceGroupIds: [] });
    expect(sorted(planRoleEdit(role, { deviceGroupIds: ['g5'] }, actor).deviceGroupIds)).toEqual(['g5']);
  });

  it('adding RO to a role is fine for an editor who holds RW, adding RW is not for one who holds RO', () => {
    const role = roleFactory({ administratorIds: ['alice'] });
    expect(
      planRoleEdit(role, { permissions: [P.DeviceManagementRo] }, actorFactory({ permissions: [P.DeviceManagementRw] }))
        .permissions,
    ).toEqual(new Set([P.DeviceManagementRo]));
    expect(
      codeOf(() =>
        planRoleEdit(
          role,
          { permissions: [P.DeviceManagementRw] },
          actorFactory({ permissions: [P.DeviceManagementRo] }),
        ),
      ),
    ).toBe('ROLE_EDIT_WIDENS');
  });

  it('refuses any edit of the built-in role, even by the Super Admin (ROLE_BUILT_IN)', () => {
    const builtIn = roleFactory({
      name: 'Super Admin',
      builtIn: true,
      ...fullInit(),
      memberIds: ['admin'],
      administratorIds: ['admin'],
    });
    expect(codeOf(() => planRoleEdit(builtIn, { permissions: [] }, superAdmin))).toBe('ROLE_BUILT_IN');
    expect(codeOf(() => assertCanRenameRole(builtIn, superAdmin))).toBe('ROLE_BUILT_IN');
    expect(canEditRole(builtIn, superAdmin)).toBe(false);
  });

  it('lets the Super Admin edit any role he is not listed on, adding anything', () => {
    const role = roleFactory({ administratorIds: ['bob'] });
    const next = planRoleEdit(role, { allDeviceGroups: true, permissions: [P.SystemManagement] }, superAdmin);
    expect(next.allDeviceGroups).toBe(true);
    expect(canEditRole(role, superAdmin)).toBe(true);
  });

  it('an empty change keeps the role as it is', () => {
    const { role, actor } = aliceWithRole();
    const next = planRoleEdit(role, {} satisfies GrantChanges, actor);
    expect(sorted(next.permissions)).toEqual(sorted(role.permissions));
    expect(sorted(next.deviceGroupIds)).toEqual(sorted(role.deviceGroupIds));
  });
});

describe('delete', () => {
  it('lets an administrator delete', () => {
    const { role, actor } = aliceWithRole();
    expect(() => assertCanDeleteRole(role, actor)).not.toThrow();
  });

  it('refuses a non-administrator', () => {
    const { role } = aliceWithRole({ administratorIds: ['bob'] });
    const fn = () => assertCanDeleteRole(role, actorFactory({ userId: 'alice' }));
    expect(codeOf(fn)).toBe('ROLE_NOT_ADMINISTRATOR');
    expect(fn).toThrow(/may delete it/);
  });

  it('refuses the built-in role, even for the Super Admin', () => {
    const builtIn = roleFactory({ builtIn: true, administratorIds: ['admin'] });
    expect(codeOf(() => assertCanDeleteRole(builtIn, superAdmin))).toBe('ROLE_BUILT_IN');
  });
});

describe('administrators', () => {
  it('lets an administrator hand over the role and de-duplicates', () => {
    const { role, actor } = aliceWithRole();
    expect(planRoleAdministrators(role, ['bob', 'bob', 'carol'], actor)).toEqual(['bob', 'carol']);
  });

  it('refuses a non-administrator, even a member', () => {
    const { role } = aliceWithRole({ administratorIds: ['bob'] });
    const fn = () => planRoleAdministrators(role, ['alice'], actorFactory({ userId: 'alice' }));
    expect(codeOf(fn)).toBe('ROLE_NOT_ADMINISTRATOR');
    expect(fn).toThrow(/change its administrators/);
  });

  it('refuses removing the last administrator (empty list)', () => {
    const { role, actor } = aliceWithRole();
    const fn = () => planRoleAdministrators(role, [], actor);
    expect(codeOf(fn)).toBe('ROLE_LAST_ADMINISTRATOR');
    expect(fn).toThrow(/at least one administrator/);
  });

  it('lets the Super Admin change administrators of any role, and of the built-in role', () => {
    const role = roleFactory({ administratorIds: ['bob'] });
    expect(planRoleAdministrators(role, ['carol'], superAdmin)).toEqual(['carol']);
    const builtIn = roleFactory({ builtIn: true, administratorIds: ['admin'] });
    expect(planRoleAdministrators(builtIn, ['admin', 'carol'], superAdmin)).toEqual(['admin', 'carol']);
    expect(codeOf(() => planRoleAdministrators(builtIn, [], superAdmin))).toBe('ROLE_LAST_ADMINISTRATOR');
  });

  it('an administrator may remove himself while another administrator remains', () => {
    const { role, actor } = aliceWithRole({ administratorIds: ['alice', 'bob'] });
    expect(planRoleAdministrators(role, ['bob'], actor)).toEqual(['bob']);
  });
});

describe('members', () => {
  it('lets an administrator give the role to other users', () => {
    const { role, actor } = aliceWithRole();
    expect(planRoleMembers(role, ['alice', 'bob', 'bob'], actor)).toEqual(['alice', 'bob']);
  });

  it('refuses a non-administrator', () => {
    const { role } = aliceWithRole({ administratorIds: ['bob'] });
    expect(codeOf(() => planRoleMembers(role, ['carol'], actorFactory({ userId: 'alice' })))).toBe(
      'ROLE_NOT_ADMINISTRATOR',
    );
  });

  it('refuses an administrator adding himself to a role that grants more than he holds', () => {
    const role = roleFactory({ permissions: [P.UserManagement], deviceGroupIds: ['g1'], administratorIds: ['alice'] });
    const actor = actorFactory({ userId: 'alice', permissions: [P.RoleManagement] });
    const fn = () => planRoleMembers(role, ['alice'], actor);
    expect(codeOf(fn)).toBe('ROLE_SELF_MEMBERSHIP_WIDENS');
    expect(fn).toThrow(/functions \[user-management\]; device groups \[g1\]/);
  });

  it('lets an administrator add himself to a role within his holdings, and keep an existing membership', () => {
    const role = roleFactory({
      permissions: [P.DeviceManagementRo],
      deviceGroupIds: ['g1'],
      administratorIds: ['alice'],
    });
    const actor = actorFactory({ userId: 'alice', permissions: [P.DeviceManagementRw], deviceGroupIds: ['g1', 'g2'] });
    expect(planRoleMembers(role, ['alice'], actor)).toEqual(['alice']);
    const wide = roleFactory({ permissions: [P.UserManagement], administratorIds: ['alice'], memberIds: ['alice'] });
    expect(planRoleMembers(wide, ['alice', 'bob'], actorFactory({ userId: 'alice' }))).toEqual(['alice', 'bob']);
  });

  it('allows an empty member list', () => {
    const { role, actor } = aliceWithRole();
    expect(planRoleMembers(role, [], actor)).toEqual([]);
  });
});
