import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppConfig } from './app-config';
import { ConfigError, parseEnv } from './env.schema';
import { findRepoRoot } from './repo-root';

function problemsOf(env: Record<string, string>): { key: string; message: string }[] {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('parseEnv', () => {
  it('applies the documented defaults to an empty environment', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      FLEETWARD_DATA_DIR: './data',
      FLEETWARD_HTTPS_PORT: 8443,
      FLEETWARD_BIND_ADDRESS: '0.0.0.0',
      FLEETWARD_JWT_TTL: 900,
      FLEETWARD_REFRESH_TTL: 604_800,
      FLEETWARD_LOCKOUT_MAX_FAILURES: 5,
      FLEETWARD_LOCKOUT_WINDOW_MINUTES: 15,
      FLEETWARD_LOG_LEVEL: 'log',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.FLEETWARD_MASTER_KEY).toBeUndefined();
  });

  it('treats empty values as unset, as in a .env with KEY=', () => {
    expect(parseEnv({ DATABASE_URL: '', FLEETWARD_HTTPS_PORT: ' ' }).FLEETWARD_HTTPS_PORT).toBe(8443);
  });

  it('lists every wrong key at once', () => {
    const problems = problemsOf({
      FLEETWARD_HTTPS_PORT: '99999',
      FLEETWARD_BIND_ADDRESS: 'not an address!',
      FLEETWARD_PUBLIC_URL: 'ftp://x',
      DATABASE_URL: 'mysql://x',
      FLEETWARD_ADMIN_PASSWORD: 'short',
      FLEETWARD_MASTER_KEY: 'dG9vIHNob3J0',
      FLEETWARD_JWT_TTL: 'abc',
      FLEETWARD_REFRESH_TTL: '0',
      FLEETWARD_LOCKOUT_MAX_FAILURES: '-1',
      FLEETWARD_LOCKOUT_WINDOW_MINUTES: '1.5',
      FLEETWARD_LOG_LEVEL: 'chatty',
      FLEETWARD_TLS_CERT_FILE: '/etc/cert.pem',
    });
    expect(problems.map((p) => p.key).sort()).toEqual(
      [
        'DATABASE_URL',
        'FLEETWARD_ADMIN_PASSWORD',
        'FLEETWARD_BIND_ADDRESS',
        'FLEETWARD_HTTPS_PORT',
        'FLEETWARD_JWT_TTL',
        'FLEETWARD_LOCKOUT_MAX_FAILURES',
        'FLEETWARD_LOCKOUT_WINDOW_MINUTES',
        'FLEETWARD_LOG_LEVEL',
        'FLEETWARD_MASTER_KEY',
        'FLEETWARD_PUBLIC_URL',
        'FLEETWARD_REFRESH_TTL',
        'FLEETWARD_TLS_KEY_FILE',
      ].sort(),
    );
    for (const p of problems) expect(p.message.length).toBeGreaterThan(5);
  });

  it('names every wrong key in the error message', () => {
    expect(() => parseEnv({ FLEETWARD_HTTPS_PORT: 'x', FLEETWARD_LOG_LEVEL: 'x' })).toThrowError(
      /2 problems[\s\S]*FLEETWARD_HTTPS_PORT[\s\S]*FLEETWARD_LOG_LEVEL/,
    );
  });

  it('requires both TLS files or neither', () => {
    expect(problemsOf({ FLEETWARD_TLS_KEY_FILE: '/k.pem' }).map((p) => p.key)).toEqual(['FLEETWARD_TLS_CERT_FILE']);
    expect(problemsOf({ FLEETWARD_TLS_KEY_FILE: '/k.pem', FLEETWARD_TLS_CERT_FILE: '/c.pem' })).toEqual([]);
  });

  it('accepts FLEETWARD_DB_SCHEMA only with PostgreSQL and only as a plain identifier', () => {
    expect(problemsOf({ FLEETWARD_DB_SCHEMA: 'fw' }).map((p) => p.key)).toEqual(['FLEETWARD_DB_SCHEMA']);
    expect(problemsOf({ FLEETWARD_DB_SCHEMA: 'fw; drop', DATABASE_URL: 'postgres://h/db' }).map((p) => p.key)).toEqual([
      'FLEETWARD_DB_SCHEMA',
    ]);
    expect(problemsOf({ FLEETWARD_DB_SCHEMA: 'fw_1', DATABASE_URL: 'postgresql://h/db' })).toEqual([]);
  });

  it('accepts a 32-byte base64 master key', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(parseEnv({ FLEETWARD_MASTER_KEY: key }).FLEETWARD_MASTER_KEY).toBe(key);
  });
});

describe('AppConfig', () => {
  it('maps the flat environment to the nested config', () => {
    const config = AppConfig.fromEnv({ FLEETWARD_DATA_DIR: '/srv/fw', FLEETWARD_LOG_LEVEL: 'WARN' });
    expect(config.dataDir).toBe('/srv/fw');
    expect(config.database).toEqual({ type: 'sqlite', file: '/srv/fw/fleetward.sqlite' });
    expect(config.tls).toEqual({ certFile: '/srv/fw/tls/cert.pem', keyFile: '/srv/fw/tls/key.pem', generated: true });
    expect(config.masterKey).toEqual({ file: '/srv/fw/master.key' });
    expect(config.logLevel).toBe('warn');
    expect(config.webDir).toBe(path.join(findRepoRoot(), 'dist', 'web', 'browser'));
  });

  it('parses PostgreSQL and SQL Server URLs', () => {
    expect(AppConfig.fromEnv({ DATABASE_URL: 'postgres://u@h/db', FLEETWARD_DB_SCHEMA: 's1' }).database).toEqual({
      type: 'postgres',
      url: 'postgres://u@h/db',
      schema: 's1',
    });
    expect(
      AppConfig.fromEnv({ DATABASE_URL: 'mssql://sa:p%40ss@db.local:1444/fleet?trustServerCertificate=true' }).database,
    ).toEqual({
      type: 'mssql',
      host: 'db.local',
      port: 1444,
      username: 'sa',
      password: 'p@ss',
      database: 'fleet',
      trustServerCertificate: true,
    });
  });

  it('uses configured TLS files instead of generating', () => {
    const config = AppConfig.fromEnv({ FLEETWARD_TLS_CERT_FILE: '/c.pem', FLEETWARD_TLS_KEY_FILE: '/k.pem' });
    expect(config.tls).toEqual({ certFile: '/c.pem', keyFile: '/k.pem', generated: false });
  });

  it('finds the repository root from the source tree', () => {
    expect(findRepoRoot(__dirname)).toBe(path.resolve(__dirname, '../../../..'));
  });
});
