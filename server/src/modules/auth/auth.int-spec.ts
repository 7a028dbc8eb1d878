import type {
  ApiTokenResponse,
  CreatedApiTokenResponse,
  ErrorResponse,
  LoginResponse,
  TokenPair,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeClock,
  grantPermissions,
  startTestServer,
  TEST_ADMIN_PASSWORD,
  type TestServer,
} from '../../../../test/support';

describe('authentication over HTTPS', () => {
  const clock = new FakeClock(new Date());
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      env: { FLEETWARD_LOCKOUT_MAX_FAILURES: '3', FLEETWARD_LOCKOUT_WINDOW_MINUTES: '15' },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('signs in with the right password and answers the current user', async () => {
    const res = await s.request<LoginResponse>('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { username: 'admin', isSuperAdmin: true, allDeviceGroups: true },
    });
    expect(res.body.refreshToken).toMatch(/^fwr_/);
    const me = await s.request('GET', '/api/v1/auth/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'admin',
      permissions: expect.arrayContaining(Object.values(Permission)),
    });
  });

  it('answers 401 INVALID_CREDENTIALS alike for a wrong password and an unknown user', async () => {
    const wrong = await s.request<ErrorResponse>('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: 'not-the-password' },
    });
    const unknown = await s.request<ErrorResponse>('POST', '/api/v1/auth/login', {
      body: { username: 'no-such-user', password: 'x' },
    });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
      expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
    }
  });

  it('requires credentials on protected routes', async () => {
    const res = await s.request<ErrorResponse>('GET', '/api/v1/users');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTHENTICATION_REQUIRED');
    expect((await s.request<ErrorResponse>('GET', '/api/v1/users', { token: 'garbage' })).body.code).toBe(
      'INVALID_TOKEN',
    );
  });

  it('locks an account after the failures, even for the right password, and unlocks after the window', async () => {
    const admin = await s.loginAsAdmin();
    const { password } = await s.createUser('lock.me');
    const attempt = (pw: string) =>
      s.request<ErrorResponse>('POST', '/api/v1/auth/login', { body: { username: 'lock.me', password: pw } });
    expect((await attempt('bad-1')).body.code).toBe('INVALID_CREDENTIALS');
    expect((await attempt('bad-2')).body.code).toBe('INVALID_CREDENTIALS');
    const locked = await attempt('bad-3');
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    const until = new Date(clock.now().getTime() + 15 * 60_000).toISOString();
    expect(locked.body.message).toContain(until);
    const right = await attempt(password);
    expect(right.status).toBe(423);
    const users = await s.request<{ items: { username: string; lockedUntil: string | null }[] }>(
      'GET',
      '/api/v1/users?search=lock.me',
      { token: admin },
    );
    expect(users.body.items[0]!.lockedUntil).toBe(until);
    clock.advanceMinutes(15);
    expect((await attempt(password)).status).toBe(200);
  });

  it('counts failures for unknown usernames too', async () => {
    const attempt = () =>
      s.request<ErrorResponse>('POST', '/api/v1/auth/login', { body: { username: 'ghost.user', password: 'x' } });
    await attempt();
    await attempt();
    expect((await attempt()).body.code).toBe('ACCOUNT_LOCKED');
    clock.advanceMinutes(15);
  });

  it('rotates refresh tokens and revokes the session when a used token is replayed', async () => {
    const login = await s.login('admin', TEST_ADMIN_PASSWORD);
    const next = await s.request<TokenPair>('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.refreshToken },
    });
    expect(next.status).toBe(200);
    expect(next.body.refreshToken).not.toBe(login.refreshToken);
    expect((await s.request('GET', '/api/v1/auth/me', { token: next.body.accessToken })).status).toBe(200);

    const replay = await s.request<ErrorResponse>('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.refreshToken },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    const afterReplay = await s.request<ErrorResponse>('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: next.body.refreshToken },
    });
    expect(afterReplay.body.code).toBe('SESSION_REVOKED');
    expect((await s.request<ErrorResponse>('GET', '/api/v1/auth/me', { token: next.body.accessToken })).body.code).toBe(
      'SESSION_REVOKED',
    );
    expect(
      (await s.request<ErrorResponse>('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'fwr_unknown' } })).body
        .code,
    ).toBe('INVALID_REFRESH_TOKEN');
  });

  it('expires access tokens after their lifetime (by the server clock)', async () => {
    const login = await s.login('admin', TEST_ADMIN_PASSWORD);
    clock.advance(901_000);
    const res = await s.request<ErrorResponse>('GET', '/api/v1/auth/me', { token: login.accessToken });
    expect(res.body.code).toBe('TOKEN_EXPIRED');
    const refreshed = await s.request<TokenPair>('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.refreshToken },
    });
    expect(refreshed.status).toBe(200);
  });

  it('logout revokes the access token and the refresh token at once', async () => {
    const login = await s.login('admin', TEST_ADMIN_PASSWORD);
    const out = await s.request('POST', '/api/v1/auth/logout', {
      token: login.accessToken,
      body: { refreshToken: login.refreshToken },
    });
    expect(out.status).toBe(204);
    expect((await s.request<ErrorResponse>('GET', '/api/v1/auth/me', { token: login.accessToken })).body.code).toBe(
      'SESSION_REVOKED',
    );
    expect(
      (await s.request<ErrorResponse>('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.refreshToken } }))
        .status,
    ).toBe(401);
  });

  it('makes new users change their password before anything else', async () => {
    const admin = await s.loginAsAdmin();
    const created = await s.request<{ id: string }>('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'newbie', displayName: 'Newbie', password: 'Initial-pass-123' },
    });
    const login = await s.login('newbie', 'Initial-pass-123');
    expect(login.user.mustChangePassword).toBe(true);
    const blocked = await s.request<ErrorResponse>('GET', '/api/v1/system/info', { token: login.accessToken });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await s.request('GET', '/api/v1/auth/me', { token: login.accessToken })).status).toBe(200);
    const weak = await s.request<ErrorResponse>('POST', '/api/v1/auth/change-password', {
      token: login.accessToken,
      body: { currentPassword: 'Initial-pass-123', newPassword: 'newbie' },
    });
    expect(weak.status).toBe(400);
    const changed = await s.request('POST', '/api/v1/auth/change-password', {
      token: login.accessToken,
      body: { currentPassword: 'Initial-pass-123', newPassword: 'My-own-pass-123' },
    });
    expect(changed.status).toBe(204);
    expect((await s.request('GET', '/api/v1/system/info', { token: login.accessToken })).status).toBe(200);
    expect((await s.request('DELETE', `/api/v1/users/${created.body.id}`, { token: admin })).status).toBe(204);
  });

  it('stops a disabled user and every token he holds', async () => {
    const admin = await s.loginAsAdmin();
    const { user, token } = await s.createUser('soon.disabled');
    const apiToken = await s.request<CreatedApiTokenResponse>('POST', '/api/v1/auth/tokens', {
      token,
      body: { name: 'script' },
    });
    expect(
      (await s.request('PATCH', `/api/v1/users/${user.id}`, { token: admin, body: { disabled: true } })).status,
    ).toBe(200);
    expect((await s.request<ErrorResponse>('GET', '/api/v1/auth/me', { token })).status).toBe(401);
    expect((await s.request<ErrorResponse>('GET', '/api/v1/auth/me', { token: apiToken.body.token })).body.code).toBe(
      'ACCOUNT_DISABLED',
    );
  });

  describe('personal API tokens', () => {
    it('creates, lists, uses and revokes a token; only its hash is kept', async () => {
      const admin = await s.loginAsAdmin();
      const created = await s.request<CreatedApiTokenResponse>('POST', '/api/v1/auth/tokens', {
        token: admin,
        body: { name: 'inventory' },
      });
      expect(created.status).toBe(201);
      expect(created.body.token).toMatch(/^fwp_[A-Za-z0-9_-]{40,}$/);
      expect(created.body.token.startsWith(created.body.prefix)).toBe(true);
      const list = await s.request<ApiTokenResponse[]>('GET', '/api/v1/auth/tokens', { token: admin });
      expect(list.body.map((t) => t.name)).toContain('inventory');
      expect(JSON.stringify(list.body)).not.toContain(created.body.token);

      const used = await s.request('GET', '/api/v1/users', { token: created.body.token });
      expect(used.status).toBe(200);
      const after = await s.request<ApiTokenResponse[]>('GET', '/api/v1/auth/tokens', { token: admin });
      expect(after.body.find((t) => t.id === created.body.id)?.lastUsedAt).not.toBeNull();

      expect((await s.request('DELETE', `/api/v1/auth/tokens/${created.body.id}`, { token: admin })).status).toBe(204);
      const revoked = await s.request<ErrorResponse>('GET', '/api/v1/users', { token: created.body.token });
      expect(revoked.status).toBe(401);
      expect(revoked.body.code).toBe('INVALID_API_TOKEN');
    });

    it('expires a token at its expiry date', async () => {
      const admin = await s.loginAsAdmin();
      const expiresAt = new Date(clock.now().getTime() + 3_600_000).toISOString();
      const created = await s.request<CreatedApiTokenResponse>('POST', '/api/v1/auth/tokens', {
        token: admin,
        body: { name: 'short', expiresAt },
      });
      expect(created.body.expiresAt).toBe(expiresAt);
      expect((await s.request('GET', '/api/v1/system/info', { token: created.body.token })).status).toBe(200);
      clock.advance(3_600_000);
      const res = await s.request<ErrorResponse>('GET', '/api/v1/system/info', { token: created.body.token });
      expect(res.status).toBe(401);
      expect(res.body.message).toContain('expired');
      const past = await s.request<ErrorResponse>('POST', '/api/v1/auth/tokens', {
        token: await s.loginAsAdmin(),
        body: { name: 'past', expiresAt: '2000-01-01T00:00:00Z' },
      });
      expect(past.body.code).toBe('INVALID_EXPIRY');
    });

    it("carries exactly its owner's current rights", async () => {
      const { user, token } = await s.createUser('token.owner');
      const apiToken = (
        await s.request<CreatedApiTokenResponse>('POST', '/api/v1/auth/tokens', { token, body: { name: 'mine' } })
      ).body.token;
      const denied = await s.request<ErrorResponse>('GET', '/api/v1/users', { token: apiToken });
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('PERMISSION_DENIED');
      await grantPermissions(s, user.id, 'User managers', [Permission.UserManagement]);
      expect((await s.request('GET', '/api/v1/users', { token: apiToken })).status).toBe(200);
      expect((await s.request('GET', '/api/v1/audit', { token: apiToken })).status).toBe(403);
    });

    it("cannot see or revoke another user's tokens", async () => {
      const admin = await s.loginAsAdmin();
      const other = await s.createUser('token.other');
      const mine = await s.request<CreatedApiTokenResponse>('POST', '/api/v1/auth/tokens', {
        token: admin,
        body: { name: 'admin-only' },
      });
      expect((await s.request<ApiTokenResponse[]>('GET', '/api/v1/auth/tokens', { token: other.token })).body).toEqual(
        [],
      );
      const res = await s.request<ErrorResponse>('DELETE', `/api/v1/auth/tokens/${mine.body.id}`, {
        token: other.token,
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('API_TOKEN_NOT_FOUND');
    });
  });
});

describe('first start without FLEETWARD_ADMIN_PASSWORD', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ generatedAdminPassword: true });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('generates a strong admin password once and forces its change', async () => {
    const generated = s.server.adminBootstrap.generatedPassword!;
    expect(s.server.adminBootstrap.created).toBe(true);
    expect(generated).toMatch(/^[A-Za-z0-9]{20}$/);
    const login = await s.login('admin', generated);
    expect(login.user.mustChangePassword).toBe(true);
    expect((await s.request<ErrorResponse>('GET', '/api/v1/users', { token: login.accessToken })).body.code).toBe(
      'PASSWORD_CHANGE_REQUIRED',
    );
    const changed = await s.request('POST', '/api/v1/auth/change-password', {
      token: login.accessToken,
      body: { currentPassword: generated, newPassword: 'The-admins-own-pass-1' },
    });
    expect(changed.status).toBe(204);
    expect((await s.request('GET', '/api/v1/users', { token: login.accessToken })).status).toBe(200);
    expect(
      (await s.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: generated } })).status,
    ).toBe(401);
  });
});
