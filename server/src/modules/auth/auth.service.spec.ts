import { Permission } from '@fleetward/domain';
import { JwtService } from '@nestjs/jwt';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  FakePasswordHasher,
  FixedAccessResolver,
  InMemoryApiTokenRepository,
  InMemoryLoginFailureRepository,
  InMemoryRefreshTokenRepository,
  InMemoryUserRepository,
} from '../../../../test/fakes/in-memory-identity';
import { FakeClock } from '../../../../test/support/fake-clock';
import { AppConfig } from '../../infra/config/app-config';
import type { PasswordHasher } from '../../infra/crypto/password-hasher';
import { SecretBox } from '../../infra/crypto/secret-box';
import type { UserRepository } from '../users/user.repository';
import { UsersService } from '../users/users.service';
import { superAdminScope } from './access-scope';
import { ApiTokensService } from './api-tokens.service';
import type { ApiTokenRepository, LoginFailureRepository, RefreshTokenRepository } from './auth-store.repositories';
import { AuthService } from './auth.service';
import { SessionsService } from './sessions.service';

describe('AuthService', () => {
  let clock: FakeClock;
  let failures: InMemoryLoginFailureRepository;
  let refreshTokens: InMemoryRefreshTokenRepository;
  let resolver: FixedAccessResolver;
  let users: UsersService;
  let sut: AuthService;
  let userId: string;

  beforeEach(async () => {
    clock = new FakeClock();
    failures = new InMemoryLoginFailureRepository();
    refreshTokens = new InMemoryRefreshTokenRepository();
    resolver = new FixedAccessResolver();
    const hasher = new FakePasswordHasher() as unknown as PasswordHasher;
    const config = AppConfig.fromEnv({
      FLEETWARD_LOCKOUT_MAX_FAILURES: '3',
      FLEETWARD_LOCKOUT_WINDOW_MINUTES: '10',
      FLEETWARD_JWT_TTL: '60',
    });
    users = new UsersService(
      new InMemoryUserRepository() as unknown as UserRepository,
      refreshTokens as unknown as RefreshTokenRepository,
      failures as unknown as LoginFailureRepository,
      resolver,
      hasher,
      new SecretBox({ primaryKey: Buffer.alloc(32, 1) }),
      clock,
    );
    const sessions = new SessionsService(
      new JwtService({ secret: 'unit-test-secret' }),
      refreshTokens as unknown as RefreshTokenRepository,
      config,
      clock,
    );
    const apiTokens = new ApiTokensService(new InMemoryApiTokenRepository() as unknown as ApiTokenRepository, clock);
    sut = new AuthService(
      users,
      sessions,
      apiTokens,
      failures as unknown as LoginFailureRepository,
      resolver,
      hasher,
      config,
      clock,
    );
    userId = (await users.create({ username: 'operator', displayName: 'Op', password: 'Operator-pass-1' })).id;
    resolver.permissions.set(userId, [Permission.DeviceManagementRo]);
  });

  it('signs in and reports the effective permissions', async () => {
    const res = await sut.login('Operator', 'Operator-pass-1');
    expect(res.user).toMatchObject({
      username: 'operator',
      mustChangePassword: true,
      permissions: ['device-management-ro', 'public'],
    });
    const { user } = await sut.authenticate(`Bearer ${res.accessToken}`);
    expect(user).toMatchObject({ id: userId, via: 'jwt' });
  });

  it('answers the same error for unknown users and wrong passwords, and counts both', async () => {
    await expect(sut.login('operator', 'wrong')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    await expect(sut.login('nobody', 'wrong')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(failures.rows.get('operator')?.failureCount).toBe(1);
    expect(failures.rows.get('nobody')?.failureCount).toBe(1);
  });

  it('locks after the limit, refuses even the right password, and unlocks after the window', async () => {
    await expect(sut.login('operator', 'bad-1')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(sut.login('operator', 'bad-2')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(sut.login('operator', 'bad-3')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED', status: 423 });
    await expect(sut.login('operator', 'Operator-pass-1')).rejects.toThrow(/locked until 2026-01-15T09:10:00.000Z/);
    clock.advanceMinutes(10);
    await expect(sut.login('operator', 'Operator-pass-1')).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(failures.rows.has('operator')).toBe(false);
  });

  it('locks unknown usernames the same way', async () => {
    for (let i = 0; i < 2; i++)
      await expect(sut.login('ghost', 'x')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(sut.login('ghost', 'x')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('refuses disabled users even with the right password, and their tokens stop working', async () => {
    const res = await sut.login('operator', 'Operator-pass-1');
    await users.update(
      { id: 'x', username: 'root', displayName: 'r', isSuperAdmin: true, mustChangePassword: false, via: 'jwt' },
      superAdminScope('x'),
      userId,
      {
        disabled: true,
      },
    );
    await expect(sut.login('operator', 'Operator-pass-1')).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
    await expect(sut.authenticate(`Bearer ${res.accessToken}`)).rejects.toMatchObject({ status: 401 });
  });

  it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
    const first = await sut.login('operator', 'Operator-pass-1');
    const second = await sut.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expect(sut.refresh(first.refreshToken)).rejects.toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    await expect(sut.refresh(second.refreshToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    await expect(sut.authenticate(`Bearer ${second.accessToken}`)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
  });

  it('expires access tokens by the injected clock', async () => {
    const res = await sut.login('operator', 'Operator-pass-1');
    clock.advance(61_000);
    await expect(sut.authenticate(`Bearer ${res.accessToken}`)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('requires a bearer credential and rejects garbage', async () => {
    await expect(sut.authenticate(undefined)).rejects.toMatchObject({ code: 'AUTHENTICATION_REQUIRED' });
    await expect(sut.authenticate('Basic abc')).rejects.toMatchObject({ code: 'AUTHENTICATION_REQUIRED' });
    await expect(sut.authenticate('Bearer not-a-jwt')).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(sut.authenticate('Bearer fwp_unknown')).rejects.toMatchObject({ code: 'INVALID_API_TOKEN' });
  });

  it('changes the own password only with the current one and keeps only the current session', async () => {
    const a = await sut.login('operator', 'Operator-pass-1');
    const b = await sut.login('operator', 'Operator-pass-1');
    const { user } = await sut.authenticate(`Bearer ${b.accessToken}`);
    await expect(sut.changePassword(user, 'wrong', 'New-password-123')).rejects.toMatchObject({
      code: 'WRONG_CURRENT_PASSWORD',
    });
    await sut.changePassword(user, 'Operator-pass-1', 'New-password-123');
    await expect(sut.authenticate(`Bearer ${a.accessToken}`)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    expect((await sut.me(user)).mustChangePassword).toBe(false);
    await expect(sut.login('operator', 'New-password-123')).resolves.toBeDefined();
  });
});
