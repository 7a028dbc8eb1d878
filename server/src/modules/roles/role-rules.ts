/**
 * The role rules of SPEC §3 as pure functions. The service loads facts, asks these functions, and
 * persists what they return; nothing here touches the database or HTTP. Vocabulary: role-grants.ts.
 */
import { type AccessScope, GRANTABLE_PERMISSIONS, type Permission } from '@fleetward/domain';
import {
  addedGrants,
  capGrants,
  excessOver,
  holdingsOf,
  isEmptyExcess,
  mergeExcess,
  type RoleGrants,
} from './role-grants';
import {
  RoleBuiltInError,
  RoleCopyNotMemberError,
  RoleCopyWidensError,
  RoleEditWidensError,
  RoleLastAdministratorError,
  RoleNotAdministratorError,
  RoleScopeConflictError,
  RoleSelfMembershipWidensError,
  RoleUngrantablePermissionError,
} from './role.errors';

/** Everything the rules need to know about one role. */
export interface RoleFacts extends RoleGrants {
  readonly id: string;
  readonly name: string;
  readonly builtIn: boolean;
  readonly administratorIds: ReadonlySet<string>;
  readonly memberIds: ReadonlySet<string>;
}

/** What a copy or an edit asks for; absent fields keep the source's / current value. */
export interface GrantChanges {
  readonly permissions?: readonly Permission[] | undefined;
  readonly allDeviceGroups?: boolean | undefined;
  readonly deviceGroupIds?: readonly string[] | undefined;
  readonly allEdges?: boolean | undefined;
  readonly edgeIds?: readonly string[] | undefined;
}

// ---------------------------------------------------------------------------------------------
// Membership and administration

/** The Super Admin user counts as member of every role. */
export function isRoleMember(role: Pick<RoleFacts, 'memberIds'>, actor: AccessScope): boolean {
  return actor.isSuperAdmin || role.memberIds.has(actor.userId);
}

/** The Super Admin user counts as administrator of every role. */
export function isRoleAdministrator(role: Pick<RoleFacts, 'administratorIds'>, actor: AccessScope): boolean {
  return actor.isSuperAdmin || role.administratorIds.has(actor.userId);
}

/** Shown to the caller in RoleResponse.canCopy. */
export function canCopyRole(role: RoleFacts, actor: AccessScope): boolean {
  return isRoleMember(role, actor);
}

/** Shown to the caller in RoleResponse.canEdit (edit, delete, change administrators). */
export function canEditRole(role: RoleFacts, actor: AccessScope): boolean {
  return !role.builtIn && isRoleAdministrator(role, actor);
}

function assertAdministrator(role: RoleFacts, actor: AccessScope, action: string): void {
  if (!isRoleAdministrator(role, actor)) throw new RoleNotAdministratorError(role.name, action);
}

// ---------------------------------------------------------------------------------------------
// Applying a change request to grants

function assertGrantablePermissions(permissions: readonly Permission[]): void {
  const bad = permissions.filter((p) => !GRANTABLE_PERMISSIONS.includes(p));
  if (bad.length > 0) throw new RoleUngrantablePermissionError(bad);
}

function applyDimension(
  dimension: 'device groups' | 'edges',
  current: { all: boolean; ids: ReadonlySet<string> },
  all: boolean | undefined,
  ids: readonly string[] | undefined,
): { all: boolean; ids: ReadonlySet<string> } {
  if (all === true) {
    if (ids !== undefined && ids.length > 0) throw new RoleScopeConflictError(dimension);
    return { all: true, ids: new Set() };
  }
  if (ids !== undefined) return { all: false, ids: new Set(ids) };
  if (all === false) return { all: false, ids: current.all ? new Set() : current.ids };
  return current;
}

/**
 * The grants that result from applying `changes` to `current`: absent fields keep the current value;
 * an explicit id list turns the dimension's `all` flag off; `all: true` with a non-empty list is a
 * contradiction (400); `all: false` alone keeps the current explicit list (empty when it was `all`).
 */
export function applyGrantChanges(current: RoleGrants, changes: GrantChanges): RoleGrants {
  if (changes.permissions !== undefined) assertGrantablePermissions(changes.permissions);
  const groups = applyDimension(
    'device groups',
    { all: current.allDeviceGroups, ids: current.deviceGroupIds },
    changes.allDeviceGroups,
    changes.deviceGroupIds,
  );
  const edges = applyDimension(
    'edges',
    { all: current.allEdges, ids: current.edgeIds },
    changes.allEdges,
    changes.edgeIds,
  );
  return {
    permissions: changes.permissions !== undefined ? new Set(changes.permissions) : current.permissions,
    allDeviceGroups: groups.all,
    deviceGroupIds: groups.ids,
    allEdges: edges.all,
    edgeIds: edges.ids,
  };
}

// ---------------------------------------------------------------------------------------------
// The rules

/**
 * Copy: only a member of the source may copy it; the copy's grants must be covered by the source AND
 * by the caller's holdings. Fields the request leaves out take the source's value capped by the
 * caller's holdings (a member holds at least the source, so the cap only matters for defence in depth).
 * Returns the copy's grants. The caller becomes the copy's first and only administrator (service).
 */
export function planRoleCopy(source: RoleFacts, changes: GrantChanges, actor: AccessScope): RoleGrants {
  if (!isRoleMember(source, actor)) throw new RoleCopyNotMemberError(source.name);
  const holdings = holdingsOf(actor);
  const requested = applyGrantChanges(capGrants(source, holdings), changes);
  const excess = mergeExcess(excessOver(requested, source), excessOver(requested, holdings));
  if (!isEmptyExcess(excess)) throw new RoleCopyWidensError(source.name, excess);
  return requested;
}

/**
 * Edit: administrators only; the built-in role is not editable; whatever the edit adds (new minus old)
 * must be covered by the editor's holdings. Removing is always allowed. Returns the new grants.
 */
export function planRoleEdit(role: RoleFacts, changes: GrantChanges, actor: AccessScope): RoleGrants {
  if (role.builtIn) throw new RoleBuiltInError(role.name, 'edited');
  assertAdministrator(role, actor, 'edit it');
  const next = applyGrantChanges(role, changes);
  const excess = excessOver(addedGrants(role, next), holdingsOf(actor));
  if (!isEmptyExcess(excess)) throw new RoleEditWidensError(role.name, excess);
  return next;
}

/** Rename / describe only (no grant change): same gate as an edit. */
export function assertCanRenameRole(role: RoleFacts, actor: AccessScope): void {
  if (role.builtIn) throw new RoleBuiltInError(role.name, 'edited');
  assertAdministrator(role, actor, 'edit it');
}

/** Delete: administrators only; the built-in role is not deletable. */
export function assertCanDeleteRole(role: RoleFacts, actor: AccessScope): void {
  if (role.builtIn) throw new RoleBuiltInError(role.name, 'deleted');
  assertAdministrator(role, actor, 'delete it');
}

/**
 * Administrators: only administrators change the list, and it may never become empty (somebody must
 * be able to edit the role). Returns the de-duplicated list. Unknown user ids are the service's check.
 */
export function planRoleAdministrators(role: RoleFacts, userIds: readonly string[], actor: AccessScope): string[] {
  assertAdministrator(role, actor, 'change its administrators');
  const next = [...new Set(userIds)];
  if (next.length === 0) throw new RoleLastAdministratorError(role.name);
  return next;
}

/**
 * Members: only administrators change the list. An administrator may give the role to anyone — he
 * administers it, that is the trust the administrator list expresses — but he may not make HIMSELF a
 * member of a role that grants more than he already holds: that would let an administrator who is not
 * a member escalate his own rights. Returns the de-duplicated list.
 */
export function planRoleMembers(role: RoleFacts, userIds: readonly string[], actor: AccessScope): string[] {
  assertAdministrator(role, actor, 'change its members');
  const next = [...new Set(userIds)];
  if (!role.memberIds.has(actor.userId) && next.includes(actor.userId)) {
    const excess = excessOver(role, holdingsOf(actor));
    if (!isEmptyExcess(excess)) throw new RoleSelfMembershipWidensError(role.name, excess);
  }
  return next;
}
