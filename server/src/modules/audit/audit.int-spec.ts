import type { AuditEntryResponse, ErrorResponse, Page } from '@fleetward/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../../../test/support';

describe('audit log', () => {
  let s: TestServer;
  let admin: string;

  beforeAll(async () => {
    s = await startTestServer();
    admin = await s.loginAsAdmin();
  });
  afterAll(async () => {
    await s?.close();
  });

  const entries = async (query = ''): Promise<AuditEntryResponse[]> =>
    (await s.request<Page<AuditEntryResponse>>('GET', `/api/v1/audit?pageSize=500${query}`, { token: admin })).body
      .items;

  it('records successful and failed logins without any secret', async () => {
    await s.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'Wrong-secret-password' } });
    const logins = await entries('&action=auth.login');
    const failed = logins.find((e) => e.outcome === 'failure')!;
    expect(failed).toMatchObject({
      actorName: 'admin',
      actorId: null,
      statusCode: 401,
      method: 'POST',
      path: '/api/v1/auth/login',
      ip: '127.0.0.1',
    });
    const ok = logins.find((e) => e.outcome === 'success')!;
    expect(ok.actorId).toBe((await s.me(admin)).id);
    const all = JSON.stringify(await entries());
    expect(all).not.toContain('Wrong-secret-password');
    expect(all).not.toContain(TEST_ADMIN_PASSWORD);
  });

  it('records state changes with action, target, outcome and correlation id', async () => {
    const created = await s.request<{ id: string }>('POST', '/api/v1/users', {
      token: admin,
      headers: { 'X-Correlation-Id': 'trace-users-create-1' },
      body: { username: 'audited', displayName: 'Audited', password: 'Audited-pass-123' },
    });
    await s.request('PATCH', `/api/v1/users/${created.body.id}`, { token: admin, body: { displayName: 'Renamed' } });
    await s.request('POST', `/api/v1/users/${created.body.id}/reset-password`, {
      token: admin,
      body: { newPassword: 'Reset-pass-12345' },
    });
    await s.request('PUT', '/api/v1/settings/display', {
      token: admin,
      body: { dateFormat: 'dd.MM.yyyy', timeFormat: 'HH:mm' },
    });
    await s.request('DELETE', `/api/v1/users/${created.body.id}`, { token: admin });
    await s.request('GET', '/api/v1/users', { token: admin });

    const list = await entries();
    const create = list.find((e) => e.action === 'users.create')!;
    expect(create).toMatchObject({
      actorName: 'admin',
      targetType: 'users',
      targetId: created.body.id,
      outcome: 'success',
      statusCode: 201,
      correlationId: 'trace-users-create-1',
    });
    for (const action of ['users.update', 'users.reset-password', 'users.delete']) {
      expect(list.find((e) => e.action === action)?.targetId, action).toBe(created.body.id);
    }
    expect(list.find((e) => e.action === 'settings.display.update')).toMatchObject({
      outcome: 'success',
      statusCode: 200,
    });
    expect(list.some((e) => e.method === 'GET')).toBe(false);
    expect(JSON.stringify(list)).not.toContain('Reset-pass-12345');
    expect(JSON.stringify(list)).not.toContain('Audited-pass-123');
  });

  it('records refused requests too (permission denied, validation failure)', async () => {
    const { token, user } = await s.createUser('no.rights');
    await s.request('POST', '/api/v1/users', {
      token,
      body: { username: 'sneaky', displayName: 'S', password: 'Sneaky-pass-123' },
    });
    await s.request('POST', '/api/v1/users', { token: admin, body: { username: '!' } });
    await s.request('POST', '/api/v1/users', {
      token: admin,
      body: '{"broken',
      headers: { 'content-type': 'application/json' },
    });
    const denied = (await entries(`&actorId=${user.id}&outcome=failure`)).find((e) => e.action === 'users.create')!;
    expect(denied).toMatchObject({ statusCode: 403, actorName: 'no.rights' });
    expect((await entries('&outcome=failure&action=users.create')).map((e) => e.statusCode).sort()).toEqual([
      400, 400, 403,
    ]);
  });

  it('filters by time range', async () => {
    const now = Date.now();
    expect((await entries(`&from=${new Date(now + 3_600_000).toISOString()}`)).length).toBe(0);
    expect((await entries(`&to=${new Date(now - 3_600_000).toISOString()}`)).length).toBe(0);
    expect((await entries(`&from=${new Date(now - 3_600_000).toISOString()}`)).length).toBeGreaterThan(0);
    const bad = await s.request<ErrorResponse>('GET', '/api/v1/audit?from=yesterday', { token: admin });
    expect(bad.body.details?.[0]?.field).toBe('from');
  });

  it('is readable only with System Management', async () => {
    const { token } = await s.createUser('curious');
    const res = await s.request<ErrorResponse>('GET', '/api/v1/audit', { token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('PERMISSION_DENIED');
    expect(res.body.message).toContain('system-management');
    expect((await s.request('GET', '/api/v1/audit')).status).toBe(401);
  });
});
