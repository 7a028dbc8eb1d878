import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';

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
