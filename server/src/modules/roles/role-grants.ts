/**
 * Role grants and the "exceeds" comparison used by every role rule (SPEC §3).
 *
 * - grants: what a role gives its members (functions, device groups, edges).
 * - holdings: what a user holds = the union of the grants of every role he belongs to
 *   (the Super Admin user holds everything). `AccessScope` is a user's holdings.
 * - "A exceeds B": something in A is not covered by B. A permission is covered when B holds it, or
 *   when it is Device Management (RO) and B holds (RW) — RW implies RO, so granting RO while holding
 *   RW is not a widening. A device group is covered when B has `allDeviceGroups` or lists its id;
 *   `allDeviceGroups` is covered only by `allDeviceGroups`. Edges likewise.
 */
import { type AccessScope, GRANTABLE_PERMISSIONS, Permission } from '@fleetward/domain';

export interface RoleGrants {
  readonly permissions: ReadonlySet<Permission>;
  readonly allDeviceGroups: boolean;
  readonly deviceGroupIds: ReadonlySet<string>;
  readonly allEdges: boolean;
  readonly edgeIds: ReadonlySet<string>;
}

/** The parts of A not covered by B, per dimension. Empty in every dimension = A does not exceed B. */
export interface GrantExcess {
  readonly permissions: Permission[];
  readonly allDeviceGroups: boolean;
  readonly deviceGroupIds: string[];
  readonly allEdges: boolean;
  readonly edgeIds: string[];
}

export const NO_GRANTS: RoleGrants = Object.freeze({
  permissions: new Set<Permission>(),
  allDeviceGroups: false,
  deviceGroupIds: new Set<string>(),
  allEdges: false,
  edgeIds: new Set<string>(),
});

/** The built-in Super Admin role's grants: every grantable function, every group, every edge. */
export const FULL_GRANTS: RoleGrants = Object.freeze({
  permissions: new Set<Permission>(GRANTABLE_PERMISSIONS),
  allDeviceGroups: true,
  deviceGroupIds: new Set<string>(),
  allEdges: true,
  edgeIds: new Set<string>(),
});

/** Union of role grants: what a member of all these roles holds. */
export function unionGrants(roles: Iterable<RoleGrants>): RoleGrants {
  const permissions = new Set<Permission>();
  const deviceGroupIds = new Set<string>();
  const edgeIds = new Set<string>();
  let allDeviceGroups = false;
  let allEdges = false;
  for (const role of roles) {
    role.permissions.forEach((p) => permissions.add(p));
    role.deviceGroupIds.forEach((id) => deviceGroupIds.add(id));
    role.edgeIds.forEach((id) => edgeIds.add(id));
    allDeviceGroups ||= role.allDeviceGroups;
    allEdges ||= role.allEdges;
  }
  return {
    permissions,
    allDeviceGroups,
    deviceGroupIds: allDeviceGroups ? new Set() : deviceGroupIds,
    allEdges,
    edgeIds: allEdges ? new Set() : edgeIds,
  };
}

/** The Super Admin user holds everything, whatever his role rows say. */
export function holdingsOf(actor: AccessScope): RoleGrants {
  return actor.isSuperAdmin ? FULL_GRANTS : actor;
}

function permissionCovered(cap: ReadonlySet<Permission>, permission: Permission): boolean {
  if (cap.has(permission)) return true;
  return permission === Permission.DeviceManagementRo && cap.has(Permission.DeviceManagementRw);
}

/** What in `candidate` is not covered by `cap`. */
export function excessOver(candidate: RoleGrants, cap: RoleGrants): GrantExcess {
  return {
    permissions: [...candidate.permissions].filter((p) => !permissionCovered(cap.permissions, p)).sort(),
    allDeviceGroups: candidate.allDeviceGroups && !cap.allDeviceGroups,
    deviceGroupIds: cap.allDeviceGroups
      ? []
      : [...candidate.deviceGroupIds].filter((id) => !cap.deviceGroupIds.has(id)).sort(),
    allEdges: candidate.allEdges && !cap.allEdges,
    edgeIds: cap.allEdges ? [] : [...candidate.edgeIds].filter((id) => !cap.edgeIds.has(id)).sort(),
  };
}

export function isEmptyExcess(excess: GrantExcess): boolean {
  return (
    excess.permissions.length === 0 &&
    !excess.allDeviceGroups &&
    excess.deviceGroupIds.length === 0 &&
    !excess.allEdges &&
    excess.edgeIds.length === 0
  );
}

/** Union of two excess reports (used when a copy exceeds both its source and the caller). */
export function mergeExcess(a: GrantExcess, b: GrantExcess): GrantExcess {
  const merge = <T extends string>(x: T[], y: T[]): T[] => [...new Set([...x, ...y])].sort();
  return {
    permissions: merge(a.permissions, b.permissions),
    allDeviceGroups: a.allDeviceGroups || b.allDeviceGroups,
    deviceGroupIds: merge(a.deviceGroupIds, b.deviceGroupIds),
    allEdges: a.allEdges || b.allEdges,
    edgeIds: merge(a.edgeIds, b.edgeIds),
  };
}

/** A readable sentence part: "functions [x, y]; device groups [id]; all edges". */
export function describeExcess(excess: GrantExcess): string {
  const parts: string[] = [];
  if (excess.permissions.length > 0) parts.push(`functions [${excess.permissions.join(', ')}]`);
  if (excess.allDeviceGroups) parts.push('all device groups');
  if (excess.deviceGroupIds.length > 0) parts.push(`device groups [${excess.deviceGroupIds.join(', ')}]`);
  if (excess.allEdges) parts.push('all edges');
  if (excess.edgeIds.length > 0) parts.push(`edges [${excess.edgeIds.join(', ')}]`);
  return parts.join('; ');
}

/** What `after` grants that `before` did not (literal set difference; `all*` counts when newly set). */
export function addedGrants(before: RoleGrants, after: RoleGrants): RoleGrants {
  return {
    permissions: new Set([...after.permissions].filter((p) => !before.permissions.has(p))),
    allDeviceGroups: after.allDeviceGroups && !before.allDeviceGroups,
    deviceGroupIds: before.allDeviceGroups
      ? new Set()
      : new Set([...after.deviceGroupIds].filter((id) => !before.deviceGroupIds.has(id))),
    allEdges: after.allEdges && !before.allEdges,
    edgeIds: before.allEdges ? new Set() : new Set([...after.edgeIds].filter((id) => !before.edgeIds.has(id))),
  };
}

/** Narrow `grants` to what `cap` covers (used for fields a copy request leaves out). */
export function capGrants(grants: RoleGrants, cap: RoleGrants): RoleGrants {
  const excess = excessOver(grants, cap);
  const droppedPermissions = new Set(excess.permissions);
  const droppedGroups = new Set(excess.deviceGroupIds);
  const droppedEdges = new Set(excess.edgeIds);
  // A role with all groups capped by an explicit list keeps exactly that list.
  const allGroupsCapped = excess.allDeviceGroups;
  const allEdgesCapped = excess.allEdges;
  return {
    permissions: new Set([...grants.permissions].filter((p) => !droppedPermissions.has(p))),
    allDeviceGroups: grants.allDeviceGroups && !allGroupsCapped,
    deviceGroupIds: allGroupsCapped
      ? new Set(cap.deviceGroupIds)
      : new Set([...grants.deviceGroupIds].filter((id) => !droppedGroups.has(id))),
    allEdges: grants.allEdges && !allEdgesCapped,
    edgeIds: allEdgesCapped ? new Set(cap.edgeIds) : new Set([...grants.edgeIds].filter((id) => !droppedEdges.has(id))),
  };
}
