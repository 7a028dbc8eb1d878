import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';

describe('AddEdgeActivationAndCertificateAuthority on SQL Server (DDL only)', () => {
  it('adds the nullable activation columns, their index and the edge CA table', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    expect(ddl).toMatch(/ALTER TABLE "edges" ADD "activation_code_hash" varchar\(64\)/);
    expect(ddl).toMatch(/ALTER TABLE "edges" ADD "activated_at" varchar\(32\)/);
    expect(ddl).toMatch(/ALTER TABLE "edges" ADD "certificate_pem" nvarchar\(MAX\)/);
    expect(ddl).toMatch(/CREATE INDEX "IDX_edges_activation_code_hash"/);
    expect(ddl).toMatch(/CREATE TABLE "edge_certificate_authority" \("id" varchar\(20\) NOT NULL/);
    expect(ddl).toMatch(/"ca_key_encrypted" nvarchar\(MAX\) NOT NULL/);
    expect(ddl).not.toMatch(/\btext\b|\btimestamp\b|\bdatetime\b/i);
  });
});
