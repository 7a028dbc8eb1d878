import type { CurrentUserResponse, LoginResponse, UserResponse } from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { Agent, request as undiciRequest } from 'undici';
import { type StartedServer, startServer } from '../../server/src/bootstrap';
import { type Clock } from '../../server/src/common/clock/clock';

/** The Super Admin password every test server starts with. */
export const TEST_ADMIN_PASSWORD = 'Test-Admin-Password-1!';

export interface TestResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON (or the raw text when the answer is not JSON; undefined when empty). */
  body: T;
  text: string;
}

export interface RequestOptions {
  /** Access token or `fwp_` API token (sent as Bearer). */
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestServer {
  baseUrl: string;
  dataDir: string;
  /** The environment the server was started with (to restart on the same data dir / database). */
  env: Record<string, string | undefined>;
  server: StartedServer;
  /** The database this server uses ('sqlite' file or a fresh PostgreSQL schema). */
  database: { type: 'sqlite'; file: string } | { type: 'postgres'; url: string; schema: string };
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  login(username: string, password: string): Promise<LoginResponse>;
  /** Signs in as the Super Admin; returns his access token. */
  loginAsAdmin(): Promise<string>;
  /** Creates a user (via the API, as admin), changes his initial password, and returns his access token. */
  createUser(
    username: string,
    options?: { password?: string; displayName?: string; email?: string },
  ): Promise<{
    user: UserResponse;
    token: string;
    password: string;
  }>;
  me(token: string): Promise<CurrentUserResponse>;
  close(): Promise<void>;
}

export interface StartTestServerOptions {
  clock?: Clock;
  /** Extra / overriding environment keys (e.g. FLEETWARD_LOCKOUT_MAX_FAILURES). */
  env?: Record<string, string | undefined>;
  /** Start without FLEETWARD_ADMIN_PASSWORD (the server generates one). */
  generatedAdminPassword?: boolean;
  /** Force the embedded SQLite database even when DATABASE_URL is set (tests that read the file). */
  database?: 'sqlite';
}

/**
 * Starts the real server in-process: HTTPS on 127.0.0.1 (port 0), a fresh temp data dir, and a fresh
 * database: a SQLite file in the temp dir, or a new PostgreSQL schema when DATABASE_URL is set
 * (dropped on close). TLS is verified against the server's generated certificate.
 */
export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fleetward-server-'));
  const databaseUrl = process.env.DATABASE_URL;
  let database: TestServer['database'];
  const env: Record<string, string | undefined> = {
    FLEETWARD_DATA_DIR: dataDir,
    FLEETWARD_HTTPS_PORT: '0',
    FLEETWARD_BIND_ADDRESS: '127.0.0.1',
    FLEETWARD_LOG_LEVEL: 'error',
    FLEETWARD_WEB_DIR: path.join(dataDir, 'no-web-build'),
  };
  if (!options.generatedAdminPassword) env.FLEETWARD_ADMIN_PASSWORD = TEST_ADMIN_PASSWORD;
  if (databaseUrl !== undefined && databaseUrl !== '' && options.database !== 'sqlite') {
    const schema = `fw_test_${randomBytes(6).toString('hex')}`;
    await withPg(databaseUrl, (c) => c.query(`CREATE SCHEMA "${schema}"`));
    env.DATABASE_URL = databaseUrl;
    env.FLEETWARD_DB_SCHEMA = schema;
    database = { type: 'postgres', url: databaseUrl, schema };
  } else {
    database = { type: 'sqlite', file: path.join(dataDir, 'fleetward.sqlite') };
  }
  Object.assign(env, options.env ?? {});

  let server: StartedServer;
  try {
    server = await startServer(env, options.clock ? { clock: options.clock } : {});
  } catch (error) {
    await dropDatabase(database);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const baseUrl = `https://127.0.0.1:${server.port}`;
  const agent = new Agent({ connect: { ca: server.certificatePem } });

  const request = async <T>(method: string, urlPath: string, opts: RequestOptions = {}): Promise<TestResponse<T>> => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    const res = await undiciRequest(`${baseUrl}${urlPath}`, {
      method: method as 'GET',
      headers,
      body,
      dispatcher: agent,
    });
    const text = await res.body.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.statusCode, headers: res.headers, body: parsed as T, text };
  };

  const login = async (username: string, password: string): Promise<LoginResponse> => {
    const res = await request<LoginResponse>('POST', '/api/v1/auth/login', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${res.text}`);
    return res.body;
  };

  const loginAsAdmin = async (): Promise<string> => (await login('admin', TEST_ADMIN_PASSWORD)).accessToken;

  const createUser: TestServer['createUser'] = async (username, opts = {}) => {
    // A fresh sign-in each time: tests may move the server clock past an older token's expiry.
    const adminToken = await loginAsAdmin();
    const initial = `Initial-${randomBytes(6).toString('hex')}`;
    const password = opts.password ?? `Pw-${randomBytes(8).toString('hex')}`;
    const created = await request<UserResponse>('POST', '/api/v1/users', {
      token: adminToken,
      body: {
        username,
        displayName: opts.displayName ?? username,
        password: initial,
        ...(opts.email ? { email: opts.email } : {}),
      },
    });
    if (created.status !== 201) throw new Error(`create user ${username} failed: ${created.status} ${created.text}`);
    const first = await login(username, initial);
    const changed = await request('POST', '/api/v1/auth/change-password', {
      token: first.accessToken,
      body: { currentPassword: initial, newPassword: password },
    });
    if (changed.status !== 204)
      throw new Error(`password change for ${username} failed: ${changed.status} ${changed.text}`);
    const user = (await request<UserResponse>('GET', `/api/v1/users/${created.body.id}`, { token: adminToken })).body;
    return { user, token: first.accessToken, password };
  };

  const me = async (token: string): Promise<CurrentUserResponse> =>
    (await request<CurrentUserResponse>('GET', '/api/v1/auth/me', { token })).body;

  return {
    baseUrl,
    dataDir,
    env,
    server,
    database,
    request,
    login,
    loginAsAdmin,
    createUser,
    me,
    close: async () => {
      // The test may have stopped the app already (restart scenarios).
      await server.close().catch(() => undefined);
      await agent.close();
      await dropDatabase(database);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withPg<T>(url: string, fn: (db: DataSource) => Promise<T>): Promise<T> {
  const db = new DataSource({ type: 'postgres', url });
  await db.initialize();
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

async function dropDatabase(database: TestServer['database']): Promise<void> {
  if (database.type === 'postgres') {
    await withPg(database.url, (c) => c.query(`DROP SCHEMA IF EXISTS "${database.schema}" CASCADE`));
  }
}
