import type { ErrorResponse, Page, UserResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantPermissions, startTestServer, type TestServer } from '../../../../test/support';

describe('users API', () => {
  let s: TestServer;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    s = await startTestServer();
    admin = await s.loginAsAdmin();
    adminId = (await s.me(admin)).id;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('creates, reads, edits and deletes a user', async () => {
    const created = await s.request<UserResponse>('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'Alice.W', displayName: 'Alice', email: 'alice@example.com', password: 'Alice-initial-1' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'Alice.W',
      displayName: 'Alice',
      email: 'alice@example.com',
      disabled: false,
      isSuperAdmin: false,
      mustChangePassword: true,
      lockedUntil: null,
      roleIds: [],
      lastLoginAt: null,
    });
    const id = created.body.id;
    expect((await s.request<UserResponse>('GET', `/api/v1/users/${id}`, { token: admin })).body.email).toBe(
      'alice@example.com',
    );

    const patched = await s.request<UserResponse>('PATCH', `/api/v1/users/${id}`, {
      token: admin,
      body: { displayName: 'Alice Walker', email: null, disabled: true },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ displayName: 'Alice Walker', email: null, disabled: true });

    expect((await s.request('DELETE', `/api/v1/users/${id}`, { token: admin })).status).toBe(204);
    const gone = await s.request<ErrorResponse>('GET', `/api/v1/users/${id}`, { token: admin });
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('USER_NOT_FOUND');
  });

  it('pages and searches', async () => {
    for (const name of ['page.a', 'page.b', 'page.c']) {
      await s.request('POST', '/api/v1/users', {
        token: admin,
        body: { username: name, displayName: `Pager ${name}`, password: 'Pager-password-1' },
      });
    }
    const first = await s.request<Page<UserResponse>>('GET', '/api/v1/users?search=page.&page=1&pageSize=2', {
      token: admin,
    });
    expect(first.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.body.items.map((u) => u.username)).toEqual(['page.a', 'page.b']);
    const second = await s.request<Page<UserResponse>>('GET', '/api/v1/users?search=PAGER&page=2&pageSize=2', {
      token: admin,
    });
    expect(second.body.items.map((u) => u.username)).toEqual(['page.c']);
    const literal = await s.request<Page<UserResponse>>('GET', '/api/v1/users?search=%25', { token: admin });
    expect(literal.body.total).toBe(0);
    const bad = await s.request<ErrorResponse>('GET', '/api/v1/users?pageSize=10000', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.details?.[0]?.field).toBe('pageSize');
  });

  it('answers validation failures field by field', async () => {
    const res = await s.request<ErrorResponse>('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'x', email: 'not-an-email', password: 'short', isSuperAdmin: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.correlationId).toBeTruthy();
    const fields = res.body.details!.map((d) => d.field).sort();
    expect(fields).toEqual(['displayName', 'email', 'isSuperAdmin', 'password', 'username']);
    for (const d of res.body.details!) expect(d.problems.length).toBeGreaterThan(0);
  });

  it('refuses duplicates, weak passwords and malformed ids', async () => {
    const dup = await s.request<ErrorResponse>('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'ADMIN', displayName: 'Fake', password: 'Another-password-1' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('USERNAME_TAKEN');
    const weak = await s.request<ErrorResponse>('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'weak.password.user', displayName: 'W', password: 'weak.password.user' },
    });
    expect(weak.body.code).toBe('PASSWORD_POLICY');
    const badId = await s.request<ErrorResponse>('GET', '/api/v1/users/not-a-uuid', { token: admin });
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('VALIDATION_FAILED');
  });

  it('protects the built-in Super Admin', async () => {
    const del = await s.request<ErrorResponse>('DELETE', `/api/v1/users/${adminId}`, { token: admin });
    expect(del.status).toBe(403);
    expect(del.body.code).toBe('SUPER_ADMIN_PROTECTED');
    const disable = await s.request<ErrorResponse>('PATCH', `/api/v1/users/${adminId}`, {
      token: admin,
      body: { disabled: true },
    });
    expect(disable.status).toBe(403);
    expect(disable.body.code).toBe('SUPER_ADMIN_PROTECTED');
    const escalate = await s.request<ErrorResponse>('PATCH', `/api/v1/users/${adminId}`, {
      token: admin,
      body: { isSuperAdmin: false },
    });
    expect(escalate.status).toBe(400);
  });

  it('resets a password: the user must change it, and his sessions end', async () => {
    const { user, token, password } = await s.createUser('reset.me');
    const login = await s.login('reset.me', password);
    const res = await s.request<UserResponse>('POST', `/api/v1/users/${user.id}/reset-password`, {
      token: admin,
      body: { newPassword: 'Temporary-pass-99' },
    });
    expect(res.status).toBe(200);
    expect(res.body.mustChangePassword).toBe(true);
    expect((await s.request<ErrorResponse>('GET', '/api/v1/auth/me', { token })).body.code).toBe('SESSION_REVOKED');
    expect(
      (await s.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.refreshToken } })).status,
    ).toBe(401);
    expect((await s.request('POST', '/api/v1/auth/login', { body: { username: 'reset.me', password } })).status).toBe(
      401,
    );
    const fresh = await s.login('reset.me', 'Temporary-pass-99');
    expect(fresh.user.mustChangePassword).toBe(true);
  });

  it('lets a user manager manage weaker users but not stronger ones', async () => {
    const manager = await s.createUser('user.manager');
    await grantPermissions(s, manager.user.id, 'User managers', [
      Permission.UserManagement,
      Permission.DeviceManagementRo,
    ]);
    const viewer = await s.createUser('device.viewer');
    await grantPermissions(s, viewer.user.id, 'Viewers', [Permission.DeviceManagementRo]);
    const sysop = await s.createUser('sys.operator');
    await grantPermissions(s, sysop.user.id, 'System operators', [Permission.SystemManagement]);

    const token = manager.token;
    const reset = await s.request('POST', `/api/v1/users/${viewer.user.id}/reset-password`, {
      token,
      body: { newPassword: 'Viewer-reset-123' },
    });
    expect(reset.status).toBe(200);
    const takeover = await s.request<ErrorResponse>('POST', `/api/v1/users/${sysop.user.id}/reset-password`, {
      token,
      body: { newPassword: 'Taken-over-12345' },
    });
    expect(takeover.status).toBe(403);
    expect(takeover.body.code).toBe('USER_OUTRANKS_CALLER');
    expect(takeover.body.message).toContain('system-management');
    expect((await s.request<ErrorResponse>('DELETE', `/api/v1/users/${sysop.user.id}`, { token })).body.code).toBe(
      'USER_OUTRANKS_CALLER',
    );
    const list = await s.request<Page<UserResponse>>('GET', '/api/v1/users?search=sys.operator', { token });
    expect(list.body.items[0]!.roleIds).toHaveLength(1);
  });

  it('requires User Management', async () => {
    const { token, user } = await s.createUser('plain.user');
    for (const [method, path] of [
      ['GET', '/api/v1/users'],
      ['GET', `/api/v1/users/${user.id}`],
      ['POST', '/api/v1/users'],
      ['PATCH', `/api/v1/users/${user.id}`],
      ['DELETE', `/api/v1/users/${user.id}`],
      ['POST', `/api/v1/users/${user.id}/reset-password`],
    ] as const) {
      const res = await s.request<ErrorResponse>(method, path, {
        token,
        body: method === 'GET' || method === 'DELETE' ? undefined : {},
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe('PERMISSION_DENIED');
    }
  });
});
