import { DataSource, type QueryRunner } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { AddDeviceSearch1764000022500 } from './1764000022500-add-device-search';
import { MIGRATIONS } from './index';

const NOW = '2026-01-01T00:00:00.000Z';

async function insertDevice(runner: QueryRunner, id: string, name: string, model: string | null): Promise<void> {
  await runner.query(
    `INSERT INTO devices (id, name, address, port, status, model, created_at, updated_at) VALUES (?, ?, '10.0.0.1', 161, 'ok', ?, ?, ?)`,
    [id, name, model, NOW, NOW],
  );
}

async function matches(runner: QueryRunner, phrase: string): Promise<string[]> {
  const rows = (await runner.query(
    `SELECT d.id AS id FROM devices d WHERE d.rowid IN (SELECT rowid FROM device_search WHERE device_search MATCH ?) ORDER BY d.id`,
    [`"${phrase}"`],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

describe('AddDeviceSearch on SQLite', () => {
  it('fills the copy from the devices already there, lower-cased, and down() removes it with its triggers', async () => {
    const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await ds.initialize();
    const runner = ds.createQueryRunner();
    try {
      const at = MIGRATIONS.findIndex((m) => m.name === 'AddDeviceSearch1764000022500');
      for (const Migration of MIGRATIONS.slice(0, at)) await new Migration().up(runner);
      await insertDevice(runner, 'a', 'Front DESK', 'bizhub C300i');
      await insertDevice(runner, 'b', 'Back office', null);
      const sut = new AddDeviceSearch1764000022500();
      await sut.up(runner);
      expect(await matches(runner, 'desk')).toEqual(['a']);
      expect(await matches(runner, 'DESK')).toEqual([]); // the copy is lower-cased and case-sensitive
      expect(await matches(runner, 'c300i')).toEqual(['a']);
      expect(await matches(runner, 'office')).toEqual(['b']);
      await runner.query(`UPDATE devices SET name = 'Back yard' WHERE id = 'b'`);
      expect(await matches(runner, 'office')).toEqual([]);
      expect(await matches(runner, 'yard')).toEqual(['b']);

      await sut.down(runner);
      const left = (await runner.query(
        `SELECT name FROM sqlite_master WHERE name LIKE 'device_search%' ORDER BY name`,
      )) as { name: string }[];
      expect(left).toEqual([]);
      await insertDevice(runner, 'c', 'After down', null); // no trigger left to fail
      await sut.up(runner);
      expect(await matches(runner, 'after')).toEqual(['c']);
    } finally {
      await runner.release();
      await ds.destroy();
    }
  });
});

describe('AddDeviceSearch on SQL Server (DDL only)', () => {
  it('adds nothing: the search keeps its LIKE there', async () => {
    const ds = new DataSource({
      type: 'mssql',
      host: '127.0.0.1',
      port: 1,
      username: 'unused',
      password: 'unused',
      database: 'unused',
      options: { trustServerCertificate: true },
    });
    const runner = ds.createQueryRunner();
    runner.enableSqlMemory();
    await new AddDeviceSearch1764000022500().up(runner);
    expect(runner.getMemorySql().upQueries).toEqual([]);
  });
});
