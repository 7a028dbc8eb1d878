import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockoutState } from '../../common/lockout/lockout-policy';
import { type DatabaseConfig } from '../../infra/config/app-config';
import { newId } from '../../infra/database/column-types';
import { buildDataSourceOptions } from '../../infra/database/data-source-options';
import { UserEntity } from '../users/user.entity';
import { TemplatePasswordFailureEntity } from './template-password-failure.entity';
import { TemplatePasswordFailureRepository } from './template-password-failure.repository';
import { TemplateEntity, TemplateVersionEntity } from './template.entity';

/**
 * `template_password_failures` on a real database with the real migrations: SQLite file always, PostgreSQL in a
 * fresh schema when DATABASE_URL is set. Two data sources on the one database stand for two server processes.
 */
const ENTITIES = [UserEntity, TemplateEntity, TemplateVersionEntity, TemplatePasswordFailureEntity];
const NOW = new Date('2026-01-15T09:00:00.000Z');

function state(failureCount: number, lockedUntil: Date | null = null): LockoutState {
  return { failureCount, windowStartedAt: NOW, lockedUntil };
}

describe('template password failures on a real database', () => {
  let dir: string;
  let config: DatabaseConfig;
  let db: DataSource;
  let other: DataSource;
  let pgSchema: string | undefined;
  const pgUrl = process.env.DATABASE_URL;
  let sut: TemplatePasswordFailureRepository;
  let otherProcess: TemplatePasswordFailureRepository;

  async function addUser(): Promise<string> {
    const id = newId();
    await db.getRepository(UserEntity).insert({
      id,
      username: `u-${id}`,
      usernameNormalized: `u-${id}`,
      displayName: 'u',
      emailEncrypted: null,
      emailHmac: null,
      passwordHash: 'not-a-real-hash',
      isSuperAdmin: false,
      disabled: false,
      mustChangePassword: false,
      lastLoginAt: null,
      createdAt: NOW,
      updatedAt: NOW,
    });
    return id;
  }

  async function addTemplate(): Promise<string> {
    const id = newId();
    await db.getRepository(TemplateEntity).insert({
      id,
      name: `t-${id}`,
      nameNormalized: `t-${id}`,
      description: '',
      kind: 'admin',
      passwordHash: 'not-a-real-hash',
      currentVersion: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
    return id;
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fleetward-tplpw-'));
    if (pgUrl) {
      pgSchema = `fw_tplpw_${randomBytes(5).toString('hex')}`;
      const admin = new DataSource({ type: 'postgres', url: pgUrl });
      await admin.initialize();
      await admin.query(`CREATE SCHEMA "${pgSchema}"`);
      await admin.destroy();
      config = { type: 'postgres', url: pgUrl, schema: pgSchema };
    } else {
      config = { type: 'sqlite', file: path.join(dir, 'tplpw.sqlite') };
    }
    db = new DataSource({ ...buildDataSourceOptions(config), entities: ENTITIES });
    await db.initialize();
    other = new DataSource({ ...buildDataSourceOptions(config), entities: ENTITIES, migrationsRun: false });
    await other.initialize();
    sut = new TemplatePasswordFailureRepository(db);
    otherProcess = new TemplatePasswordFailureRepository(other);
  });

  afterAll(async () => {
    await other?.destroy();
    await db?.destroy();
    if (pgUrl && pgSchema) {
      const admin = new DataSource({ type: 'postgres', url: pgUrl });
      await admin.initialize();
      await admin.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
      await admin.destroy();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the first failure, then replaces it only from the revision it read', async () => {
    const [user, template] = [await addUser(), await addTemplate()];
    expect(await sut.get(user, template)).toBeNull();
    expect(await sut.replace(user, template, null, state(1))).toBe(true);
    expect(await sut.get(user, template)).toEqual({ state: state(1), revision: 1 });

    const until = new Date(NOW.getTime() + 15 * 60_000);
    expect(await sut.replace(user, template, 1, state(2, until))).toBe(true);
    expect(await sut.get(user, template)).toEqual({ state: state(2, until), revision: 2 });
    // A writer that read revision 1 lost the race: nothing changes.
    expect(await sut.replace(user, template, 1, state(9))).toBe(false);
    expect(await sut.get(user, template)).toEqual({ state: state(2, until), revision: 2 });
  });

  it('lets one of two processes win a race, for the first failure and for later ones', async () => {
    const [user, template] = [await addUser(), await addTemplate()];
    const first = await Promise.all([
      sut.replace(user, template, null, state(1)),
      otherProcess.replace(user, template, null, state(1)),
    ]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const read = await otherProcess.get(user, template);
    expect(read?.revision).toBe(1);
    const second = await Promise.all([
      sut.replace(user, template, 1, state(2)),
      otherProcess.replace(user, template, 1, state(2)),
    ]);
    expect(second.filter(Boolean)).toHaveLength(1);
    expect(await sut.get(user, template)).toEqual({ state: state(2), revision: 2 });
  });

  it('keeps users and templates apart, clears one pair, and goes with a deleted user', async () => {
    const [alice, bob, template, another] = [
      await addUser(),
      await addUser(),
      await addTemplate(),
      await addTemplate(),
    ];
    await sut.replace(alice, template, null, state(3));
    await sut.replace(bob, template, null, state(1));
    await sut.replace(alice, another, null, state(2));
    await sut.clear(alice, template);
    expect(await sut.get(alice, template)).toBeNull();
    expect((await sut.get(bob, template))?.state.failureCount).toBe(1);
    expect((await sut.get(alice, another))?.state.failureCount).toBe(2);
    // After a clear the next failure is a first one again.
    expect(await sut.replace(alice, template, null, state(1))).toBe(true);

    await db.getRepository(UserEntity).delete({ id: alice });
    expect(await sut.get(alice, another)).toBeNull();
    expect(await sut.get(alice, template)).toBeNull();
    expect((await sut.get(bob, template))?.state.failureCount).toBe(1);
  });
});
