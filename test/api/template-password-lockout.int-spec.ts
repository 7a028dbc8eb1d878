import type { AuditEntryResponse, Page, TemplateResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { Agent, request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../../server/src/bootstrap';
import { FakeClock, startTestServer, TEST_ADMIN_PASSWORD, type TestResponse, type TestServer } from '../support';
import { expectStatus, makeRole } from './access-helpers';

/**
 * The lockout of template passwords (docs/decisions/0024) through the real server and database (SQLite, or
 * PostgreSQL with DATABASE_URL): 5 wrong passwords from one user for one template inside 15 minutes, on any of
 * check-password, PATCH and DELETE, and every further check of his on it answers 429 with Retry-After, even with the
 * right password, until 15 minutes after the last failure. The server clock is a FakeClock the test moves.
 */

const PASSWORD = 'template-pw-1';
type ErrorBody = { code: string; message: string };

describe('template password lockout', () => {
  const clock = new FakeClock('2026-01-15T09:00:00.000Z');
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ clock });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  async function protectedTemplate(name: string): Promise<TemplateResponse> {
    return expectStatus(
      await server.request<TemplateResponse>('POST', '/api/v1/templates', {
        token: await server.loginAsAdmin(),
        body: { name, kind: 'admin', values: { 'time.timeZone': 'UTC' }, password: PASSWORD },
      }),
      201,
      `create template ${name}`,
    );
  }

  /** The three routes that check a template password, with `password` (undefined: none given). */
  function routes(t: TemplateResponse, token: string) {
    const headers = (password: string | undefined): Record<string, string> =>
      password === undefined ? {} : { 'x-template-password': password };
    return {
      check: (password: string) =>
        server.request<ErrorBody>('POST', `/api/v1/templates/${t.id}/check-password`, { token, body: { password } }),
      patch: (password: string | undefined) =>
        server.request<ErrorBody>('PATCH', `/api/v1/templates/${t.id}`, {
          token,
          body: { description: `changed at ${clock.now().toISOString()}` },
          headers: headers(password),
        }),
      delete: (password: string | undefined) =>
        server.request<ErrorBody>('DELETE', `/api/v1/templates/${t.id}`, { token, headers: headers(password) }),
    };
  }

  function expectLocked(res: TestResponse<ErrorBody>, until: string, retryAfter: number): void {
    expect([res.status, res.body.code]).toEqual([429, 'TEMPLATE_PASSWORD_LOCKED']);
    expect(res.body.message).toContain(until);
    expect(res.headers['retry-after']).toBe(String(retryAfter));
  }

  it('locks after 5 wrong passwords on any route, refuses even the right one, and opens again after 15 minutes', async () => {
    const t = await protectedTemplate('Locked for admin');
    const adminToken = await server.loginAsAdmin();
    const admin = routes(t, adminToken);
    const bobUser = await server.createUser('bob.templates');
    await makeRole(server, adminToken, {
      name: 'template managers',
      permissions: [Permission.AdminTemplateManagement],
      memberIds: [bobUser.user.id],
    });
    const bob = routes(t, (await server.login('bob.templates', bobUser.password)).accessToken);

    const wrong = [await admin.check('guess-1'), await admin.patch('guess-2'), await admin.check('guess-3')];
    expect(wrong.map((r) => [r.status, r.body.code])).toEqual(Array(3).fill([403, 'TEMPLATE_PASSWORD_WRONG']));
    // No password is not a guess: it is not counted.
    expect((await admin.delete(undefined)).body.code).toBe('TEMPLATE_PASSWORD_REQUIRED');
    clock.advanceMinutes(1);
    expect((await admin.delete('guess-4')).body.code).toBe('TEMPLATE_PASSWORD_WRONG');
    clock.advanceMinutes(1);
    const until = '2026-01-15T09:17:00.000Z';
    expectLocked(await admin.check('guess-5'), until, 900);

    clock.advanceMinutes(5);
    expectLocked(await admin.check(PASSWORD), until, 600);
    expectLocked(await admin.patch(PASSWORD), until, 600);
    expectLocked(await admin.delete(PASSWORD), until, 600);
    expectLocked(await admin.patch(undefined), until, 600);
    const template = await server.request<TemplateResponse>('GET', `/api/v1/templates/${t.id}`, { token: adminToken });
    expect(template.body.description).toBe(t.description);

    // Another user is not locked; his wrong password counts for him only.
    expect((await bob.check('bob-guess')).body.code).toBe('TEMPLATE_PASSWORD_WRONG');
    expect((await bob.check(PASSWORD)).status).toBe(204);
    expect((await bob.patch(PASSWORD)).status).toBe(200);

    // One audit entry for the lock (who, which template, 429), never a password.
    const audit = await server.request<Page<AuditEntryResponse>>(
      'GET',
      '/api/v1/audit?action=templates.password-locked&pageSize=50',
      { token: adminToken },
    );
    const adminId = (await server.me(adminToken)).id;
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actorId: adminId,
        method: 'POST',
        path: `/api/v1/templates/${t.id}/check-password`,
        targetId: t.id,
        outcome: 'failure',
        statusCode: 429,
      }),
    ]);
    const all = await server.request('GET', '/api/v1/audit?pageSize=200', { token: adminToken });
    for (const secret of [PASSWORD, 'guess-1', 'guess-4', 'guess-5']) expect(all.text).not.toContain(secret);

    clock.advanceMinutes(9.99);
    expectLocked(await routes(t, await server.loginAsAdmin()).check(PASSWORD), until, 1);
    clock.advanceMinutes(0.01);
    const later = routes(t, await server.loginAsAdmin());
    expect((await later.check(PASSWORD)).status).toBe(204);
    expect((await later.patch(PASSWORD)).status).toBe(200);
    // The right password cleared the count: 4 wrong ones do not lock.
    for (let i = 0; i < 4; i++) expect((await later.check(`again-${i}`)).status).toBe(403);
    expect((await later.check(PASSWORD)).status).toBe(204);
  });

  it('answers a burst of parallel guesses with four wrong and the rest locked', async () => {
    const t = await protectedTemplate('Burst');
    const admin = routes(t, await server.loginAsAdmin());
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => admin.check(`burst-${i}`)));
    expect(answers.filter((r) => r.status === 403)).toHaveLength(4);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(4);
    expect((await admin.check(PASSWORD)).status).toBe(429);
    clock.advanceMinutes(15);
  });

  it('lists the 429 on the three routes in the OpenAPI document', () => {
    const paths = server.server.openApi.paths;
    for (const operation of [
      paths['/api/v1/templates/{id}/check-password']?.post,
      paths['/api/v1/templates/{id}']?.patch,
      paths['/api/v1/templates/{id}']?.delete,
    ]) {
      expect(operation?.responses['429']).toMatchObject({
        description: expect.stringContaining('TEMPLATE_PASSWORD_LOCKED') as unknown,
        headers: { 'Retry-After': expect.anything() as unknown },
      });
    }
  });

  it('keeps the count in the database: a restarted server and a second one on the same database go on counting', async () => {
    const first = await startTestServer({ clock });
    const started: StartedServer[] = [];
    const agents: Agent[] = [];
    try {
      const t = expectStatus(
        await first.request<TemplateResponse>('POST', '/api/v1/templates', {
          token: await first.loginAsAdmin(),
          body: { name: 'Survives', kind: 'admin', values: { 'time.timeZone': 'UTC' }, password: PASSWORD },
        }),
        201,
        'create template',
      );
      const check = async (on: TestServer, password: string) =>
        on.request<ErrorBody>('POST', `/api/v1/templates/${t.id}/check-password`, {
          token: await on.loginAsAdmin(),
          body: { password },
        });
      for (let i = 0; i < 3; i++) expect((await check(first, `guess-${i}`)).status).toBe(403);
      await first.server.close();

      // Two new server instances on the same data dir and database, as after a restart with two processes.
      const [a, b] = [await startServer(first.env, { clock }), await startServer(first.env, { clock })];
      started.push(a, b);
      const call = async (on: StartedServer, password: string): Promise<TestResponse<ErrorBody>> => {
        const agent = new Agent({ connect: { ca: on.certificatePem } });
        agents.push(agent);
        const base = `https://127.0.0.1:${on.port}`;
        const login = await undiciRequest(`${base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
          dispatcher: agent,
        });
        const { accessToken } = (await login.body.json()) as { accessToken: string };
        const res = await undiciRequest(`${base}/api/v1/templates/${t.id}/check-password`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({ password }),
          dispatcher: agent,
        });
        const text = await res.body.text();
        return { status: res.statusCode, headers: res.headers, body: JSON.parse(text || '{}') as ErrorBody, text };
      };
      expect((await call(a, 'guess-3')).body.code).toBe('TEMPLATE_PASSWORD_WRONG');
      const fifth = await call(b, 'guess-4');
      expect([fifth.status, fifth.body.code]).toEqual([429, 'TEMPLATE_PASSWORD_LOCKED']);
      expect(fifth.headers['retry-after']).toBe('900');
      expect((await call(a, PASSWORD)).status).toBe(429);
    } finally {
      for (const s of started) await s.close();
      for (const agent of agents) await agent.close();
      await first.close();
    }
  });
});
