import { Permission } from '@fleetward/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildAccessServices } from '../../../../test/fakes/roles/access-services';

type Services = Awaited<ReturnType<typeof buildAccessServices>>;

/**
 * Device groups, devices and edges scoped by roles, over in-memory fakes.
 * World: groups A and B; alice administers and belongs to "Site A" (DGM + DM RW + SM, group A).
 */
describe('device groups, devices and edges (services over fakes)', () => {
  let s: Services;
  let groupA: string;
  let groupB: string;
  let siteA: string;

  beforeEach(async () => {
    s = await buildAccessServices(['alice', 'bob']);
    const admin = await s.scopeOf('admin');
    groupA = (await s.groups.create({ name: 'A' }, admin)).id;
    groupB = (await s.groups.create({ name: 'B' }, admin)).id;
    const role = await s.roles.copy(
      await s.builtInId(),
      {
        name: 'Site A',
        permissions: [Permission.DeviceGroupManagement, Permission.DeviceManagementRw, Permission.SystemManagement],
        deviceGroupIds: [groupA],
        edgeIds: [],
      },
      admin,
    );
    siteA = role.id;
    await s.roles.setMembers(siteA, ['alice'], admin);
    await s.roles.setAdministrators(siteA, ['admin', 'alice'], admin);
  });

  it('lists only reachable groups with their device counts', async () => {
    const admin = await s.scopeOf('admin');
    await s.devices.create({ name: 'a1', address: '127.1.0.1', groupIds: [groupA] }, admin);
    await s.devices.create({ name: 'ab', address: '127.1.0.2', groupIds: [groupA, groupB] }, admin);
    const alice = await s.scopeOf('alice');
    expect((await s.groups.list(alice)).map((g) => [g.name, g.deviceCount])).toEqual([['A', 2]]);
    expect((await s.groups.list(admin)).map((g) => g.name)).toEqual(['A', 'B']);
    expect(await s.groups.list(await s.scopeOf('bob'))).toEqual([]);
  });

  it('hides groups outside the scope behind 404 for read, rename and delete', async () => {
    const alice = await s.scopeOf('alice');
    await expect(s.groups.get(groupB, alice)).rejects.toMatchObject({ code: 'DEVICE_GROUP_NOT_FOUND', status: 404 });
    await expect(s.groups.update(groupB, { name: 'x' }, alice)).rejects.toMatchObject({
      code: 'DEVICE_GROUP_NOT_FOUND',
    });
    await expect(s.groups.delete(groupB, alice)).rejects.toMatchObject({ code: 'DEVICE_GROUP_NOT_FOUND' });
  });

  it('adds a group created by a scoped user to his administered role holding Device Group Management', async () => {
    const created = await s.groups.create({ name: 'A annex' }, await s.scopeOf('alice'));
    expect((await s.roleRepo.findById(siteA))!.deviceGroupIds.has(created.id)).toBe(true);
    expect((await s.groups.list(await s.scopeOf('alice'))).map((g) => g.name)).toEqual(['A', 'A annex']);
  });

  it('refuses a group to a scoped user who administers no role granting Device Group Management', async () => {
    await s.roles.setAdministrators(siteA, ['admin'], await s.scopeOf('admin'));
    await expect(s.groups.create({ name: 'orphan' }, await s.scopeOf('alice'))).rejects.toMatchObject({
      code: 'DEVICE_GROUP_NO_ROLE_TO_RECEIVE',
      status: 403,
    });
    expect(await s.groups.list(await s.scopeOf('admin'))).toHaveLength(2);
  });

  it('refuses duplicate group names case-insensitively', async () => {
    await expect(s.groups.create({ name: ' a ' }, await s.scopeOf('admin'))).rejects.toMatchObject({
      code: 'DEVICE_GROUP_NAME_TAKEN',
    });
    await expect(s.groups.update(groupA, { name: 'b' }, await s.scopeOf('admin'))).rejects.toMatchObject({
      code: 'DEVICE_GROUP_NAME_TAKEN',
    });
    expect((await s.groups.update(groupA, { name: 'a' }, await s.scopeOf('admin'))).name).toBe('a');
  });

  it('devices: visible through any reachable group; a device in no group only with all groups', async () => {
    const admin = await s.scopeOf('admin');
    const a1 = await s.devices.create({ name: 'a1', address: '127.1.0.1', groupIds: [groupA] }, admin);
    const ab = await s.devices.create({ name: 'ab', address: '127.1.0.2', groupIds: [groupA, groupB] }, admin);
    const loose = await s.devices.create({ name: 'loose', address: '127.1.0.3' }, admin);
    const alice = await s.scopeOf('alice');
    const page = await s.devices.list(alice, {});
    expect(page.items.map((d) => d.name)).toEqual(['a1', 'ab']);
    expect(page.items[1]!.groupIds).toEqual([groupA]);
    await expect(s.devices.get(loose.id, alice)).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect((await s.devices.get(loose.id, admin)).groupIds).toEqual([]);
    await expect(s.devices.delete(ab.id, alice)).rejects.toMatchObject({
      code: 'DEVICE_IN_FOREIGN_GROUPS',
      status: 403,
    });
    await s.devices.delete(a1.id, alice);
    expect((await s.devices.list(alice, {})).total).toBe(1);
  });

  it('devices: a scoped creator must name one of his groups; groups and edges outside scope are 404', async () => {
    const alice = await s.scopeOf('alice');
    await expect(s.devices.create({ name: 'x', address: '127.1.0.9' }, alice)).rejects.toMatchObject({
      code: 'DEVICE_GROUP_REQUIRED',
    });
    await expect(
      s.devices.create({ name: 'x', address: '127.1.0.9', groupIds: [groupB] }, alice),
    ).rejects.toMatchObject({
      code: 'DEVICE_GROUP_NOT_FOUND',
    });
    const edge = await s.edges.create({ name: 'edge-b' }, await s.scopeOf('admin'));
    await expect(
      s.devices.create({ name: 'x', address: '127.1.0.9', groupIds: [groupA], edgeId: edge.id }, alice),
    ).rejects.toMatchObject({
      code: 'EDGE_NOT_FOUND',
    });
  });

  it('membership: add is idempotent, only visible devices, removal of a non-member is 404', async () => {
    const admin = await s.scopeOf('admin');
    const b1 = await s.devices.create({ name: 'b1', address: '127.1.0.4', groupIds: [groupB] }, admin);
    const alice = await s.scopeOf('alice');
    await expect(s.devices.addToGroup(groupA, [b1.id], alice)).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect((await s.devices.addToGroup(groupA, [b1.id, b1.id], admin)).deviceCount).toBe(1);
    expect((await s.devices.addToGroup(groupA, [b1.id], admin)).deviceCount).toBe(1);
    expect((await s.devices.listInGroup(groupA, alice, {})).items.map((d) => d.name)).toEqual(['b1']);
    await s.devices.removeFromGroup(groupA, b1.id, alice);
    await expect(s.devices.removeFromGroup(groupA, b1.id, alice)).rejects.toMatchObject({
      code: 'DEVICE_NOT_IN_GROUP',
    });
    await expect(s.devices.listInGroup(groupB, alice, {})).rejects.toMatchObject({ code: 'DEVICE_GROUP_NOT_FOUND' });
  });

  it('devices: pages and searches name or address', async () => {
    const admin = await s.scopeOf('admin');
    for (const n of [3, 1, 2])
      await s.devices.create({ name: `mfp-${n}`, address: `host-${n}.example.test`, groupIds: [groupA] }, admin);
    const page = await s.devices.list(admin, { page: 2, pageSize: 2 });
    expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.items.map((d) => d.name)).toEqual(['mfp-3']);
    expect((await s.devices.list(admin, { search: 'HOST-2' })).items.map((d) => d.name)).toEqual(['mfp-2']);
  });

  it("edges: a new edge joins the creator's administered System Management role; others stay hidden", async () => {
    const admin = await s.scopeOf('admin');
    const hidden = await s.edges.create({ name: 'edge-hq' }, admin);
    const mine = await s.edges.create({ name: 'edge-a' }, await s.scopeOf('alice'));
    expect((await s.edges.list(await s.scopeOf('alice'))).map((e) => e.id)).toEqual([mine.id]);
    expect((await s.edges.list(admin)).map((e) => e.id)).toEqual([mine.id, hidden.id]);
    await expect(s.edges.create({ name: 'EDGE-A' }, admin)).rejects.toMatchObject({ code: 'EDGE_NAME_TAKEN' });
    await expect(s.edges.create({ name: 'edge-bob' }, await s.scopeOf('bob'))).rejects.toMatchObject({
      code: 'EDGE_NO_ROLE_TO_RECEIVE',
    });
  });
});
