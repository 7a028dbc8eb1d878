import type { Permission } from '@fleetward/domain';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors';
import { describeExcess, type GrantExcess } from './role-grants';

export class RoleNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('ROLE_NOT_FOUND', `Role ${id} does not exist.`);
  }
}

export class RoleNameTakenError extends ConflictError {
  constructor(name: string) {
    super('ROLE_NAME_TAKEN', `A role named "${name}" already exists; role names are unique.`);
  }
}

/** Rule: a user may copy only roles he belongs to. */
export class RoleCopyNotMemberError extends ForbiddenError {
  constructor(roleName: string) {
    super(
      'ROLE_COPY_NOT_MEMBER',
      `You may copy only roles you belong to, and you are not a member of the role "${roleName}".`,
    );
  }
}

/** Rule: a copy never grants more than its source nor more than the copier holds. */
export class RoleCopyWidensError extends ForbiddenError {
  readonly excess: GrantExcess;
  constructor(roleName: string, excess: GrantExcess) {
    super(
      'ROLE_COPY_WIDENS',
      `A copy may not grant more than its source role "${roleName}" or more than you hold; ` +
        `this copy would add: ${describeExcess(excess)}.`,
    );
    this.excess = excess;
  }
}

/** Rule: only a role's administrators edit or delete it or change its administrators or members. */
export class RoleNotAdministratorError extends ForbiddenError {
  constructor(roleName: string, action: string) {
    super(
      'ROLE_NOT_ADMINISTRATOR',
      `Only administrators of the role "${roleName}" may ${action}, and you are not one of its administrators.`,
    );
  }
}

/** Rule: an edit may not widen the role beyond what the editor holds. */
export class RoleEditWidensError extends ForbiddenError {
  readonly excess: GrantExcess;
  constructor(roleName: string, excess: GrantExcess) {
    super(
      'ROLE_EDIT_WIDENS',
      `An edit may not give the role "${roleName}" anything you do not hold yourself; ` +
        `this edit would add: ${describeExcess(excess)}.`,
    );
    this.excess = excess;
  }
}

/** Rule: the built-in Super Admin role cannot be edited or deleted (it may be copied). */
export class RoleBuiltInError extends ForbiddenError {
  constructor(roleName: string, verb: 'edited' | 'deleted') {
    super('ROLE_BUILT_IN', `The built-in role "${roleName}" cannot be ${verb}; copy it to make a role you can change.`);
  }
}

/** Rule: a role always keeps at least one administrator. */
export class RoleLastAdministratorError extends ConflictError {
  constructor(roleName: string) {
    super(
      'ROLE_LAST_ADMINISTRATOR',
      `The role "${roleName}" must keep at least one administrator; the administrator list cannot be empty.`,
    );
  }
}

/** Rule: an administrator may not make himself a member of a role that grants more than he holds. */
export class RoleSelfMembershipWidensError extends ForbiddenError {
  readonly excess: GrantExcess;
  constructor(roleName: string, excess: GrantExcess) {
    super(
      'ROLE_SELF_MEMBERSHIP_WIDENS',
      `You may not make yourself a member of the role "${roleName}" because it grants what you do not hold: ` +
        `${describeExcess(excess)}.`,
    );
    this.excess = excess;
  }
}

export class RoleScopeConflictError extends BadRequestError {
  constructor(dimension: 'device groups' | 'edges') {
    super(
      'ROLE_SCOPE_CONFLICT',
      `Give either all ${dimension} or a list of ${dimension}, not both (all${dimension === 'edges' ? 'Edges' : 'DeviceGroups'} is true and the list is not empty).`,
    );
  }
}

export class RoleUngrantablePermissionError extends BadRequestError {
  constructor(permissions: readonly Permission[]) {
    super(
      'ROLE_PERMISSION_NOT_GRANTABLE',
      `These functions cannot be granted by a role: ${permissions.join(', ')} (every signed-in user holds Public).`,
    );
  }
}

export class RoleUnknownUsersError extends BadRequestError {
  constructor(userIds: readonly string[]) {
    super('ROLE_UNKNOWN_USERS', `These user ids do not exist: ${userIds.join(', ')}.`);
  }
}

export class RoleUnknownScopeError extends BadRequestError {
  constructor(kind: 'device groups' | 'edges', ids: readonly string[]) {
    super(
      kind === 'edges' ? 'ROLE_UNKNOWN_EDGES' : 'ROLE_UNKNOWN_DEVICE_GROUPS',
      `These ${kind} do not exist: ${ids.join(', ')}.`,
    );
  }
}
