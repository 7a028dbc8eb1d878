import type {
  DeviceGroupResponse,
  DeviceSummaryResponse,
  EdgeSummaryResponse,
  RoleResponse,
} from '@fleetward/contracts';
import type { Permission } from '@fleetward/domain';
import type { TestResponse, TestServer } from '../support';

/** Fails with the answer's text when the status is not the expected one; returns the body. */
export function expectStatus<T>(res: TestResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text}`);
  return res.body;
}

export async function builtInRoleId(server: TestServer, adminToken: string): Promise<string> {
  const roles = expectStatus(
    await server.request<RoleResponse[]>('GET', '/api/v1/roles', { token: adminToken }),
    200,
    'list roles',
  );
  const builtIn = roles.find((r) => r.builtIn);
  if (!builtIn) throw new Error('no built-in role');
  return builtIn.id;
}

export interface RoleSpec {
  name: string;
  permissions: Permission[];
  allDeviceGroups?: boolean;
  deviceGroupIds?: string[];
  allEdges?: boolean;
  edgeIds?: string[];
  memberIds?: string[];
  administratorIds?: string[];
}

/** The Super Admin copies the built-in role narrowed to `spec` and assigns members / administrators. */
export async function makeRole(server: TestServer, adminToken: string, spec: RoleSpec): Promise<RoleResponse> {
  const sourceId = await builtInRoleId(server, adminToken);
  const body = {
    name: spec.name,
    permissions: spec.permissions,
    allDeviceGroups: spec.allDeviceGroups ?? false,
    deviceGroupIds: spec.allDeviceGroups ? [] : (spec.deviceGroupIds ?? []),
    allEdges: spec.allEdges ?? false,
    edgeIds: spec.allEdges ? [] : (spec.edgeIds ?? []),
  };
  let role = expectStatus(
    await server.request<RoleResponse>('POST', `/api/v1/roles/${sourceId}/copy`, { token: adminToken, body }),
    201,
    `copy role ${spec.name}`,
  );
  if (spec.memberIds) {
    role = expectStatus(
      await server.request<RoleResponse>('PUT', `/api/v1/roles/${role.id}/members`, {
        token: adminToken,
        body: { userIds: spec.memberIds },
      }),
      200,
      'set members',
    );
  }
  if (spec.administratorIds) {
    role = expectStatus(
      await server.request<RoleResponse>('PUT', `/api/v1/roles/${role.id}/administrators`, {
        token: adminToken,
        body: { userIds: spec.administratorIds },
      }),
      200,
      'set administrators',
    );
  }
  return role;
}

/** A new user who is the only member of a new role granting `spec` (minus name / members). */
export async function userWithRole(
  server: TestServer,
  adminToken: string,
  username: string,
  spec: Omit<RoleSpec, 'name' | 'memberIds'> & { roleName?: string },
): Promise<{ id: string; token: string; role: RoleResponse }> {
  const { user, token } = await server.createUser(username);
  const role = await makeRole(server, adminToken, {
    ...spec,
    name: spec.roleName ?? `role of ${username}`,
    memberIds: [user.id],
  });
  return { id: user.id, token, role };
}

export async function createGroup(server: TestServer, token: string, name: string): Promise<DeviceGroupResponse> {
  return expectStatus(
    await server.request<DeviceGroupResponse>('POST', '/api/v1/device-groups', { token, body: { name } }),
    201,
    `create group ${name}`,
  );
}

/**
 * Registers an edge and connects it the manual way (URL, bearer token, pinned certificate): the edge runs in token
 * mode. Returns the edge id.
 */
export async function connectEdgeByToken(
  server: TestServer,
  token: string,
  name: string,
  edge: { url: string; token: string; caPem: string },
): Promise<string> {
  const { id } = expectStatus(
    await server.request<{ id: string }>('POST', '/api/v1/edges', { token, body: { name } }),
    201,
    `create edge ${name}`,
  );
  expectStatus(
    await server.request('PATCH', `/api/v1/edges/${id}`, { token, body: edge }),
    200,
    `connect edge ${name}`,
  );
  return id;
}

export async function createDevice(
  server: TestServer,
  token: string,
  body: { name: string; address: string; groupIds?: string[]; edgeId?: string },
): Promise<DeviceSummaryResponse> {
  return expectStatus(
    await server.request<DeviceSummaryResponse>('POST', '/api/v1/devices', { token, body }),
    201,
    `create device ${body.name}`,
  );
}

export async function createEdge(server: TestServer, token: string, name: string): Promise<EdgeSummaryResponse> {
  return expectStatus(
    await server.request<EdgeSummaryResponse>('POST', '/api/v1/edges', { token, body: { name } }),
    201,
    `create edge ${name}`,
  );
}
