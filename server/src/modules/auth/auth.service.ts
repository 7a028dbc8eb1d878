import type { CurrentUserResponse, LoginResponse, TokenPair } from '@fleetward/contracts';
import { type AccessScope } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { AccessResolver } from '../../common/auth/access-resolver';
import type { AuthenticatedUser } from '../../common/auth/request-context';
import { Clock } from '../../common/clock/clock';
import { lockedUntil, recordFailure } from '../../common/lockout/lockout-policy';
import { AppConfig } from '../../infra/config/app-config';
import { PasswordHasher } from '../../infra/crypto/password-hasher';
import { normalizeUsername } from '../users/user-rules';
import { type UserRecord, UsersService } from '../users/users.service';
import { superAdminScope } from './access-scope';
import { API_TOKEN_PREFIX, ApiTokensService } from './api-tokens.service';
import { LoginFailureRepository } from './auth-store.repositories';
import {
  AccountDisabledError,
  AccountLockedError,
  AuthenticationRequiredError,
  InvalidCredentialsError,
  InvalidTokenError,
  WrongCurrentPasswordError,
} from './auth.errors';
import { SessionsService } from './sessions.service';

/** Login with lockout, password change, and per-request authentication of bearer credentials. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly apiTokens: ApiTokensService,
    private readonly loginFailures: LoginFailureRepository,
    private readonly accessResolver: AccessResolver,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Failures are counted per lower-cased username, known or not; a locked name cannot log in even with
   * the right password. Unknown names cost the same argon2 verification as wrong passwords.
   */
  async login(username: string, password: string): Promise<LoginResponse & { userId: string }> {
    const key = normalizeUsername(username).slice(0, 64);
    const now = this.clock.now();
    const state = await this.loginFailures.get(key);
    const locked = lockedUntil(state, now);
    if (locked) throw new AccountLockedError(locked);

    const user = await this.users.findForLogin(key);
    const ok = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyAgainstDummy(password);
    if (!user || !ok) {
      const next = recordFailure(state, now, {
        maxFailures: this.config.auth.lockoutMaxFailures,
        windowMs: this.config.auth.lockoutWindowMinutes * 60_000,
      });
      await this.loginFailures.save(key, next);
      if (next.lockedUntil) throw new AccountLockedError(next.lockedUntil);
      throw new InvalidCredentialsError();
    }
    if (user.disabled) throw new AccountDisabledError();
    if (state) await this.loginFailures.clear(key);
    await this.users.recordLogin(user.id);
    const pair = await this.sessions.start(user.id);
    const { sessionId: _sessionId, ...tokens } = pair;
    return { ...tokens, user: await this.currentUser(user), userId: user.id };
  }

  async refresh(refreshToken: string): Promise<TokenPair & { userId: string }> {
    return this.sessions.refresh(refreshToken, async (userId) => {
      const user = await this.users.findRecord(userId);
      return user !== null && !user.disabled;
    });
  }

  async logout(caller: AuthenticatedUser, refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await this.sessions.endByRefreshToken(caller.id, refreshToken);
    if (caller.sessionId) await this.sessions.end(caller.sessionId);
  }

  /** Changes the caller's own password (clears mustChangePassword) and ends his other sessions. */
  async changePassword(caller: AuthenticatedUser, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findRecord(caller.id);
    if (!user) throw new InvalidTokenError();
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) throw new WrongCurrentPasswordError();
    await this.users.setOwnPassword(user.id, newPassword);
    await this.sessions.endAllOtherSessions(user.id, caller.sessionId);
  }

  async me(caller: AuthenticatedUser): Promise<CurrentUserResponse> {
    const user = await this.users.findRecord(caller.id);
    if (!user) throw new InvalidTokenError();
    return this.currentUser(user);
  }

  /** Resolves `Authorization: Bearer …` (JWT or `fwp_` API token) to a live, enabled user and his scope. */
  async authenticate(authorization: string | undefined): Promise<{ user: AuthenticatedUser; access: AccessScope }> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw new AuthenticationRequiredError();
    const credential = match[1]!;
    let userId: string;
    let extra: Pick<AuthenticatedUser, 'via' | 'sessionId' | 'apiTokenId'>;
    if (credential.startsWith(API_TOKEN_PREFIX)) {
      const token = await this.apiTokens.authenticate(credential);
      userId = token.userId;
      extra = { via: 'api-token', apiTokenId: token.tokenId };
    } else {
      const claims = await this.sessions.verifyAccessToken(credential);
      userId = claims.sub;
      extra = { via: 'jwt', sessionId: claims.sid };
    }
    const record = await this.users.findRecord(userId);
    if (!record) throw new InvalidTokenError('The account of this token no longer exists');
    if (record.disabled) throw new AccountDisabledError();
    const user: AuthenticatedUser = {
      id: record.id,
      username: record.username,
      displayName: record.displayName,
      isSuperAdmin: record.isSuperAdmin,
      mustChangePassword: record.mustChangePassword,
      ...extra,
    };
    return { user, access: await this.scopeOf(record) };
  }

  private scopeOf(user: { id: string; isSuperAdmin: boolean }): Promise<AccessScope> {
    return user.isSuperAdmin ? Promise.resolve(superAdminScope(user.id)) : this.accessResolver.resolve(user);
  }

  private async currentUser(user: UserRecord): Promise<CurrentUserResponse> {
    const scope = await this.scopeOf(user);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      isSuperAdmin: user.isSuperAdmin,
      mustChangePassword: user.mustChangePassword,
      permissions: [...scope.permissions].sort(),
      allDeviceGroups: scope.allDeviceGroups,
      deviceGroupIds: [...scope.deviceGroupIds].sort(),
      allEdges: scope.allEdges,
      edgeIds: [...scope.edgeIds].sort(),
    };
  }
}
