import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';

describe('AddDeviceEventsCursorToEdges on SQL Server (DDL only)', () => {
  it('adds the nullable cursor column to edges', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    expect(ddl).toMatch(/ALTER TABLE "edges" ADD "device_events_cursor" varchar\(64\)/);
  });
});
