import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';

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
