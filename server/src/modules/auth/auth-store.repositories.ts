import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, MoreThan, Not, Repository } from 'typeorm';
import { type LockoutState } from '../../common/lockout/lockout-policy';
import { ApiTokenEntity } from './api-token.entity';
import { LoginFailureEntity } from './login-failure.entity';
import { RefreshTokenEntity } from './refresh-token.entity';

/** Refresh tokens (sessions). The only code that touches `refresh_tokens`. */
@Injectable()
export class RefreshTokenRepository {
  constructor(
    @InjectRepository(RefreshTokenEntity) private readonly repo: Repository<RefreshTokenEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  insert(token: RefreshTokenEntity): Promise<unknown> {
    return this.repo.insert(token);
  }

  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.repo.findOne({ where: { tokenHash } });
  }

  /**
   * Marks `oldId` as replaced by `next` and inserts `next`, only if `oldId` was still unused.
   * Returns false when another request rotated or revoked it first.
   */
  async rotate(oldId: string, next: RefreshTokenEntity, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(RefreshTokenEntity)
        .set({ revokedAt: now, replacedBy: next.id })
        .where('id = :id AND revoked_at IS NULL', { id: oldId })
        .execute();
      if (result.affected !== 1) return false;
      await em.insert(RefreshTokenEntity, next);
      return true;
    });
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: now });
  }

  async revokeAllForUser(userId: string, now: Date, exceptFamilyId?: string): Promise<void> {
    const where = exceptFamilyId
      ? { userId, revokedAt: IsNull(), familyId: Not(exceptFamilyId) }
      : { userId, revokedAt: IsNull() };
    await this.repo.update(where, { revokedAt: now });
  }

  /** A session is active while one of its tokens is neither revoked nor expired. */
  async isFamilyActive(familyId: string, now: Date): Promise<boolean> {
    const count = await this.repo.count({ where: { familyId, revokedAt: IsNull(), expiresAt: MoreThan(now) } });
    return count > 0;
  }
}

/** Personal API tokens. The only code that touches `api_tokens`. */
@Injectable()
export class ApiTokenRepository {
  constructor(@InjectRepository(ApiTokenEntity) private readonly repo: Repository<ApiTokenEntity>) {}

  insert(token: ApiTokenEntity): Promise<unknown> {
    return this.repo.insert(token);
  }

  findByHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    return this.repo.findOne({ where: { tokenHash } });
  }

  listActiveForUser(userId: string): Promise<ApiTokenEntity[]> {
    return this.repo.find({ where: { userId, revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  findActiveForUser(userId: string, id: string): Promise<ApiTokenEntity | null> {
    return this.repo.findOne({ where: { id, userId, revokedAt: IsNull() } });
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.repo.update({ id }, { revokedAt: now });
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.repo.update({ id }, { lastUsedAt: now });
  }
}

/** Failed-login counters. The only code that touches `login_failures`. */
@Injectable()
export class LoginFailureRepository {
  constructor(@InjectRepository(LoginFailureEntity) private readonly repo: Repository<LoginFailureEntity>) {}

  async get(usernameNormalized: string): Promise<LockoutState | null> {
    const row = await this.repo.findOne({ where: { usernameNormalized } });
    return row
      ? { failureCount: row.failureCount, windowStartedAt: row.windowStartedAt, lockedUntil: row.lockedUntil }
      : null;
  }

  async getMany(usernamesNormalized: string[]): Promise<Map<string, LockoutState>> {
    if (usernamesNormalized.length === 0) return new Map();
    const rows = await this.repo.find({ where: { usernameNormalized: In(usernamesNormalized) } });
    return new Map(rows.map((r) => [r.usernameNormalized, r]));
  }

  async save(usernameNormalized: string, state: LockoutState): Promise<void> {
    await this.repo.save({ usernameNormalized, ...state });
  }

  async clear(usernameNormalized: string): Promise<void> {
    await this.repo.delete({ usernameNormalized });
  }
}
