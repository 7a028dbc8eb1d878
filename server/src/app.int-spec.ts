import type { ErrorResponse, HealthResponse, SystemInfoResponse } from '@fleetward/contracts';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/support';
import { createServerApp } from './bootstrap';
import { ConfigError } from './infra/config/env.schema';
import { CONSOLE_NOT_BUILT_MESSAGE } from './infra/http/web-console';

interface OpenApiOperation {
  description?: string;
  'x-required-permission'?: string[] | 'unauthenticated';
}

describe('server shell', () => {
  let s: TestServer;
  let admin: string;

  beforeAll(async () => {
    s = await startTestServer();
    admin = await s.loginAsAdmin();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers health without authentication', async () => {
    const res = await s.request<HealthResponse>('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('answers system information to any signed-in user', async () => {
    expect((await s.request('GET', '/api/v1/system/info')).status).toBe(401);
    const res = await s.request<SystemInfoResponse>('GET', '/api/v1/system/info', { token: admin });
    expect(res.body).toMatchObject({ product: 'Fleetward', databaseType: s.database.type });
  });

  it('publishes an OpenAPI document where every operation declares its permission', async () => {
    const res = await s.request<{ openapi: string; paths: Record<string, Record<string, OpenApiOperation>> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const operations = Object.entries(res.body.paths).flatMap(([p, item]) =>
      Object.entries(item).map(([m, op]) => ({ id: `${m.toUpperCase()} ${p}`, op })),
    );
    expect(operations.length).toBeGreaterThan(15);
    const missing = operations.filter(({ op }) => op['x-required-permission'] === undefined).map((o) => o.id);
    expect(missing).toEqual([]);
    for (const { id, op } of operations) {
      expect(op.description, id).toMatch(/Requires the .* permission\.|No authentication needed\./);
    }
    const byId = new Map(operations.map((o) => [o.id, o.op]));
    expect(byId.get('POST /api/v1/auth/login')?.['x-required-permission']).toBe('unauthenticated');
    expect(byId.get('GET /api/health')?.['x-required-permission']).toBe('unauthenticated');
    expect(byId.get('GET /api/v1/users')?.['x-required-permission']).toEqual(['user-management']);
    expect(byId.get('GET /api/v1/audit')?.['x-required-permission']).toEqual(['system-management']);
    expect(byId.get('GET /api/v1/settings/display')?.['x-required-permission']).toEqual(['public']);
    const docs = await s.request('GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
  });

  it('echoes a well-formed correlation id and replaces a malformed one', async () => {
    const given = await s.request('GET', '/api/health', { headers: { 'X-Correlation-Id': 'abc-123' } });
    expect(given.headers['x-correlation-id']).toBe('abc-123');
    const bad = await s.request('GET', '/api/health', { headers: { 'X-Correlation-Id': 'bad id <script>' } });
    expect(bad.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown endpoints, malformed JSON and oversized bodies with the error shape', async () => {
    const missing = await s.request<ErrorResponse>('GET', '/api/v1/nothing-here', { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', correlationId: missing.headers['x-correlation-id'] });
    const malformed = await s.request<ErrorResponse>('POST', '/api/v1/auth/login', {
      body: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_BODY');
    const huge = await s.request<ErrorResponse>('POST', '/api/v1/auth/login', {
      body: { username: 'x'.repeat(2_000_000), password: 'y' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('sends security headers', async () => {
    const res = await s.request('GET', '/api/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('says how to build the console when it is not built', async () => {
    const res = await s.request('GET', '/');
    expect(res.status).toBe(503);
    expect(res.text).toBe(CONSOLE_NOT_BUILT_MESSAGE);
    expect(res.text).toContain('npm run build:web');
  });

  it('reads and changes display settings', async () => {
    const initial = await s.request('GET', '/api/v1/settings/display', { token: admin });
    expect(initial.body).toEqual({ dateFormat: 'yyyy-MM-dd', timeFormat: 'HH:mm' });
    const bad = await s.request<ErrorResponse>('PUT', '/api/v1/settings/display', {
      token: admin,
      body: { dateFormat: 'YY', timeFormat: 'HH:mm' },
    });
    expect(bad.body.details?.map((d) => d.field)).toEqual(['dateFormat']);
    const put = await s.request('PUT', '/api/v1/settings/display', {
      token: admin,
      body: { dateFormat: 'dd/MM/yyyy', timeFormat: 'h:mm a' },
    });
    expect(put.status).toBe(200);
    const { token } = await s.createUser('reader');
    expect((await s.request('GET', '/api/v1/settings/display', { token })).body).toEqual({
      dateFormat: 'dd/MM/yyyy',
      timeFormat: 'h:mm a',
    });
    expect(
      (
        await s.request<ErrorResponse>('PUT', '/api/v1/settings/display', {
          token,
          body: { dateFormat: 'dd/MM/yyyy', timeFormat: 'HH:mm' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('console serving', () => {
  let s: TestServer;

  beforeAll(async () => {
    const web = mkdtempSync(path.join(tmpdir(), 'fleetward-web-'));
    mkdirSync(path.join(web, 'media'));
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Fleetward console</title>');
    writeFileSync(path.join(web, 'main-ABC.js'), 'console.log("fleetward")');
    s = await startTestServer({ env: { FLEETWARD_WEB_DIR: web } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('serves the build and falls back to index.html for client routes, never for /api', async () => {
    const index = await s.request('GET', '/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('Fleetward console');
    const asset = await s.request('GET', '/main-ABC.js');
    expect(asset.headers['content-type']).toContain('javascript');
    const deep = await s.request('GET', '/devices/123/settings');
    expect(deep.text).toContain('Fleetward console');
    const api = await s.request<ErrorResponse>('GET', '/api/v1/unknown');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('NOT_FOUND');
  });
});

describe('startup configuration', () => {
  it('refuses to start with a bad environment and lists every wrong key', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fleetward-bad-'));
    const error = await createServerApp({
      FLEETWARD_DATA_DIR: dataDir,
      FLEETWARD_HTTPS_PORT: 'http',
      FLEETWARD_JWT_TTL: '-5',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.key).sort()).toEqual([
      'FLEETWARD_HTTPS_PORT',
      'FLEETWARD_JWT_TTL',
    ]);
  });

  it.each([
    ['PostgreSQL', 'postgres://fleetward@127.0.0.1:1/fleetward'],
    ['SQL Server', 'mssql://sa:Secret-pw-1@127.0.0.1:1/fleetward'],
  ])('fails the start clearly when %s is unreachable', async (_name, url) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fleetward-nodb-'));
    const env = {
      FLEETWARD_DATA_DIR: dataDir,
      FLEETWARD_HTTPS_PORT: '0',
      FLEETWARD_BIND_ADDRESS: '127.0.0.1',
      FLEETWARD_LOG_LEVEL: 'fatal',
      DATABASE_URL: url,
    };
    const error = await createServerApp(env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/ECONNREFUSED|connect|Failed/i);
    expect(String((error as Error).message)).not.toContain('Secret-pw-1');
  });

  it('reuses the generated certificate and keeps the admin on restart', async () => {
    const first = await startTestServer();
    const dataDir = first.dataDir;
    const cert = first.server.certificatePem;
    expect(first.server.adminBootstrap.created).toBe(true);
    await first.server.close();
    const again = await createServerApp({
      FLEETWARD_DATA_DIR: dataDir,
      FLEETWARD_HTTPS_PORT: '0',
      FLEETWARD_BIND_ADDRESS: '127.0.0.1',
      FLEETWARD_LOG_LEVEL: 'error',
      ...(first.database.type === 'postgres'
        ? { DATABASE_URL: first.database.url, FLEETWARD_DB_SCHEMA: first.database.schema }
        : {}),
    });
    try {
      expect(again.certificatePem).toBe(cert);
      expect(again.adminBootstrap.created).toBe(false);
    } finally {
      await again.app.close();
      await first.close().catch(() => undefined);
    }
  });
});
