import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';
import { MIGRATIONS } from './index';

describe('AddDeviceListPageIndexes on SQL Server (DDL only)', () => {
  it('adds the (name, id) and (status, name, id) indexes of the device list', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    expect(ddl).toContain('CREATE INDEX "IDX_devices_name_id" ON "devices" ("name", "id")');
    expect(ddl).toContain('CREATE INDEX "IDX_devices_status_name_id" ON "devices" ("status", "name", "id")');
  });
});

describe('AddDeviceListPageIndexes on SQLite', () => {
  it('creates both indexes and drops them again on revert', async () => {
    // Up to this migration only: `undoLastMigration` below must revert this one, whatever came after it.
    const upTo = MIGRATIONS.slice(
      0,
      MIGRATIONS.findIndex((m) => m.name === 'AddDeviceListPageIndexes1764000009000') + 1,
    );
    const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', migrations: upTo });
    await ds.initialize();
    try {
      await ds.runMigrations();
      const names = async (): Promise<string[]> =>
        (
          await ds.query<{ name: string }[]>(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'devices' AND name LIKE 'IDX_devices_%_id'",
          )
        ).map((r) => r.name);
      expect((await names()).sort()).toEqual(['IDX_devices_name_id', 'IDX_devices_status_name_id']);
      const plan = await ds.query<{ detail: string }[]>(
        "EXPLAIN QUERY PLAN SELECT id FROM devices WHERE status = 'ok' ORDER BY name, id LIMIT 50 OFFSET 1000",
      );
      expect(plan.map((p) => p.detail).join(' ')).toContain('COVERING INDEX IDX_devices_status_name_id');
      await ds.undoLastMigration();
      expect(await names()).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
