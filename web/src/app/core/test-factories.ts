import type { AlertResponse, CurrentUserResponse, RoleResponse } from '@fleetward/contracts';
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

export function alertFactory(overrides: Partial<AlertResponse> = {}): AlertResponse {
  return {
    id: 'a-1',
    key: 'device:d-1/deviceError/jammed',
    targetKind: 'device',
    targetId: 'd-1',
    deviceName: 'printer-1',
    rule: 'deviceError',
    subject: 'jammed',
    severity: 'critical',
    state: 'open',
    summary: 'Paper jam',
    detail: null,
    openedAt: '2026-11-01T00:00:00.000Z',
    lastSeenAt: '2026-11-01T00:05:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    reopenCount: 0,
    lastNotifiedAt: null,
    mailCount: 0,
    mailPending: false,
    lastMailError: null,
    ...overrides,
  };
}
