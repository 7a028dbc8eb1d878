import { type AccessScope, ALL_PERMISSIONS } from '@fleetward/domain';

/** The Super Admin's scope: every permission, every device group and edge (also future ones). */
export function superAdminScope(userId: string): AccessScope {
  return {
    userId,
    isSuperAdmin: true,
    permissions: new Set(ALL_PERMISSIONS),
    deviceGroupIds: new Set(),
    edgeIds: new Set(),
    allDeviceGroups: true,
    allEdges: true,
  };
}
