import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';

describe('AddInventoryAndHistoryToDevices on SQL Server (DDL only)', () => {
  it('adds the device columns with named defaults and nvarchar(MAX) for JSON and secrets', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    expect(ddl).toMatch(/ALTER TABLE "devices" ADD "port" int NOT NULL CONSTRAINT "[^"]+" DEFAULT 161/);
    expect(ddl).toMatch(
      /ALTER TABLE "devices" ADD "status" varchar\(16\) NOT NULL CONSTRAINT "[^"]+" DEFAULT 'unknown'/,
    );
    expect(ddl).toMatch(/ALTER TABLE "devices" ADD "snmp_secret_encrypted" nvarchar\(MAX\)/);
    expect(ddl).toMatch(/CREATE INDEX "IDX_devices_last_seen_at" ON "devices" \("last_seen_at"\)/);
    expect(ddl).toContain('CREATE TABLE "device_counter_readings"');
    expect(ddl).not.toMatch(/\btext\b|\btimestamp\b|\bdatetime\b/i);
  });
});
