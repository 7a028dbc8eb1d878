import type { TokenPair } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../infra/config/app-config';
import { hashToken, randomToken } from '../../infra/crypto/token-hash';
import { newId } from '../../infra/database/column-types';
import { RefreshTokenRepository } from './auth-store.repositories';
import {
  InvalidRefreshTokenError,
  InvalidTokenError,
  RefreshTokenReusedError,
  SessionRevokedError,
  TokenExpiredError,
} from './auth.errors';
import { RefreshTokenEntity } from './refresh-token.entity';

/** Claims of an access token: the user and his session (refresh-token family). */
export interface AccessClaims {
  sub: string;
  sid: string;
  typ: 'access';
  iat: number;
  exp: number;
}

/**
 * Sessions: a short-lived HS256 JWT plus an opaque refresh token that rotates on every use.
 * Reusing a rotated refresh token revokes the whole family (stolen-token detection).
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Starts a new session for `userId`. */
  async start(userId: string): Promise<TokenPair & { sessionId: string }> {
    const familyId = newId();
    const { token, entity } = this.newRefreshToken(userId, familyId);
    await this.refreshTokens.insert(entity);
    return { ...(await this.pair(userId, familyId, token, entity.expiresAt)), sessionId: familyId };
  }

  /** Exchanges a refresh token for a new pair; returns the user id for the caller to re-check the account. */
  async refresh(
    refreshToken: string,
    userIsActive: (userId: string) => Promise<boolean>,
  ): Promise<TokenPair & { userId: string }> {
    const now = this.clock.now();
    const current = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (!current) throw new InvalidRefreshTokenError();
    if (current.revokedAt !== null) {
      // A token that was rotated away is presented again: someone holds a copy. End the session.
      if (current.replacedBy !== null) await this.refreshTokens.revokeFamily(current.familyId, now);
      throw current.replacedBy !== null ? new RefreshTokenReusedError() : new SessionRevokedError();
    }
    if (current.expiresAt.getTime() <= now.getTime()) throw new InvalidRefreshTokenError();
    if (!(await userIsActive(current.userId))) {
      await this.refreshTokens.revokeFamily(current.familyId, now);
      throw new SessionRevokedError();
    }
    const { token, entity } = this.newRefreshToken(current.userId, current.familyId);
    if (!(await this.refreshTokens.rotate(current.id, entity, now))) {
      await this.refreshTokens.revokeFamily(current.familyId, now);
      throw new RefreshTokenReusedError();
    }
    return { ...(await this.pair(current.userId, current.familyId, token, entity.expiresAt)), userId: current.userId };
  }

  /** Ends the session the refresh token belongs to, if it is the caller's. */
  async endByRefreshToken(userId: string, refreshToken: string): Promise<void> {
    const token = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (token && token.userId === userId) await this.refreshTokens.revokeFamily(token.familyId, this.clock.now());
  }

  async end(sessionId: string): Promise<void> {
    await this.refreshTokens.revokeFamily(sessionId, this.clock.now());
  }

  async endAllOtherSessions(userId: string, keepSessionId?: string): Promise<void> {
    await this.refreshTokens.revokeAllForUser(userId, this.clock.now(), keepSessionId);
  }

  /** Verifies an access token (signature, expiry against the injected clock) and that its session is live. */
  async verifyAccessToken(token: string): Promise<AccessClaims> {
    const now = this.clock.now();
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(now.getTime() / 1000),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TokenExpiredError') throw new TokenExpiredError();
      throw new InvalidTokenError();
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw new InvalidTokenError();
    }
    if (!(await this.refreshTokens.isFamilyActive(claims.sid, now))) throw new SessionRevokedError();
    return claims;
  }

  private newRefreshToken(userId: string, familyId: string): { token: string; entity: RefreshTokenEntity } {
    const now = this.clock.now();
    const token = `fwr_${randomToken(32)}`;
    const entity = Object.assign(new RefreshTokenEntity(), {
      id: newId(),
      userId,
      familyId,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + this.config.auth.refreshTtlSeconds * 1000),
      revokedAt: null,
      replacedBy: null,
      createdAt: now,
    });
    return { token, entity };
  }

  private async pair(
    userId: string,
    familyId: string,
    refreshToken: string,
    refreshExpiresAt: Date,
  ): Promise<TokenPair> {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const ttl = this.config.auth.jwtTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: userId, sid: familyId, typ: 'access', iat, exp: iat + ttl });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ttl,
      refreshToken,
      refreshExpiresAt: refreshExpiresAt.toISOString(),
    };
  }
}
