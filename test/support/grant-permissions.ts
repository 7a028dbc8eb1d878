import type { RoleResponse } from '@fleetward/contracts';
import type { Permission } from '@fleetward/domain';
import type { TestServer } from './test-server';

/**
 * Gives `userId` exactly `permissions` (no device groups, no edges) through the roles API: the Super Admin
 * copies the built-in role narrowed to them and makes the user its only member. Returns the role id.
 */
export async function grantPermissions(
  s: TestServer,
  userId: string,
  roleName: string,
  permissions: Permission[],
): Promise<string> {
  const admin = await s.loginAsAdmin();
  const roles = await s.request<RoleResponse[]>('GET', '/api/v1/roles', { token: admin });
  const builtIn = roles.body.find((r) => r.builtIn);
  if (!builtIn) throw new Error(`no built-in role: ${roles.status} ${roles.text}`);
  const copy = await s.request<RoleResponse>('POST', `/api/v1/roles/${builtIn.id}/copy`, {
    token: admin,
    body: { name: roleName, permissions, allDeviceGroups: false, deviceGroupIds: [], allEdges: false, edgeIds: [] },
  });
  if (copy.status !== 201) throw new Error(`copy role ${roleName}: ${copy.status} ${copy.text}`);
  const members = await s.request('PUT', `/api/v1/roles/${copy.body.id}/members`, {
    token: admin,
    body: { userIds: [userId] },
  });
  if (members.status !== 200) throw new Error(`members of ${roleName}: ${members.status} ${members.text}`);
  return copy.body.id;
}
