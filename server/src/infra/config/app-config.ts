import path from 'node:path';
import { type EnvInput, type LogLevel, parseEnv } from './env.schema';
import { findRepoRoot } from './repo-root';

export type DatabaseConfig =
  | { type: 'sqlite'; file: string }
  | { type: 'postgres'; url: string; schema?: string }
  | {
      type: 'mssql';
      host: string;
      port: number;
      username: string;
      password: string;
      database: string;
      trustServerCertificate: boolean;
    };

/**
 * The server's typed configuration, built once from a flat environment (process.env in production,
 * an explicit object in tests). Inject it; never read process.env elsewhere.
 */
export class AppConfig {
  readonly dataDir: string;
  readonly http: { port: number; bindAddress: string; publicUrl?: string };
  readonly database: DatabaseConfig;
  readonly tls: { certFile: string; keyFile: string; generated: boolean };
  readonly masterKey: { fromEnv?: Buffer; file: string };
  readonly auth: {
    adminPassword?: string;
    jwtTtlSeconds: number;
    refreshTtlSeconds: number;
    lockoutMaxFailures: number;
    lockoutWindowMinutes: number;
  };
  readonly webDir: string;
  readonly logLevel: LogLevel;
  /** Scheduled polling through the edges (polling module); `tickSeconds` 0 = no background loop. */
  readonly polling: {
    tickSeconds: number;
    statusIntervalSeconds: number;
    fullIntervalSeconds: number;
    batchSize: number;
  };
  /** Edge activation (edges module): code lifetime and attempts per source address and minute. */
  readonly edgeActivation: { ttlHours: number; ratePerMinute: number };
  /** Settings deliveries (deliveries module); `tickSeconds` 0 = no background loop. */
  readonly deliveries: { tickSeconds: number };

  private constructor(env: EnvInput) {
    const e = parseEnv(env);
    const root = findRepoRoot();
    this.dataDir = path.resolve(e.FLEETWARD_DATA_DIR);
    this.http = { port: e.FLEETWARD_HTTPS_PORT, bindAddress: e.FLEETWARD_BIND_ADDRESS };
    if (e.FLEETWARD_PUBLIC_URL !== undefined) this.http.publicUrl = e.FLEETWARD_PUBLIC_URL;
    this.database = databaseConfig(e.DATABASE_URL, e.FLEETWARD_DB_SCHEMA, this.dataDir);
    this.tls =
      e.FLEETWARD_TLS_CERT_FILE !== undefined && e.FLEETWARD_TLS_KEY_FILE !== undefined
        ? {
            certFile: path.resolve(e.FLEETWARD_TLS_CERT_FILE),
            keyFile: path.resolve(e.FLEETWARD_TLS_KEY_FILE),
            generated: false,
          }
        : {
            certFile: path.join(this.dataDir, 'tls', 'cert.pem'),
            keyFile: path.join(this.dataDir, 'tls', 'key.pem'),
            generated: true,
          };
    this.masterKey = { file: path.join(this.dataDir, 'master.key') };
    if (e.FLEETWARD_MASTER_KEY !== undefined) this.masterKey.fromEnv = Buffer.from(e.FLEETWARD_MASTER_KEY, 'base64');
    this.auth = {
      jwtTtlSeconds: e.FLEETWARD_JWT_TTL,
      refreshTtlSeconds: e.FLEETWARD_REFRESH_TTL,
      lockoutMaxFailures: e.FLEETWARD_LOCKOUT_MAX_FAILURES,
      lockoutWindowMinutes: e.FLEETWARD_LOCKOUT_WINDOW_MINUTES,
    };
    if (e.FLEETWARD_ADMIN_PASSWORD !== undefined) this.auth.adminPassword = e.FLEETWARD_ADMIN_PASSWORD;
    this.webDir = path.resolve(e.FLEETWARD_WEB_DIR ?? path.join(root, 'dist', 'web', 'browser'));
    this.logLevel = e.FLEETWARD_LOG_LEVEL;
    this.polling = {
      tickSeconds: e.FLEETWARD_POLL_TICK_SECONDS,
      statusIntervalSeconds: e.FLEETWARD_POLL_STATUS_INTERVAL_SECONDS,
      fullIntervalSeconds: e.FLEETWARD_POLL_FULL_INTERVAL_SECONDS,
      batchSize: e.FLEETWARD_POLL_BATCH_SIZE,
    };
    this.edgeActivation = {
      ttlHours: e.FLEETWARD_EDGE_ACTIVATION_TTL_HOURS,
      ratePerMinute: e.FLEETWARD_EDGE_ACTIVATION_RATE_LIMIT,
    };
    this.deliveries = { tickSeconds: e.FLEETWARD_DELIVERY_TICK_SECONDS };
  }

  /** Validates `env` (throws ConfigError listing every wrong key) and builds the config. */
  static fromEnv(env: EnvInput): AppConfig {
    return new AppConfig(env);
  }
}

function databaseConfig(url: string | undefined, schema: string | undefined, dataDir: string): DatabaseConfig {
  if (url === undefined) return { type: 'sqlite', file: path.join(dataDir, 'fleetward.sqlite') };
  if (url.startsWith('mssql://')) {
    const u = new URL(url);
    return {
      type: 'mssql',
      host: u.hostname,
      port: u.port === '' ? 1433 : Number(u.port),
      username: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: decodeURIComponent(u.pathname.replace(/^\//, '')),
      trustServerCertificate: u.searchParams.get('trustServerCertificate') === 'true',
    };
  }
  return schema === undefined ? { type: 'postgres', url } : { type: 'postgres', url, schema };
}
