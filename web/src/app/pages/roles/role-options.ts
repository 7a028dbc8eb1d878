import type { CurrentUserResponse, DeviceGroupResponse, EdgeSummaryResponse, RoleResponse } from '@fleetward/contracts';
import { GRANTABLE_PERMISSIONS, type Permission } from '@fleetward/domain';
import { userHasPermission } from '../../core/auth/permissions';

export interface FwRoleOption {
  id: string;
  label: string;
}

/** What a copy or edit dialog may offer, following the role rules of SPEC §3. */
export interface FwRoleFormOptions {
  permissions: Permission[];
  /** The "all device groups (also future ones)" choice may be offered. */
  allDeviceGroupsAllowed: boolean;
  deviceGroups: FwRoleOption[];
  allEdgesAllowed: boolean;
  edges: FwRoleOption[];
}

export interface FwKnownScope {
  /** Device groups the console could list (empty without Device Group Management). */
  deviceGroups: readonly DeviceGroupResponse[];
  edges: readonly EdgeSummaryResponse[];
}

function reachesAllGroups(user: CurrentUserResponse): boolean {
  return user.isSuperAdmin || user.allDeviceGroups;
}

function reachesAllEdges(user: CurrentUserResponse): boolean {
  return user.isSuperAdmin || user.allEdges;
}

function options(ids: Iterable<string>, known: readonly { id: string; name: string }[]): FwRoleOption[] {
  const names = new Map(known.map((k) => [k.id, k.name]));
  return [...new Set(ids)]
    .map((id) => ({ id, label: names.get(id) ?? id }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Keeps the order of GRANTABLE_PERMISSIONS (Public is implicit and never offered). */
function orderedPermissions(wanted: ReadonlySet<Permission>): Permission[] {
  return GRANTABLE_PERMISSIONS.filter((p) => wanted.has(p));
}

/**
 * Copy: a copy never grants more than its source nor more than the copier holds, so the dialog offers
 * exactly what is in the source role AND held by the current user, per dimension.
 */
export function copyRoleOptions(
  source: RoleResponse,
  user: CurrentUserResponse,
  known: FwKnownScope,
): FwRoleFormOptions {
  const permissions = orderedPermissions(new Set(source.permissions.filter((p) => userHasPermission(user, p))));

  const sourceGroups = source.allDeviceGroups ? known.deviceGroups.map((g) => g.id) : source.deviceGroupIds;
  const userGroups = new Set(user.deviceGroupIds);
  const groups = reachesAllGroups(user) ? sourceGroups : sourceGroups.filter((id) => userGroups.has(id));

  const sourceEdges = source.allEdges ? known.edges.map((e) => e.id) : source.edgeIds;
  const userEdges = new Set(user.edgeIds);
  const edges = reachesAllEdges(user) ? sourceEdges : sourceEdges.filter((id) => userEdges.has(id));

  return {
    permissions,
    allDeviceGroupsAllowed: source.allDeviceGroups && reachesAllGroups(user),
    deviceGroups: options(groups, known.deviceGroups),
    allEdgesAllowed: source.allEdges && reachesAllEdges(user),
    edges: options(edges, known.edges),
  };
}

/**
 * Edit: what the role already has may stay or be removed; anything added must be held by the editor.
 * So the dialog offers the role's current items plus the editor's own.
 */
export function editRoleOptions(role: RoleResponse, user: CurrentUserResponse, known: FwKnownScope): FwRoleFormOptions {
  const held = GRANTABLE_PERMISSIONS.filter((p) => userHasPermission(user, p));
  const permissions = orderedPermissions(new Set([...role.permissions, ...held]));

  const userGroups = reachesAllGroups(user) ? known.deviceGroups.map((g) => g.id) : user.deviceGroupIds;
  const userEdges = reachesAllEdges(user) ? known.edges.map((e) => e.id) : user.edgeIds;

  return {
    permissions,
    allDeviceGroupsAllowed: role.allDeviceGroups || reachesAllGroups(user),
    deviceGroups: options([...role.deviceGroupIds, ...userGroups], known.deviceGroups),
    allEdgesAllowed: role.allEdges || reachesAllEdges(user),
    edges: options([...role.edgeIds, ...userEdges], known.edges),
  };
}
