import type { CreatedApiTokenResponse } from '@fleetward/contracts';
import { existsSync, readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../../../test/support';
import { SettingsRepository } from '../../modules/settings/settings.repository';
import { SecretBox } from './secret-box';

const EMAIL = 'Secret.Keeper@Example.COM';
const USER_PASSWORD = 'Keeper-Password-0042';
const DEVICE_PASSWORD = 'MFP-admin-pass-7781';

/** Seeds every kind of secret the server stores, then returns them to search for. */
async function seed(s: TestServer): Promise<{ secrets: string[]; username: string }> {
  const { user, token } = await s.createUser('secret.keeper', { email: EMAIL, password: USER_PASSWORD });
  expect(user.email).toBe(EMAIL);
  const apiToken = await s.request<CreatedApiTokenResponse>('POST', '/api/v1/auth/tokens', {
    token,
    body: { name: 'backup script' },
  });
  const login = await s.login('secret.keeper', USER_PASSWORD);
  // A stored credential the way later modules keep device / SMTP / directory passwords: through the SecretBox.
  const box = s.server.app.get(SecretBox);
  await s.server.app
    .get(SettingsRepository)
    .put('test.device-credential', { passwordEncrypted: box.encrypt(DEVICE_PASSWORD) }, new Date());
  return {
    username: 'secret.keeper',
    secrets: [
      EMAIL,
      EMAIL.toLowerCase(),
      EMAIL.toUpperCase(),
      'secret.keeper@example.com',
      USER_PASSWORD,
      TEST_ADMIN_PASSWORD,
      apiToken.body.token,
      apiToken.body.token.slice(4),
      login.refreshToken,
      login.accessToken,
      DEVICE_PASSWORD,
    ],
  };
}

describe('secrets at rest: the SQLite file', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ database: 'sqlite' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('reveals no e-mail, password, token or credential in the database file bytes (and WAL)', async () => {
    const { secrets, username } = await seed(s);
    const file = (s.database as { file: string }).file;
    const files = [file, `${file}-wal`, `${file}-shm`, `${file}-journal`].filter((f) => existsSync(f));
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    // The scan is not vacuous: plain data (the username) is found in the same bytes.
    expect(bytes.includes(Buffer.from(username))).toBe(true);
    for (const secret of secrets) {
      expect(
        bytes.includes(Buffer.from(secret, 'utf8')),
        `plaintext found in the database file: ${secret.slice(0, 6)}…`,
      ).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
    }
    // After a checkpoint (WAL folded into the main file) too.
    await s.server.app.get(DataSource).query('PRAGMA wal_checkpoint(TRUNCATE)');
    const main = readFileSync(file);
    expect(main.includes(Buffer.from(username))).toBe(true);
    for (const secret of secrets) expect(main.includes(Buffer.from(secret, 'utf8'))).toBe(false);
  });
});

describe('secrets at rest: every row of the configured database', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it(`holds no plaintext secret in any table (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, async () => {
    const { secrets, username } = await seed(s);
    const dataSource = s.server.app.get(DataSource);
    const tables = [...new Set(dataSource.entityMetadatas.map((m) => m.tableName))];
    expect(tables).toEqual(expect.arrayContaining(['users', 'api_tokens', 'refresh_tokens', 'audit_log', 'settings']));
    let dump = '';
    for (const table of tables) {
      dump += JSON.stringify(await dataSource.createQueryBuilder().select('*').from(table, 't').getRawMany());
    }
    expect(dump).toContain(username);
    for (const secret of secrets) expect(dump.includes(secret), `plaintext found: ${secret.slice(0, 6)}…`).toBe(false);
  });
});
