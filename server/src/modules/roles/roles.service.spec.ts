import { type AccessScope, GRANTABLE_PERMISSIONS, Permission } from '@fleetward/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeRoleRepository } from '../../../../test/fakes/roles/fake-role.repository';
import { FakeClock } from '../../../../test/support/fake-clock';
import { RoleAccessResolver } from './role-access.resolver';
import type { RoleRepository } from './role.repository';
import { RolesService } from './roles.service';

const G1 = '00000000-0000-4000-8000-000000000001';
const G2 = '00000000-0000-4000-8000-000000000002';
const E1 = '00000000-0000-4000-8000-0000000000e1';

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

describe('RolesService', () => {
  let repo: FakeRoleRepository;
  let clock: FakeClock;
  let sut: RolesService;
  let resolver: RoleAccessResolver;
  let adminScope: AccessScope;

  const scopeOf = (userId: string): Promise<AccessScope> => resolver.resolve({ id: userId, isSuperAdmin: false });

  beforeEach(async () => {
    repo = new FakeRoleRepository().addUser('admin', true).addUser('alice').addUser('bob');
    repo.deviceGroupIds.add(G1).add(G2);
    repo.edgeIds.add(E1);
    clock = new FakeClock();
    sut = new RolesService(repo as unknown as RoleRepository, clock);
    resolver = new RoleAccessResolver(repo as unknown as RoleRepository);
    await sut.ensureBuiltInRole();
    adminScope = await resolver.resolve({ id: 'admin', isSuperAdmin: true });
  });

  async function builtInId(): Promise<string> {
    return (await repo.findBuiltIn())!.id;
  }

  /** Admin copies Super Admin into "Site 1" (DGM + DM RW, group G1, edge E1) and gives it to alice. */
  async function site1ForAlice(): Promise<string> {
    const copy = await sut.copy(
      await builtInId(),
      {
        name: 'Site 1',
        permissions: [Permission.DeviceGroupManagement, Permission.DeviceManagementRw],
        deviceGroupIds: [G1],
        edgeIds: [E1],
      },
      adminScope,
    );
    await sut.setMembers(copy.id, ['alice'], adminScope);
    return copy.id;
  }

  it('seeds the built-in role once with every grantable function and the Super Admin as member and administrator', async () => {
    await sut.ensureBuiltInRole();
    const roles = await sut.list(adminScope);
    expect(roles).toHaveLength(1);
    const [builtIn] = roles;
    expect(builtIn).toMatchObject({
      name: 'Super Admin',
      builtIn: true,
      allDeviceGroups: true,
      allEdges: true,
      memberIds: ['admin'],
      administratorIds: ['admin'],
    });
    expect(builtIn!.permissions).toEqual([...GRANTABLE_PERMISSIONS].sort());
    expect(builtIn!.canCopy).toBe(true);
    expect(builtIn!.canEdit).toBe(false);
  });

  it('repairs the built-in role when a permission is missing (e.g. after an upgrade adds one)', async () => {
    const id = await builtInId();
    await repo.setPermissions(id, [Permission.RoleManagement], clock.now());
    await sut.ensureBuiltInRole();
    expect((await repo.findById(id))!.permissions.size).toBe(GRANTABLE_PERMISSIONS.length);
  });

  it('copy: the copier becomes the only administrator, the copy has no members, timestamps come from the clock', async () => {
    const copy = await sut.copy(
      await builtInId(),
      { name: 'Readers', permissions: [Permission.DeviceManagementRo] },
      adminScope,
    );
    expect(copy).toMatchObject({
      name: 'Readers',
      administratorIds: ['admin'],
      memberIds: [],
      builtIn: false,
      allDeviceGroups: true,
    });
    expect(copy.createdAt).toBe('2026-01-15T09:00:00.000Z');
    expect(copy.description).toBe('Copy of Super Admin');
    expect(copy.canEdit).toBe(true);
  });

  it('copy: refuses a duplicate name (case-insensitive) with ROLE_NAME_TAKEN', async () => {
    await rejectsWithCode(sut.copy(await builtInId(), { name: 'super admin' }, adminScope), 'ROLE_NAME_TAKEN');
  });

  it('copy: refuses unknown group ids for a caller who reaches every group', async () => {
    await rejectsWithCode(
      sut.copy(await builtInId(), { name: 'X', deviceGroupIds: ['00000000-0000-4000-8000-00000000dead'] }, adminScope),
      'ROLE_UNKNOWN_DEVICE_GROUPS',
    );
  });

  it('copy: a member copies his role narrower; a non-member is refused; widening is refused', async () => {
    const site1 = await site1ForAlice();
    const alice = await scopeOf('alice');
    const narrower = await sut.copy(
      site1,
      { name: 'Site 1 readers', permissions: [Permission.DeviceManagementRo] },
      alice,
    );
    expect(narrower).toMatchObject({
      permissions: [Permission.DeviceManagementRo],
      deviceGroupIds: [G1],
      administratorIds: ['alice'],
    });
    await rejectsWithCode(sut.copy(site1, { name: 'Wider', deviceGroupIds: [G1, G2] }, alice), 'ROLE_COPY_WIDENS');
    await rejectsWithCode(sut.copy(site1, { name: 'Bob copy' }, await scopeOf('bob')), 'ROLE_COPY_NOT_MEMBER');
    await rejectsWithCode(sut.copy(await builtInId(), { name: 'Steal' }, alice), 'ROLE_COPY_NOT_MEMBER');
  });

  it('edit: an administrator narrows; a widening beyond his holdings is refused; renaming needs administration', async () => {
    const site1 = await site1ForAlice();
    const alice = await scopeOf('alice');
    const readers = await sut.copy(
      site1,
      { name: 'Site 1 readers', permissions: [Permission.DeviceManagementRo] },
      alice,
    );
    const renamed = await sut.update(readers.id, { name: 'Site 1 viewers', edgeIds: [] }, alice);
    expect(renamed).toMatchObject({ name: 'Site 1 viewers', edgeIds: [] });
    await rejectsWithCode(
      sut.update(readers.id, { permissions: [Permission.UserManagement] }, alice),
      'ROLE_EDIT_WIDENS',
    );
    await rejectsWithCode(sut.update(readers.id, { description: 'x' }, await scopeOf('bob')), 'ROLE_NOT_ADMINISTRATOR');
    await rejectsWithCode(sut.update(await builtInId(), { description: 'x' }, adminScope), 'ROLE_BUILT_IN');
  });

  it('administrators: cannot become empty, unknown users are refused, a handed-over role leaves the old administrator out', async () => {
    const site1 = await site1ForAlice();
    await rejectsWithCode(sut.setAdministrators(site1, [], adminScope), 'ROLE_LAST_ADMINISTRATOR');
    await rejectsWithCode(sut.setAdministrators(site1, ['ghost'], adminScope), 'ROLE_UNKNOWN_USERS');
    const alice = await scopeOf('alice');
    const readers = await sut.copy(site1, { name: 'R' }, alice);
    await sut.setAdministrators(readers.id, ['bob'], alice);
    await rejectsWithCode(sut.delete(readers.id, alice), 'ROLE_NOT_ADMINISTRATOR');
    await sut.delete(readers.id, await scopeOf('bob'));
    expect(await repo.findById(readers.id)).toBeNull();
  });

  it('members: an administrator may not add himself to a role wider than what he holds', async () => {
    const wide = await sut.copy(
      await builtInId(),
      { name: 'Wide', permissions: [Permission.UserManagement] },
      adminScope,
    );
    await sut.setAdministrators(wide.id, ['bob'], adminScope);
    await rejectsWithCode(sut.setMembers(wide.id, ['bob'], await scopeOf('bob')), 'ROLE_SELF_MEMBERSHIP_WIDENS');
    const updated = await sut.setMembers(wide.id, ['alice'], await scopeOf('bob'));
    expect(updated.memberIds).toEqual(['alice']);
  });

  it('resolver: a user holds the union of his roles plus Public; roleIdsByUser lists memberships', async () => {
    const site1 = await site1ForAlice();
    const alice = await scopeOf('alice');
    expect([...alice.permissions].sort()).toEqual(
      [Permission.DeviceGroupManagement, Permission.DeviceManagementRw, Permission.Public].sort(),
    );
    expect([...alice.deviceGroupIds]).toEqual([G1]);
    expect(alice.allDeviceGroups).toBe(false);
    const bob = await scopeOf('bob');
    expect([...bob.permissions]).toEqual([Permission.Public]);
    expect((await resolver.roleIdsByUser(['alice', 'bob'])).get('alice')).toEqual([site1]);
  });

  it('new scope: a device group goes to roles the creator belongs to, administers and that grant the permission', async () => {
    const site1 = await site1ForAlice();
    let alice = await scopeOf('alice');
    // alice is a member but not an administrator of Site 1: nothing would receive the group.
    expect(await sut.rolesReceivingNewScope(alice, Permission.DeviceGroupManagement, 'deviceGroups')).toEqual({
      covered: false,
      roleIds: [],
    });
    await sut.setAdministrators(site1, ['admin', 'alice'], adminScope);
    alice = await scopeOf('alice');
    expect(await sut.rolesReceivingNewScope(alice, Permission.DeviceGroupManagement, 'deviceGroups')).toEqual({
      covered: false,
      roleIds: [site1],
    });
    expect(await sut.rolesReceivingNewScope(alice, Permission.SystemManagement, 'edges')).toEqual({
      covered: false,
      roleIds: [],
    });
    expect(await sut.rolesReceivingNewScope(adminScope, Permission.DeviceGroupManagement, 'deviceGroups')).toEqual({
      covered: true,
      roleIds: [],
    });
  });
});
