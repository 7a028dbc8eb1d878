import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';

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
