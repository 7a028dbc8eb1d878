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

describe('AddEdgeConnectionAndPollSchedules on SQL Server (DDL only)', () => {
  it('adds the nullable edge connection columns and the poll schedule table', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    expect(ddl).toMatch(/ALTER TABLE "edges" ADD "url" varchar\(500\)/);
    expect(ddl).toMatch(/ALTER TABLE "edges" ADD "token_encrypted" nvarchar\(MAX\)/);
    expect(ddl).toMatch(/ALTER TABLE "edges" ADD "last_seen_at" varchar\(32\)/);
    expect(ddl).toContain('CREATE TABLE "device_poll_schedules"');
    expect(ddl).toMatch(/CREATE INDEX "IDX_device_poll_schedules_next_status"/);
    expect(ddl).not.toMatch(/\btext\b|\btimestamp\b|\bdatetime\b/i);
  });
});
