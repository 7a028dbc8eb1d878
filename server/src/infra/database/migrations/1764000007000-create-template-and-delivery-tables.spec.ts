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

describe('template, delivery and drift tables on SQL Server (DDL only)', () => {
  it('creates the tables with portable types only', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    for (const table of [
      'templates',
      'template_versions',
      'device_settings_access',
      'deliveries',
      'delivery_devices',
      'template_assignments',
      'drift_results',
    ]) {
      expect(ddl).toContain(`CREATE TABLE "${table}"`);
    }
    expect(ddl).toMatch(/"values_encrypted" nvarchar\(MAX\)/);
    expect(ddl).toMatch(/"auto_enforce" bit/);
    expect(ddl).not.toMatch(/\btext\b|\btimestamp\b|\bdatetime\b/i);
  });
});
