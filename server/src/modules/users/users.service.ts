import type { CreateUserRequest, Page, UpdateUserRequest, UserListQuery, UserResponse } from '@fleetward/contracts';
import { type AccessScope, permissionSatisfied } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { AccessResolver } from '../../common/auth/access-resolver';
import type { AuthenticatedUser } from '../../common/auth/request-context';
import { Clock } from '../../common/clock/clock';
import { lockedUntil } from '../../common/lockout/lockout-policy';
import { PasswordHasher } from '../../infra/crypto/password-hasher';
import { SecretBox } from '../../infra/crypto/secret-box';
import { newId } from '../../infra/database/column-types';
import { LoginFailureRepository, RefreshTokenRepository } from '../auth/auth-store.repositories';
import { assertPasswordPolicy, assertValidUsername, normalizeUsername } from './user-rules';
import { UserEntity } from './user.entity';
import {
  CannotDeleteSelfError,
  SuperAdminProtectedError,
  UsernameTakenError,
  UserNotFoundError,
  UserOutranksCallerError,
} from './user.errors';
import { UserRepository } from './user.repository';

/** What the auth module needs to know about a user (never leaves the server). */
export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  isSuperAdmin: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
  passwordHash: string;
}

const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** User Management rules. E-mail addresses are stored only through the SecretBox. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly loginFailures: LoginFailureRepository,
    private readonly accessResolver: AccessResolver,
    private readonly hasher: PasswordHasher,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {}

  async list(query: UserListQuery): Promise<Page<UserResponse>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const search = query.search?.trim();
    const listQuery: { page: number; pageSize: number; search?: string; emailHmac?: string } = { page, pageSize };
    if (search) {
      listQuery.search = search;
      if (search.includes('@')) listQuery.emailHmac = this.secretBox.hmac(normalizeEmail(search));
    }
    const { items, total } = await this.users.list(listQuery);
    return { items: await this.toResponses(items), total, page, pageSize };
  }

  async get(id: string): Promise<UserResponse> {
    const [response] = await this.toResponses([await this.require(id)]);
    return response!;
  }

  async create(request: CreateUserRequest): Promise<UserResponse> {
    const username = request.username.trim();
    assertValidUsername(username);
    assertPasswordPolicy(request.password, username);
    const normalized = normalizeUsername(username);
    if (await this.users.findByUsername(normalized)) throw new UsernameTakenError(username);
    const now = this.clock.now();
    const user = Object.assign(new UserEntity(), {
      id: newId(),
      username,
      usernameNormalized: normalized,
      displayName: request.displayName.trim(),
      passwordHash: await this.hasher.hash(request.password),
      isSuperAdmin: false,
      disabled: false,
      mustChangePassword: true,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
      ...this.emailColumns(request.email),
    });
    try {
      await this.users.insert(user);
    } catch (cause) {
      // A concurrent create of the same name loses on the unique index.
      if (await this.users.findByUsername(normalized)) throw new UsernameTakenError(username);
      throw cause;
    }
    return this.get(user.id);
  }

  async update(
    actor: AuthenticatedUser,
    access: AccessScope,
    id: string,
    request: UpdateUserRequest,
  ): Promise<UserResponse> {
    const user = await this.require(id);
    if (user.isSuperAdmin && !actor.isSuperAdmin) {
      throw new SuperAdminProtectedError('Only the Super Admin may edit the Super Admin account');
    }
    await this.assertMayManage(actor, access, user);
    if (user.isSuperAdmin && request.disabled === true) {
      throw new SuperAdminProtectedError('The built-in Super Admin cannot be disabled');
    }
    const now = this.clock.now();
    if (request.displayName !== undefined) user.displayName = request.displayName.trim();
    if (request.email !== undefined) Object.assign(user, this.emailColumns(request.email));
    if (request.disabled !== undefined && request.disabled !== user.disabled) {
      user.disabled = request.disabled;
      if (request.disabled) await this.refreshTokens.revokeAllForUser(user.id, now);
    }
    user.updatedAt = now;
    await this.users.save(user);
    return this.get(user.id);
  }

  async delete(actor: AuthenticatedUser, access: AccessScope, id: string): Promise<void> {
    const user = await this.require(id);
    if (user.isSuperAdmin) throw new SuperAdminProtectedError('The built-in Super Admin cannot be deleted');
    if (user.id === actor.id) throw new CannotDeleteSelfError();
    await this.assertMayManage(actor, access, user);
    await this.users.delete(user.id);
  }

  /** Sets a new password the user must change at next login, and ends all his sessions. */
  async resetPassword(
    actor: AuthenticatedUser,
    access: AccessScope,
    id: string,
    newPassword: string,
  ): Promise<UserResponse> {
    const user = await this.require(id);
    if (user.isSuperAdmin && !actor.isSuperAdmin) {
      throw new SuperAdminProtectedError("Only the Super Admin may reset the Super Admin's password");
    }
    await this.assertMayManage(actor, access, user);
    assertPasswordPolicy(newPassword, user.username);
    const now = this.clock.now();
    user.passwordHash = await this.hasher.hash(newPassword);
    user.mustChangePassword = true;
    user.updatedAt = now;
    await this.users.save(user);
    await this.refreshTokens.revokeAllForUser(user.id, now);
    await this.loginFailures.clear(user.usernameNormalized);
    return this.get(user.id);
  }

  // ---- used by the auth module ----

  async findForLogin(username: string): Promise<UserRecord | null> {
    const user = await this.users.findByUsername(normalizeUsername(username));
    return user ? toRecord(user) : null;
  }

  async findRecord(id: string): Promise<UserRecord | null> {
    const user = await this.users.findById(id);
    return user ? toRecord(user) : null;
  }

  async recordLogin(id: string): Promise<void> {
    const user = await this.require(id);
    user.lastLoginAt = this.clock.now();
    await this.users.save(user);
  }

  /** The user's own password change: clears mustChangePassword. */
  async setOwnPassword(id: string, newPassword: string): Promise<void> {
    const user = await this.require(id);
    assertPasswordPolicy(newPassword, user.username);
    user.passwordHash = await this.hasher.hash(newPassword);
    user.mustChangePassword = false;
    user.updatedAt = this.clock.now();
    await this.users.save(user);
  }

  /** Creates the built-in Super Admin `admin` unless a Super Admin exists. */
  async ensureSuperAdmin(password: string, mustChangePassword: boolean): Promise<{ created: boolean; id: string }> {
    const existing = await this.users.findSuperAdmin();
    if (existing) return { created: false, id: existing.id };
    const now = this.clock.now();
    const user = Object.assign(new UserEntity(), {
      id: newId(),
      username: 'admin',
      usernameNormalized: 'admin',
      displayName: 'Super Admin',
      emailEncrypted: null,
      emailHmac: null,
      passwordHash: await this.hasher.hash(password),
      isSuperAdmin: true,
      disabled: false,
      mustChangePassword,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.users.insert(user);
    return { created: true, id: user.id };
  }

  /** Ids among `ids` that are existing users (for role membership checks). */
  existingIds(ids: string[]): Promise<Set<string>> {
    return this.users.existsByIds(ids);
  }

  /**
   * A user manager may edit, disable, delete or reset only users whose rights he holds himself: otherwise
   * resetting a stronger user's password would be a way to gain that user's rights (escalation).
   */
  private async assertMayManage(actor: AuthenticatedUser, access: AccessScope, target: UserEntity): Promise<void> {
    if (actor.isSuperAdmin || target.id === actor.id) return;
    const scope = await this.accessResolver.resolve({ id: target.id, isSuperAdmin: target.isSuperAdmin });
    const excess = exceedingRights(scope, access);
    if (excess.length > 0) throw new UserOutranksCallerError(target.username, excess);
  }

  private async require(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new UserNotFoundError(id);
    return user;
  }

  private emailColumns(email: string | null | undefined): { emailEncrypted: string | null; emailHmac: string | null } {
    if (email === undefined || email === null || email.trim() === '') return { emailEncrypted: null, emailHmac: null };
    const trimmed = email.trim();
    return { emailEncrypted: this.secretBox.encrypt(trimmed), emailHmac: this.secretBox.hmac(normalizeEmail(trimmed)) };
  }

  private async toResponses(users: UserEntity[]): Promise<UserResponse[]> {
    const [roles, failures] = await Promise.all([
      this.accessResolver.roleIdsByUser(users.map((u) => u.id)),
      this.loginFailures.getMany(users.map((u) => u.usernameNormalized)),
    ]);
    const now = this.clock.now();
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      email: u.emailEncrypted === null ? null : this.secretBox.decrypt(u.emailEncrypted),
      disabled: u.disabled,
      isSuperAdmin: u.isSuperAdmin,
      mustChangePassword: u.mustChangePassword,
      lockedUntil: lockedUntil(failures.get(u.usernameNormalized) ?? null, now)?.toISOString() ?? null,
      roleIds: roles.get(u.id) ?? [],
      createdAt: u.createdAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    }));
  }
}

function toRecord(user: UserEntity): UserRecord {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    isSuperAdmin: user.isSuperAdmin,
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    passwordHash: user.passwordHash,
  };
}

/** What `target` holds that `holder` does not: permissions, device groups, edges (empty when none). */
export function exceedingRights(target: AccessScope, holder: AccessScope): string[] {
  const out: string[] = [];
  const permissions = [...target.permissions].filter((p) => !permissionSatisfied(holder.permissions, p));
  if (permissions.length > 0) out.push(`permissions ${permissions.sort().join(', ')}`);
  if (!holder.allDeviceGroups) {
    if (target.allDeviceGroups) out.push('all device groups');
    else {
      const groups = [...target.deviceGroupIds].filter((g) => !holder.deviceGroupIds.has(g));
      if (groups.length > 0) out.push(`device groups ${groups.sort().join(', ')}`);
    }
  }
  if (!holder.allEdges) {
    if (target.allEdges) out.push('all edges');
    else {
      const edges = [...target.edgeIds].filter((e) => !holder.edgeIds.has(e));
      if (edges.length > 0) out.push(`edges ${edges.sort().join(', ')}`);
    }
  }
  return out;
}
