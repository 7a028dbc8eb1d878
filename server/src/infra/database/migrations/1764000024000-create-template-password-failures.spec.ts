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

describe('CreateTemplatePasswordFailures on SQL Server (DDL only)', () => {
  it('keys the table by user and template, cascades from users only', async () => {
    const ddl = (await mssqlDdl()).find((q) => q.startsWith('CREATE TABLE "template_password_failures"'));
    expect(ddl).toBeDefined();
    expect(ddl).toMatch(/"locked_until" varchar\(32\),/);
    expect(ddl).toMatch(/"revision" int NOT NULL/);
    expect(ddl).toMatch(/PRIMARY KEY \("user_id", "template_id"\)/);
    expect(ddl).toMatch(
      /CONSTRAINT "FK_template_password_failures_user" FOREIGN KEY \("user_id"\) REFERENCES "users" \("id"\) ON DELETE CASCADE/,
    );
    expect(ddl).toMatch(
      /CONSTRAINT "FK_template_password_failures_template" FOREIGN KEY \("template_id"\) REFERENCES "templates" \("id"\),/,
    );
  });
});
