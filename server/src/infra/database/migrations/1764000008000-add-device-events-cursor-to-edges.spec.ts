import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './index';

/** SQL Server cannot run here; its driver builds the DDL without connecting (`enableSqlMemory`). */
async function mssqlDdl(): Promise<string[]> {
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
  for (const Migration of MIGRATIONS) await new Migration().up(runner);
  return runner.getMemorySql().upQueries.map((q) => q.query);
}

describe('AddDeviceEventsCursorToEdges on SQL Server (DDL only)', () => {
  it('adds the nullable cursor column to edges', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    expect(ddl).toMatch(/ALTER TABLE "edges" ADD "device_events_cursor" varchar\(64\)/);
  });
});
