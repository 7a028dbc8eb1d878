import type { AccessScope } from '@fleetward/domain';
import { Permission } from '@fleetward/domain';
import { AccessResolver } from '../../server/src/common/auth/access-resolver';
import type { LockoutState } from '../../server/src/common/lockout/lockout-policy';
import type { ApiTokenEntity } from '../../server/src/modules/auth/api-token.entity';
import type {
  ApiTokenRepository,
  LoginFailureRepository,
  RefreshTokenRepository,
} from '../../server/src/modules/auth/auth-store.repositories';
import type { RefreshTokenEntity } from '../../server/src/modules/auth/refresh-token.entity';
import type { UserEntity } from '../../server/src/modules/users/user.entity';
import type { UserRepository } from '../../server/src/modules/users/user.repository';

type Public<T> = { [K in keyof T]: T[K] };

/** In-memory `users` table with the repository's public API. */
export class InMemoryUserRepository implements Public<UserRepository> {
  readonly rows = new Map<string, UserEntity>();

  findById(id: string): Promise<UserEntity | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? { ...row } : null);
  }

  findByUsername(usernameNormalized: string): Promise<UserEntity | null> {
    const row = [...this.rows.values()].find((u) => u.usernameNormalized === usernameNormalized);
    return Promise.resolve(row ? { ...row } : null);
  }

  findSuperAdmin(): Promise<UserEntity | null> {
    const row = [...this.rows.values()].find((u) => u.isSuperAdmin);
    return Promise.resolve(row ? { ...row } : null);
  }

  existsByIds(ids: string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(ids.filter((id) => this.rows.has(id))));
  }

  list(query: {
    page: number;
    pageSize: number;
    search?: string;
    emailHmac?: string;
  }): Promise<{ items: UserEntity[]; total: number }> {
    const q = query.search?.toLowerCase();
    const all = [...this.rows.values()]
      .filter(
        (u) =>
          q === undefined ||
          u.usernameNormalized.includes(q) ||
          u.displayName.toLowerCase().includes(q) ||
          (query.emailHmac !== undefined && u.emailHmac === query.emailHmac),
      )
      .sort((a, b) => a.usernameNormalized.localeCompare(b.usernameNormalized));
    const start = (query.page - 1) * query.pageSize;
    return Promise.resolve({
      items: all.slice(start, start + query.pageSize).map((u) => ({ ...u })),
      total: all.length,
    });
  }

  insert(user: UserEntity): Promise<unknown> {
    if ([...this.rows.values()].some((u) => u.usernameNormalized === user.usernameNormalized)) {
      return Promise.reject(new Error('UNIQUE constraint failed: users.username_normalized'));
    }
    this.rows.set(user.id, { ...user });
    return Promise.resolve();
  }

  save(user: UserEntity): Promise<UserEntity> {
    this.rows.set(user.id, { ...user });
    return Promise.resolve(user);
  }

  delete(id: string): Promise<void> {
    this.rows.delete(id);
    return Promise.resolve();
  }
}

export class InMemoryRefreshTokenRepository implements Public<RefreshTokenRepository> {
  readonly rows = new Map<string, RefreshTokenEntity>();

  insert(token: RefreshTokenEntity): Promise<unknown> {
    this.rows.set(token.id, { ...token });
    return Promise.resolve();
  }

  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    const row = [...this.rows.values()].find((t) => t.tokenHash === tokenHash);
    return Promise.resolve(row ? { ...row } : null);
  }

  rotate(oldId: string, next: RefreshTokenEntity, now: Date): Promise<boolean> {
    const old = this.rows.get(oldId);
    if (!old || old.revokedAt !== null) return Promise.resolve(false);
    this.rows.set(oldId, { ...old, revokedAt: now, replacedBy: next.id });
    this.rows.set(next.id, { ...next });
    return Promise.resolve(true);
  }

  revokeFamily(familyId: string, now: Date): Promise<void> {
    for (const [id, t] of this.rows)
      if (t.familyId === familyId && t.revokedAt === null) this.rows.set(id, { ...t, revokedAt: now });
    return Promise.resolve();
  }

  revokeAllForUser(userId: string, now: Date, exceptFamilyId?: string): Promise<void> {
    for (const [id, t] of this.rows) {
      if (t.userId === userId && t.revokedAt === null && t.familyId !== exceptFamilyId)
        this.rows.set(id, { ...t, revokedAt: now });
    }
    return Promise.resolve();
  }

  isFamilyActive(familyId: string, now: Date): Promise<boolean> {
    return Promise.resolve(
      [...this.rows.values()].some(
        (t) => t.familyId === familyId && t.revokedAt === null && t.expiresAt.getTime() > now.getTime(),
      ),
    );
  }
}

export class InMemoryApiTokenRepository implements Public<ApiTokenRepository> {
  readonly rows = new Map<string, ApiTokenEntity>();

  insert(token: ApiTokenEntity): Promise<unknown> {
    this.rows.set(token.id, { ...token });
    return Promise.resolve();
  }

  findByHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    const row = [...this.rows.values()].find((t) => t.tokenHash === tokenHash);
    return Promise.resolve(row ? { ...row } : null);
  }

  listActiveForUser(userId: string): Promise<ApiTokenEntity[]> {
    return Promise.resolve([...this.rows.values()].filter((t) => t.userId === userId && t.revokedAt === null));
  }

  findActiveForUser(userId: string, id: string): Promise<ApiTokenEntity | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row && row.userId === userId && row.revokedAt === null ? { ...row } : null);
  }

  revoke(id: string, now: Date): Promise<void> {
    const row = this.rows.get(id);
    if (row) this.rows.set(id, { ...row, revokedAt: now });
    return Promise.resolve();
  }

  touch(id: string, now: Date): Promise<void> {
    const row = this.rows.get(id);
    if (row) this.rows.set(id, { ...row, lastUsedAt: now });
    return Promise.resolve();
  }
}

export class InMemoryLoginFailureRepository implements Public<LoginFailureRepository> {
  readonly rows = new Map<string, LockoutState>();

  get(usernameNormalized: string): Promise<LockoutState | null> {
    return Promise.resolve(this.rows.get(usernameNormalized) ?? null);
  }

  getMany(usernamesNormalized: string[]): Promise<Map<string, LockoutState>> {
    const out = new Map<string, LockoutState>();
    for (const name of usernamesNormalized) {
      const row = this.rows.get(name);
      if (row) out.set(name, row);
    }
    return Promise.resolve(out);
  }

  save(usernameNormalized: string, state: LockoutState): Promise<void> {
    this.rows.set(usernameNormalized, { ...state });
    return Promise.resolve();
  }

  clear(usernameNormalized: string): Promise<void> {
    this.rows.delete(usernameNormalized);
    return Promise.resolve();
  }
}

/** Access resolver with fixed permissions and role ids per user. */
export class FixedAccessResolver extends AccessResolver {
  readonly permissions = new Map<string, Permission[]>();
  readonly roles = new Map<string, string[]>();

  resolve(user: { id: string; isSuperAdmin: boolean }): Promise<AccessScope> {
    return Promise.resolve({
      userId: user.id,
      isSuperAdmin: user.isSuperAdmin,
      permissions: new Set([Permission.Public, ...(this.permissions.get(user.id) ?? [])]),
      deviceGroupIds: new Set<string>(),
      edgeIds: new Set<string>(),
      allDeviceGroups: false,
      allEdges: false,
    });
  }

  roleIdsByUser(userIds: string[]): Promise<Map<string, string[]>> {
    return Promise.resolve(new Map(userIds.map((id) => [id, this.roles.get(id) ?? []])));
  }
}

/** Fast, transparent stand-in for argon2 in unit tests. */
export class FakePasswordHasher {
  hash(password: string): Promise<string> {
    return Promise.resolve(`fake-hash:${password}`);
  }

  verify(hash: string, password: string): Promise<boolean> {
    return Promise.resolve(hash === `fake-hash:${password}`);
  }

  verifyAgainstDummy(_password: string): Promise<false> {
    return Promise.resolve(false);
  }
}
