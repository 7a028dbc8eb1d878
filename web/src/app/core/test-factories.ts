import type { CurrentUserResponse, RoleResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';

/** Test data for the console's unit tests (not shipped: only spec files import it). */
export function userFactory(overrides: Partial<CurrentUserResponse> = {}): CurrentUserResponse {
  return {
    id: 'u-1',
    username: 'alice',
    displayName: 'Alice',
    isSuperAdmin: false,
    mustChangePassword: false,
    permissions: [Permission.Public],
    allDeviceGroups: false,
    deviceGroupIds: [],
    allEdges: false,
    edgeIds: [],
    ...overrides,
  };
}

export function roleFactory(overrides: Partial<RoleResponse> = {}): RoleResponse {
  return {
    id: 'r-1',
    name: 'Operators',
    description: '',
    builtIn: false,
    permissions: [],
    allDeviceGroups: false,
    deviceGroupIds: [],
    allEdges: false,
    edgeIds: [],
    administratorIds: [],
    memberIds: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    canCopy: true,
    canEdit: false,
    ...overrides,
  };
}
