import type {
  AuditEntryResponse,
  CurrentUserResponse,
  DeviceGroupResponse,
  DeviceSummaryResponse,
  EdgeSummaryResponse,
  ErrorResponse,
  Page,
  RoleResponse,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support';
import {
  builtInRoleId,
  createDevice,
  createEdge,
  createGroup,
  expectStatus,
  makeRole,
  userWithRole,
} from './access-helpers';

const P = Permission;
const UNKNOWN_ID = '6f1c1d8e-0000-4000-8000-000000000000';

/**
 * Roles, device groups, devices and edges over real HTTPS (SQLite, or PostgreSQL with DATABASE_URL).
 * World: groups G1, G2; devices d1 (G1), d2 (G2), d3 (G1 and G2), d4 (no group); edges E1, E2.
 * Alice is the only member of "Site 1 operators" (copied by the admin from Super Admin): G1, E1,
 * Device Group Management + Device Management RW + Role Management.
 */
describe('roles and device groups over HTTP', () => {
  let server: TestServer;
  let admin: string;
  let g1: DeviceGroupResponse;
  let g2: DeviceGroupResponse;
  let d1: DeviceSummaryResponse;
  let d2: DeviceSummaryResponse;
  let d3: DeviceSummaryResponse;
  let d4: DeviceSummaryResponse;
  let e1: EdgeSummaryResponse;
  let e2: EdgeSummaryResponse;
  let alice: { id: string; token: string; role: RoleResponse };
  let bob: { id: string; token: string; role: RoleResponse };

  const call = <T = unknown>(method: string, path: string, token: string, body?: unknown) =>
    server.request<T>(method, `/api/v1${path}`, body === undefined ? { token } : { token, body });

  async function expectError(
    promise: Promise<{ status: number; body: unknown; text: string }>,
    status: number,
    code: string,
  ) {
    const res = await promise;
    expect(res.status, res.text).toBe(status);
    expect((res.body as ErrorResponse).code).toBe(code);
    expect((res.body as ErrorResponse).message.length).toBeGreaterThan(10);
    return res.body as ErrorResponse;
  }

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.loginAsAdmin();
    g1 = await createGroup(server, admin, 'Site 1');
    g2 = await createGroup(server, admin, 'Site 2');
    e1 = await createEdge(server, admin, 'edge-site-1');
    e2 = await createEdge(server, admin, 'edge-site-2');
    d1 = await createDevice(server, admin, { name: 'mfp-1', address: '127.1.0.1', groupIds: [g1.id], edgeId: e1.id });
    d2 = await createDevice(server, admin, { name: 'mfp-2', address: '127.1.0.2', groupIds: [g2.id], edgeId: e2.id });
    d3 = await createDevice(server, admin, {
      name: 'mfp-3',
      address: 'printer-3.example.test',
      groupIds: [g1.id, g2.id],
    });
    d4 = await createDevice(server, admin, { name: 'mfp-4', address: '::1' });
    alice = await userWithRole(server, admin, 'alice', {
      roleName: 'Site 1 operators',
      permissions: [P.DeviceGroupManagement, P.DeviceManagementRw, P.RoleManagement],
      deviceGroupIds: [g1.id],
      edgeIds: [e1.id],
    });
    bob = await userWithRole(server, admin, 'bob', { roleName: 'Role readers', permissions: [P.RoleManagement] });
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('scenario: the admin copies Super Admin into a narrower role and assigns a user', () => {
    it('the copy is narrower, administered by the admin, with alice as member', () => {
      expect(alice.role).toMatchObject({
        name: 'Site 1 operators',
        builtIn: false,
        allDeviceGroups: false,
        deviceGroupIds: [g1.id],
        allEdges: false,
        edgeIds: [e1.id],
        memberIds: [alice.id],
      });
      expect(alice.role.permissions).toEqual([P.DeviceGroupManagement, P.DeviceManagementRw, P.RoleManagement].sort());
    });

    it('alice signs in and holds exactly her role plus Public', async () => {
      const me: CurrentUserResponse = await server.me(alice.token);
      expect([...me.permissions].sort()).toEqual(
        [P.DeviceGroupManagement, P.DeviceManagementRw, P.Public, P.RoleManagement].sort(),
      );
      expect(me).toMatchObject({ allDeviceGroups: false, deviceGroupIds: [g1.id], allEdges: false, edgeIds: [e1.id] });
    });

    it('alice lists only her device group, with its device count', async () => {
      const groups = expectStatus(
        await call<DeviceGroupResponse[]>('GET', '/device-groups', alice.token),
        200,
        'groups',
      );
      expect(groups.map((g) => [g.name, g.deviceCount])).toEqual([['Site 1', 2]]);
    });

    it('alice lists only devices in her group, and sees only her groups on each device', async () => {
      const page = expectStatus(
        await call<Page<DeviceSummaryResponse>>('GET', '/devices', alice.token),
        200,
        'devices',
      );
      expect(page.total).toBe(2);
      expect(page.items.map((d) => d.name)).toEqual(['mfp-1', 'mfp-3']);
      expect(page.items.find((d) => d.id === d3.id)?.groupIds).toEqual([g1.id]);
    });

    it('the admin (all groups) sees every device, including the one in no group', async () => {
      const page = expectStatus(
        await call<Page<DeviceSummaryResponse>>('GET', '/devices?pageSize=2&page=2', admin),
        200,
        'devices',
      );
      expect(page).toMatchObject({ total: 4, page: 2, pageSize: 2 });
      expect(page.items.map((d) => d.name)).toEqual(['mfp-3', 'mfp-4']);
      const search = expectStatus(
        await call<Page<DeviceSummaryResponse>>('GET', '/devices?search=EXAMPLE', admin),
        200,
        'search',
      );
      expect(search.items.map((d) => d.id)).toEqual([d3.id]);
    });

    it("what lies outside alice's groups answers 404, as if it did not exist", async () => {
      await expectError(call('GET', `/device-groups/${g2.id}`, alice.token), 404, 'DEVICE_GROUP_NOT_FOUND');
      await expectError(
        call('PATCH', `/device-groups/${g2.id}`, alice.token, { name: 'mine now' }),
        404,
        'DEVICE_GROUP_NOT_FOUND',
      );
      await expectError(call('DELETE', `/device-groups/${g2.id}`, alice.token), 404, 'DEVICE_GROUP_NOT_FOUND');
      await expectError(call('GET', `/device-groups/${g2.id}/devices`, alice.token), 404, 'DEVICE_GROUP_NOT_FOUND');
      await expectError(call('GET', `/devices/${d2.id}`, alice.token), 404, 'DEVICE_NOT_FOUND');
      await expectError(call('GET', `/devices/${d4.id}`, alice.token), 404, 'DEVICE_NOT_FOUND');
      await expectError(call('GET', `/devices?groupId=${g2.id}`, alice.token), 404, 'DEVICE_GROUP_NOT_FOUND');
      await expectError(
        call('POST', `/device-groups/${g1.id}/devices`, alice.token, { deviceIds: [d2.id] }),
        404,
        'DEVICE_NOT_FOUND',
      );
      await expectError(
        call('POST', '/devices', alice.token, { name: 'x', address: '127.1.0.9', groupIds: [g2.id] }),
        404,
        'DEVICE_GROUP_NOT_FOUND',
      );
      await expectError(
        call('POST', '/devices', alice.token, { name: 'x', address: '127.1.0.9', groupIds: [g1.id], edgeId: e2.id }),
        404,
        'EDGE_NOT_FOUND',
      );
    });

    it('alice sees only her edge', async () => {
      const edges = expectStatus(await call<EdgeSummaryResponse[]>('GET', '/edges', alice.token), 200, 'edges');
      expect(edges.map((e) => ({ id: e.id, name: e.name }))).toEqual([{ id: e1.id, name: 'edge-site-1' }]);
      const all = expectStatus(await call<EdgeSummaryResponse[]>('GET', '/edges', admin), 200, 'edges');
      expect(all.map((e) => e.name)).toEqual(['edge-site-1', 'edge-site-2']);
    });

    it('alice adds a device to her group and removes it again; the group count follows', async () => {
      const device = await createDevice(server, alice.token, {
        name: 'mfp-5',
        address: '127.1.0.5',
        groupIds: [g1.id],
        edgeId: e1.id,
      });
      expect(device.groupIds).toEqual([g1.id]);
      await expectError(
        call('POST', '/devices', alice.token, { name: 'mfp-6', address: '127.1.0.6' }),
        400,
        'DEVICE_GROUP_REQUIRED',
      );
      const removed = await call('DELETE', `/device-groups/${g1.id}/devices/${device.id}`, alice.token);
      expect(removed.status).toBe(204);
      await expectError(
        call('DELETE', `/device-groups/${g1.id}/devices/${device.id}`, alice.token),
        404,
        'DEVICE_NOT_IN_GROUP',
      );
      // Out of her groups now: she no longer sees it.
      await expectError(call('GET', `/devices/${device.id}`, alice.token), 404, 'DEVICE_NOT_FOUND');
      const back = expectStatus(
        await call<DeviceGroupResponse>('POST', `/device-groups/${g1.id}/devices`, admin, {
          deviceIds: [device.id, device.id],
        }),
        200,
        'add',
      );
      expect(back.deviceCount).toBe(3);
      const again = expectStatus(
        await call<DeviceGroupResponse>('POST', `/device-groups/${g1.id}/devices`, admin, { deviceIds: [device.id] }),
        200,
        'add',
      );
      expect(again.deviceCount).toBe(3);
      const inGroup = expectStatus(
        await call<Page<DeviceSummaryResponse>>('GET', `/device-groups/${g1.id}/devices`, alice.token),
        200,
        'list',
      );
      expect(inGroup.items.map((d) => d.name)).toEqual(['mfp-1', 'mfp-3', 'mfp-5']);
      expect((await call('DELETE', `/devices/${device.id}`, alice.token)).status).toBe(204);
    });

    it('alice may not delete a device that also sits in a group she does not reach', async () => {
      await expectError(call('DELETE', `/devices/${d3.id}`, alice.token), 403, 'DEVICE_IN_FOREIGN_GROUPS');
    });

    it('alice cannot create a group until she administers her role; then the group joins her role', async () => {
      await expectError(
        call('POST', '/device-groups', alice.token, { name: 'Site 1 annex' }),
        403,
        'DEVICE_GROUP_NO_ROLE_TO_RECEIVE',
      );
      expectStatus(
        await call('PUT', `/roles/${alice.role.id}/administrators`, admin, {
          userIds: [(await server.me(admin)).id, alice.id],
        }),
        200,
        'admins',
      );
      const annex = await createGroup(server, alice.token, 'Site 1 annex');
      const groups = expectStatus(
        await call<DeviceGroupResponse[]>('GET', '/device-groups', alice.token),
        200,
        'groups',
      );
      expect(groups.map((g) => g.name)).toEqual(['Site 1', 'Site 1 annex']);
      const role = expectStatus(await call<RoleResponse>('GET', `/roles/${alice.role.id}`, alice.token), 200, 'role');
      expect(role.deviceGroupIds).toEqual([g1.id, annex.id].sort());
      expect(role.canEdit).toBe(true);
      const renamed = expectStatus(
        await call<DeviceGroupResponse>('PATCH', `/device-groups/${annex.id}`, alice.token, {
          description: 'second floor',
        }),
        200,
        'rename',
      );
      expect(renamed.description).toBe('second floor');
      await expectError(
        call('PATCH', `/device-groups/${annex.id}`, alice.token, { name: 'SITE 2' }),
        409,
        'DEVICE_GROUP_NAME_TAKEN',
      );
      expect((await call('DELETE', `/device-groups/${annex.id}`, alice.token)).status).toBe(204);
      const after = expectStatus(await call<RoleResponse>('GET', `/roles/${alice.role.id}`, alice.token), 200, 'role');
      expect(after.deviceGroupIds).toEqual([g1.id]);
    });
  });

  describe("role rules answer 403 with the rule's code", () => {
    it('copy of a role you do not belong to: ROLE_COPY_NOT_MEMBER', async () => {
      const err = await expectError(
        call('POST', `/roles/${await builtInRoleId(server, admin)}/copy`, alice.token, { name: 'mine' }),
        403,
        'ROLE_COPY_NOT_MEMBER',
      );
      expect(err.message).toMatch(/copy only roles you belong to/);
    });

    it('copy that widens the source: ROLE_COPY_WIDENS naming what exceeds', async () => {
      const err = await expectError(
        call('POST', `/roles/${alice.role.id}/copy`, alice.token, {
          name: 'wider',
          deviceGroupIds: [g2.id],
          permissions: [P.UserManagement],
        }),
        403,
        'ROLE_COPY_WIDENS',
      );
      expect(err.message).toContain(g2.id);
      expect(err.message).toContain('user-management');
      await expectError(
        call('POST', `/roles/${alice.role.id}/copy`, alice.token, { name: 'all', allEdges: true }),
        403,
        'ROLE_COPY_WIDENS',
      );
    });

    it('a narrower copy by a member succeeds, with the copier as only administrator and no members', async () => {
      const copy = expectStatus(
        await call<RoleResponse>('POST', `/roles/${alice.role.id}/copy`, alice.token, {
          name: 'Site 1 readers',
          permissions: [P.DeviceManagementRo],
        }),
        201,
        'copy',
      );
      expect(copy).toMatchObject({
        administratorIds: [alice.id],
        memberIds: [],
        permissions: [P.DeviceManagementRo],
        deviceGroupIds: [g1.id],
        canEdit: true,
      });
      await expectError(
        call('POST', `/roles/${alice.role.id}/copy`, alice.token, { name: 'site 1 READERS' }),
        409,
        'ROLE_NAME_TAKEN',
      );
      // Edit by its administrator: narrowing works, widening beyond her holdings does not.
      const edited = expectStatus(
        await call<RoleResponse>('PATCH', `/roles/${copy.id}`, alice.token, { edgeIds: [] }),
        200,
        'edit',
      );
      expect(edited.edgeIds).toEqual([]);
      const err = await expectError(
        call('PATCH', `/roles/${copy.id}`, alice.token, { permissions: [P.SystemManagement] }),
        403,
        'ROLE_EDIT_WIDENS',
      );
      expect(err.message).toContain('system-management');
      await expectError(
        call('PATCH', `/roles/${copy.id}`, alice.token, { deviceGroupIds: [g1.id, g2.id] }),
        403,
        'ROLE_EDIT_WIDENS',
      );
      // Bob reads roles but administers none of them.
      await expectError(
        call('PATCH', `/roles/${copy.id}`, bob.token, { name: 'bob was here' }),
        403,
        'ROLE_NOT_ADMINISTRATOR',
      );
      await expectError(call('DELETE', `/roles/${copy.id}`, bob.token), 403, 'ROLE_NOT_ADMINISTRATOR');
      await expectError(
        call('PUT', `/roles/${copy.id}/administrators`, bob.token, { userIds: [bob.id] }),
        403,
        'ROLE_NOT_ADMINISTRATOR',
      );
      await expectError(
        call('PUT', `/roles/${copy.id}/members`, bob.token, { userIds: [bob.id] }),
        403,
        'ROLE_NOT_ADMINISTRATOR',
      );
      // The administrator list never becomes empty; unknown users are refused.
      await expectError(
        call('PUT', `/roles/${copy.id}/administrators`, alice.token, { userIds: [] }),
        409,
        'ROLE_LAST_ADMINISTRATOR',
      );
      await expectError(
        call('PUT', `/roles/${copy.id}/members`, alice.token, { userIds: [UNKNOWN_ID] }),
        400,
        'ROLE_UNKNOWN_USERS',
      );
      // Alice gives her copy to bob: bob now sees devices in G1, read-only.
      expectStatus(await call('PUT', `/roles/${copy.id}/members`, alice.token, { userIds: [bob.id] }), 200, 'members');
      const bobDevices = expectStatus(
        await call<Page<DeviceSummaryResponse>>('GET', '/devices', bob.token),
        200,
        'bob devices',
      );
      expect(bobDevices.items.map((d) => d.id)).toEqual([d1.id, d3.id]);
      await expectError(
        call('POST', '/devices', bob.token, { name: 'x', address: '127.1.0.7', groupIds: [g1.id] }),
        403,
        'PERMISSION_DENIED',
      );
      // Deleting the role takes the rights away at once (scope is resolved per request).
      expect((await call('DELETE', `/roles/${copy.id}`, alice.token)).status).toBe(204);
      await expectError(call('GET', '/devices', bob.token), 403, 'PERMISSION_DENIED');
      await expectError(call('GET', `/roles/${copy.id}`, alice.token), 404, 'ROLE_NOT_FOUND');
    });

    it('an administrator may not make himself a member of a role wider than what he holds', async () => {
      const wide = await makeRole(server, admin, {
        name: 'User managers',
        permissions: [P.UserManagement],
        administratorIds: [bob.id],
      });
      await expectError(
        call('PUT', `/roles/${wide.id}/members`, bob.token, { userIds: [bob.id] }),
        403,
        'ROLE_SELF_MEMBERSHIP_WIDENS',
      );
      expectStatus(
        await call('PUT', `/roles/${wide.id}/members`, bob.token, { userIds: [alice.id] }),
        200,
        'give to alice',
      );
    });

    it('the built-in role cannot be edited or deleted, even by the Super Admin', async () => {
      const id = await builtInRoleId(server, admin);
      await expectError(call('PATCH', `/roles/${id}`, admin, { description: 'mine' }), 403, 'ROLE_BUILT_IN');
      await expectError(call('DELETE', `/roles/${id}`, admin), 403, 'ROLE_BUILT_IN');
      const role = expectStatus(await call<RoleResponse>('GET', `/roles/${id}`, admin), 200, 'role');
      expect(role).toMatchObject({ builtIn: true, canCopy: true, canEdit: false });
    });

    it('bad input is a clear 400', async () => {
      const id = alice.role.id;
      await expectError(call('PATCH', `/roles/${id}`, admin, { permissions: ['root'] }), 400, 'VALIDATION_FAILED');
      await expectError(call('PATCH', `/roles/${id}`, admin, { permissions: [P.Public] }), 400, 'VALIDATION_FAILED');
      await expectError(
        call('PATCH', `/roles/${id}`, admin, { allEdges: true, edgeIds: [e1.id] }),
        400,
        'ROLE_SCOPE_CONFLICT',
      );
      await expectError(
        call('PATCH', `/roles/${id}`, admin, { deviceGroupIds: [UNKNOWN_ID] }),
        400,
        'ROLE_UNKNOWN_DEVICE_GROUPS',
      );
      await expectError(call('PATCH', `/roles/${id}`, admin, { surprise: 1 }), 400, 'VALIDATION_FAILED');
      await expectError(
        call('POST', '/devices', admin, { name: 'x', address: 'not an address!' }),
        400,
        'VALIDATION_FAILED',
      );
      await expectError(call('GET', '/devices?pageSize=100000', admin), 400, 'VALIDATION_FAILED');
      await expectError(call('GET', `/roles/${UNKNOWN_ID}`, admin), 404, 'ROLE_NOT_FOUND');
    });
  });

  it('role changes and refusals are in the audit log', async () => {
    const copies = expectStatus(
      await call<Page<AuditEntryResponse>>('GET', '/audit?action=roles.copy&pageSize=100', admin),
      200,
      'audit',
    );
    expect(copies.items.some((e) => e.outcome === 'success' && e.targetType === 'roles')).toBe(true);
    const refusals = copies.items
      .filter((e) => e.outcome === 'failure' && e.actorId === alice.id)
      .map((e) => e.statusCode);
    expect(refusals).toContain(403);
    expect(refusals).toContain(409);
    const members = expectStatus(
      await call<Page<AuditEntryResponse>>('GET', '/audit?action=roles.set-members', admin),
      200,
      'audit',
    );
    expect(members.items.length).toBeGreaterThan(0);
  });

  it('a user without a role holds only Public: 403 everywhere else, and an empty edge list', async () => {
    const carol = await server.createUser('carol');
    await expectError(call('GET', '/roles', carol.token), 403, 'PERMISSION_DENIED');
    await expectError(call('GET', '/device-groups', carol.token), 403, 'PERMISSION_DENIED');
    await expectError(call('GET', '/devices', carol.token), 403, 'PERMISSION_DENIED');
    await expectError(call('POST', '/edges', carol.token, { name: 'rogue' }), 403, 'PERMISSION_DENIED');
    expect(expectStatus(await call('GET', '/edges', carol.token), 200, 'edges')).toEqual([]);
  });

  it('deleting a user removes his memberships and administrator rows', async () => {
    const dave = await userWithRole(server, admin, 'dave', {
      permissions: [P.DeviceManagementRo],
      deviceGroupIds: [g1.id],
    });
    expectStatus(
      await call('PUT', `/roles/${dave.role.id}/administrators`, admin, {
        userIds: [dave.id, (await server.me(admin)).id],
      }),
      200,
      'admins',
    );
    expect((await call('DELETE', `/users/${dave.id}`, admin)).status).toBe(204);
    const role = expectStatus(await call<RoleResponse>('GET', `/roles/${dave.role.id}`, admin), 200, 'role');
    expect(role.memberIds).toEqual([]);
    expect(role.administratorIds).not.toContain(dave.id);
  });
});
