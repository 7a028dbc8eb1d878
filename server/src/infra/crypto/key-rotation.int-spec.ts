import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support';
import { startServer } from '../../bootstrap';
import { UsersService } from '../../modules/users/users.service';
import { rotateMasterKey } from './key-rotation';
import { keyIdOf } from './secret-box';

describe('master key rotation', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('re-encrypts every secret under a new key and keeps the old key file', async () => {
    const { user } = await s.createUser('rotating', { email: 'rotate@example.com' });
    const keyFile = path.join(s.dataDir, 'master.key');
    const oldKey = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    const before = await s.server.app
      .get(DataSource)
      .query<{ v: string }[]>('SELECT email_encrypted AS v FROM users WHERE email_encrypted IS NOT NULL');
    expect(before[0]!.v.startsWith(`v1:${keyIdOf(oldKey)}:`)).toBe(true);
    const config = s.server.config;
    await s.server.close();

    const result = await rotateMasterKey({ database: config.database, keyFile, now: new Date('2026-02-01T10:00:00Z') });
    expect(result.reencrypted['users.email_encrypted']).toBe(1);
    expect(result.oldKeyFile).toBe(`${keyFile}.20260201T100000Z.old`);
    expect(readFileSync(result.oldKeyFile, 'utf8').trim()).toBe(oldKey.toString('base64'));
    expect(existsSync(`${keyFile}.next`)).toBe(false);
    const newKey = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    expect(keyIdOf(newKey)).toBe(result.newKeyId);
    expect(result.newKeyId).not.toBe(result.oldKeyId);

    const restarted = await startServer(s.env);
    try {
      const rows = await restarted.app
        .get(DataSource)
        .query<{ v: string }[]>('SELECT email_encrypted AS v FROM users WHERE email_encrypted IS NOT NULL');
      expect(rows.every((r) => r.v.startsWith(`v1:${result.newKeyId}:`))).toBe(true);
      const users = restarted.app.get(UsersService);
      expect((await users.get(user.id)).email).toBe('rotate@example.com');
      // The lookup HMAC was recomputed with the new key: exact e-mail search still finds the user.
      const found = await users.list({ search: 'ROTATE@example.com' });
      expect(found.items.map((u) => u.username)).toEqual(['rotating']);
    } finally {
      await restarted.close();
    }
    expect(
      readdirSync(s.dataDir)
        .filter((f) => f.startsWith('master.key'))
        .sort(),
    ).toEqual(['master.key', 'master.key.20260201T100000Z.old']);
  });

  it('changes nothing when a value cannot be decrypted', async () => {
    const keyFile = path.join(s.dataDir, 'master.key');
    const keyBefore = readFileSync(keyFile, 'utf8');
    const failing = rotateMasterKey({
      database: s.server.config.database,
      keyFile,
      columns: [{ table: 'users', idColumn: 'id', column: 'display_name' }],
    });
    await expect(failing).rejects.toThrow(/Not a Fleetward encrypted value/);
    expect(readFileSync(keyFile, 'utf8')).toBe(keyBefore);
    expect(existsSync(`${keyFile}.next`)).toBe(false);
  });
});
