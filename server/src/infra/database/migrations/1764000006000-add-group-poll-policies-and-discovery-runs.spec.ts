import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';

describe('AddGroupPollPoliciesAndDiscoveryRuns on SQL Server (DDL only)', () => {
  it('adds the last-poll columns, the group poll policy table and the discovery runs table', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    expect(ddl).toMatch(/ALTER TABLE "device_poll_schedules" ADD "last_polled_at" varchar\(32\)/);
    expect(ddl).toMatch(/ALTER TABLE "device_poll_schedules" ADD "last_full_poll_at" varchar\(32\)/);
    expect(ddl).toContain('CREATE TABLE "device_group_poll_policies"');
    expect(ddl).toMatch(/CREATE TABLE "discovery_runs" \(.*"credentials_encrypted" nvarchar\(MAX\) NOT NULL/);
    expect(ddl).toMatch(/CREATE INDEX "IDX_discovery_runs_expires_at"/);
    expect(ddl).not.toMatch(/\btext\b|\btimestamp\b|\bdatetime\b/i);
  });
});
