import type { ApiTokenResponse, CreateApiTokenRequest, CreatedApiTokenResponse } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { hashToken, randomToken } from '../../infra/crypto/token-hash';
import { newId } from '../../infra/database/column-types';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokenRepository } from './auth-store.repositories';
import { ApiTokenInvalidError, ApiTokenNotFoundError, InvalidExpiryError } from './auth.errors';

export const API_TOKEN_PREFIX = 'fwp_';

/**
 * Personal API tokens `fwp_<random>`: only the hash is stored; a token acts with its owner's
 * current rights (resolved per request), may expire, and can be revoked.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly clock: Clock,
  ) {}

  async list(userId: string): Promise<ApiTokenResponse[]> {
    return (await this.tokens.listActiveForUser(userId)).map(toResponse);
  }

  async create(userId: string, request: CreateApiTokenRequest): Promise<CreatedApiTokenResponse> {
    const now = this.clock.now();
    let expiresAt: Date | null = null;
    if (request.expiresAt !== undefined) {
      expiresAt = new Date(request.expiresAt);
      if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime()) throw new InvalidExpiryError();
    }
    const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
    const entity = Object.assign(new ApiTokenEntity(), {
      id: newId(),
      userId,
      name: request.name.trim(),
      prefix: token.slice(0, 12),
      tokenHash: hashToken(token),
      expiresAt,
      lastUsedAt: null,
      revokedAt: null,
      createdAt: now,
    });
    await this.tokens.insert(entity);
    return { ...toResponse(entity), token };
  }

  async revoke(userId: string, id: string): Promise<void> {
    const token = await this.tokens.findActiveForUser(userId, id);
    if (!token) throw new ApiTokenNotFoundError(id);
    await this.tokens.revoke(token.id, this.clock.now());
  }

  /** The owner of a presented token, or an error saying why it is refused. */
  async authenticate(token: string): Promise<{ userId: string; tokenId: string }> {
    const now = this.clock.now();
    const entity = await this.tokens.findByHash(hashToken(token));
    if (!entity) throw new ApiTokenInvalidError('Unknown API token');
    if (entity.revokedAt !== null) throw new ApiTokenInvalidError('This API token has been revoked');
    if (entity.expiresAt !== null && entity.expiresAt.getTime() <= now.getTime()) {
      throw new ApiTokenInvalidError(`This API token expired at ${entity.expiresAt.toISOString()}`);
    }
    await this.tokens.touch(entity.id, now);
    return { userId: entity.userId, tokenId: entity.id };
  }
}

function toResponse(t: ApiTokenEntity): ApiTokenResponse {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}
