import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type QueryRunner } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { booleanColumn, dateTimeColumn, textColumn, uuidColumn } from './column-types';
import { buildDataSourceOptions } from './data-source-options';
import { MIGRATIONS } from './migrations';

const runnerFor = (type: string) => ({ connection: { driver: { options: { type } } } }) as unknown as QueryRunner;

describe('buildDataSourceOptions', () => {
  it('uses better-sqlite3 with WAL and always runs the migrations, never synchronize', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'fw-db-')), 'sub', 'fleetward.sqlite');
    expect(buildDataSourceOptions({ type: 'sqlite', file })).toMatchObject({
      type: 'better-sqlite3',
      database: file,
      enableWAL: true,
      migrationsRun: true,
      synchronize: false,
      migrations: MIGRATIONS,
    });
  });

  it('pins the PostgreSQL schema for TypeORM and for raw SQL', () => {
    expect(buildDataSourceOptions({ type: 'postgres', url: 'postgres://h/db', schema: 'fw' })).toMatchObject({
      type: 'postgres',
      url: 'postgres://h/db',
      schema: 'fw',
      extra: { options: '-c search_path=fw' },
    });
    expect(buildDataSourceOptions({ type: 'postgres', url: 'postgres://h/db' })).not.toHaveProperty('schema');
  });

  it('connects to SQL Server over TLS with the parsed credentials', () => {
    expect(
      buildDataSourceOptions({
        type: 'mssql',
        host: 'sql.local',
        port: 1433,
        username: 'fw',
        password: 'pw',
        database: 'fleet',
        trustServerCertificate: false,
      }),
    ).toMatchObject({
      type: 'mssql',
      host: 'sql.local',
      port: 1433,
      username: 'fw',
      password: 'pw',
      database: 'fleet',
      options: { encrypt: true, trustServerCertificate: false },
      migrationsRun: true,
    });
  });
});

describe('portable column helpers', () => {
  it('never pins a boolean or date-time type SQL Server rejects', () => {
    expect(booleanColumn(runnerFor('mssql'), 'b', true)).toMatchObject({ type: 'bit', default: '1' });
    expect(booleanColumn(runnerFor('postgres'), 'b', false)).toMatchObject({ type: 'boolean', default: 'false' });
    expect(booleanColumn(runnerFor('better-sqlite3'), 'b', false)).toMatchObject({ type: 'boolean', default: '0' });
    expect(textColumn(runnerFor('mssql'), 't')).toMatchObject({ type: 'nvarchar', length: 'MAX' });
    expect(textColumn(runnerFor('postgres'), 't')).toMatchObject({ type: 'text' });
    expect(dateTimeColumn('at')).toMatchObject({ type: 'varchar', length: '32', isNullable: false });
    expect(uuidColumn('id', { primary: true })).toMatchObject({ type: 'varchar', length: '36', isPrimary: true });
  });
});
