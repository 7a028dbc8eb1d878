import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';

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
