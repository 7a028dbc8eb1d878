import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './index';

/** SQL Server DDL without a server (`enableSqlMemory`), as in the other migration specs. */
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

describe('CreateAlertTables on SQL Server (DDL only)', () => {
  it('filters the unique open_key index (SQL Server treats NULLs as equal in unique indexes)', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    expect(ddl).toMatch(
      /CREATE UNIQUE INDEX "UQ_alerts_open_key" ON "alerts" \("open_key"\) WHERE open_key IS NOT NULL/,
    );
    expect(ddl).toMatch(/"mail_pending" bit NOT NULL/);
    expect(ddl).toMatch(/"recipients_encrypted" nvarchar\(MAX\)/);
    expect(ddl).not.toMatch(/\bboolean\b|\btimestamp\b|\bdatetime\b/i);
  });
});
