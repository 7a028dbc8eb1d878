import { FleetwardError, ForbiddenError, UnauthenticatedError } from '../../common/errors';

/** Same answer for an unknown username and a wrong password (no user enumeration). */
export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    super('INVALID_CREDENTIALS', 'Wrong username or password');
  }
}

export class AccountLockedError extends FleetwardError {
  constructor(readonly until: Date) {
    super({
      code: 'ACCOUNT_LOCKED',
      status: 423,
      message: `Too many failed logins: the account is locked until ${until.toISOString()}. Try again after that time.`,
    });
  }
}

export class AccountDisabledError extends UnauthenticatedError {
  constructor() {
    super('ACCOUNT_DISABLED', 'This account is disabled; ask a user manager to enable it');
  }
}

export class AuthenticationRequiredError extends UnauthenticatedError {
  constructor() {
    super('AUTHENTICATION_REQUIRED', 'Sign in first: send Authorization: Bearer <access token or API token>');
  }
}

export class InvalidTokenError extends UnauthenticatedError {
  constructor(reason = 'The access token is invalid') {
    super('INVALID_TOKEN', reason);
  }
}

export class TokenExpiredError extends UnauthenticatedError {
  constructor() {
    super('TOKEN_EXPIRED', 'The access token has expired; refresh it or sign in again');
  }
}

export class SessionRevokedError extends UnauthenticatedError {
  constructor() {
    super('SESSION_REVOKED', 'This session has ended (signed out, password reset or account disabled); sign in again');
  }
}

export class InvalidRefreshTokenError extends UnauthenticatedError {
  constructor() {
    super('INVALID_REFRESH_TOKEN', 'The refresh token is unknown or expired; sign in again');
  }
}

export class RefreshTokenReusedError extends UnauthenticatedError {
  constructor() {
    super(
      'REFRESH_TOKEN_REUSED',
      'This refresh token was already used: the whole session has been revoked as a precaution; sign in again',
    );
  }
}

export class ApiTokenInvalidError extends UnauthenticatedError {
  constructor(reason: string) {
    super('INVALID_API_TOKEN', reason);
  }
}

export class PasswordChangeRequiredError extends ForbiddenError {
  constructor() {
    super('PASSWORD_CHANGE_REQUIRED', 'Change your password first (POST /api/v1/auth/change-password)');
  }
}

export class PermissionDeniedError extends ForbiddenError {
  constructor(required: readonly string[]) {
    super('PERMISSION_DENIED', `This needs the ${required.join(' or ')} permission, which none of your roles grants`);
  }
}

export class RouteNotDeclaredError extends ForbiddenError {
  constructor() {
    super('ROUTE_NOT_DECLARED', 'This endpoint declares no permission and is denied by default');
  }
}

export class WrongCurrentPasswordError extends FleetwardError {
  constructor() {
    super({ code: 'WRONG_CURRENT_PASSWORD', status: 400, message: 'The current password is wrong' });
  }
}

export class ApiTokenNotFoundError extends FleetwardError {
  constructor(id: string) {
    super({ code: 'API_TOKEN_NOT_FOUND', status: 404, message: `No API token ${id} of yours` });
  }
}

export class InvalidExpiryError extends FleetwardError {
  constructor() {
    super({ code: 'INVALID_EXPIRY', status: 400, message: 'expiresAt must be a future ISO date' });
  }
}
