import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors';

export class UserNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('USER_NOT_FOUND', `No user with id ${id}`);
  }
}

export class UsernameTakenError extends ConflictError {
  constructor(username: string) {
    super('USERNAME_TAKEN', `The username "${username}" is already taken (usernames are case-insensitive)`);
  }
}

export class InvalidUsernameError extends BadRequestError {
  constructor(reason: string) {
    super('INVALID_USERNAME', reason);
  }
}

export class PasswordPolicyError extends BadRequestError {
  constructor(reason: string) {
    super('PASSWORD_POLICY', reason);
  }
}

/** The built-in Super Admin cannot be deleted, disabled, or managed by anyone else. */
export class SuperAdminProtectedError extends ForbiddenError {
  constructor(message: string) {
    super('SUPER_ADMIN_PROTECTED', message);
  }
}

/** A user manager cannot manage a user who holds rights the manager lacks (no escalation by password reset). */
export class UserOutranksCallerError extends ForbiddenError {
  constructor(username: string, excess: string[]) {
    super(
      'USER_OUTRANKS_CALLER',
      `You cannot manage "${username}": that user holds rights you do not hold (${excess.join('; ')})`,
    );
  }
}

export class CannotDeleteSelfError extends ForbiddenError {
  constructor() {
    super('CANNOT_DELETE_SELF', 'You cannot delete your own account');
  }
}
