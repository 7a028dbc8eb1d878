import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';
import { MIGRATIONS } from './index';

describe('AddNotApplicableToDriftResults and AddAcceptAccessLossToDeliveries on SQL Server (DDL only)', () => {
  it('adds the nullable not_applicable column to drift_results and accept_access_loss to deliveries', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    expect(ddl).toMatch(/ALTER TABLE "drift_results" ADD "not_applicable" nvarchar\(MAX\)/);
    expect(ddl).toMatch(/ALTER TABLE "deliveries" ADD "accept_access_loss" bit NOT NULL CONSTRAINT "\w+" DEFAULT 0/);
  });
});

describe('AddNotApplicableToDriftResults on SQLite', () => {
  it('keeps the existing results and reads them back with no key not applicable', async () => {
    const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await ds.initialize();
    try {
      const before = MIGRATIONS.findIndex((m) => m.name === 'AddNotApplicableToDriftResults1764000020000');
      const runner = ds.createQueryRunner();
      for (const Migration of MIGRATIONS.slice(0, before)) await new Migration().up(runner);
      await runner.query(`PRAGMA foreign_keys = OFF`); // an assignment's template and creator are not needed here
      await runner.query(
        `INSERT INTO "template_assignments" ("id", "template_id", "device_ids", "group_ids", "every_seconds", "auto_enforce", "next_check_at", "created_by", "created_at") VALUES ('a', 't', '[]', '[]', 300, 0, '2026-01-01T00:00:00.000Z', 'u', '2026-01-01T00:00:00.000Z')`,
      );
      await runner.query(
        `INSERT INTO "drift_results" ("assignment_id", "device_id", "status", "differences", "unreadable", "template_version", "checked_at") VALUES ('a', 'd', 'inSync', '[]', '[]', 1, '2026-01-01T00:00:00.000Z')`,
      );
      await new MIGRATIONS[before]!().up(runner);
      const rows = (await runner.query(`SELECT "status", "not_applicable" FROM "drift_results"`)) as unknown[];
      expect(rows).toEqual([{ status: 'inSync', not_applicable: null }]);
      await runner.release();
    } finally {
      await ds.destroy();
    }
  });
});
