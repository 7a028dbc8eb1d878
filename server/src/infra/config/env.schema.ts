import { z } from 'zod';

/** Log levels accepted by FLEETWARD_LOG_LEVEL (Nest logger levels, most to least verbose). */
export const LOG_LEVELS = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const port = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535, 'must be between 0 and 65535'))
    .default(fallback);

const positiveInt = (fallback: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(max, `must be at most ${max}`))
    .default(fallback);

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const databaseUrl = optionalText.refine(
  (v) => v === undefined || /^(postgres|postgresql|mssql):\/\/.+/.test(v),
  'must start with postgres://, postgresql:// or mssql:// (leave it unset for the embedded SQLite database)',
);

const masterKey = optionalText.refine(
  (v) => v === undefined || (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32),
  'must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
);

const publicUrl = optionalText.refine((v) => {
  if (v === undefined) return true;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL, e.g. https://fleetward.example.com');

const bindAddress = z
  .string()
  .trim()
  .refine(
    (v) => /^(\d{1,3}\.){3}\d{1,3}$/.test(v) || v.includes(':') || /^[a-zA-Z0-9.-]+$/.test(v),
    'must be an IP address or host name',
  )
  .default('0.0.0.0');

/**
 * Every environment variable the server reads, flat as in `.env`. Defaults live here;
 * `.env.example` documents each key.
 */
export const envSchema = z.object({
  FLEETWARD_DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  FLEETWARD_HTTPS_PORT: port(8443),
  FLEETWARD_BIND_ADDRESS: bindAddress,
  FLEETWARD_PUBLIC_URL: publicUrl,
  DATABASE_URL: databaseUrl,
  FLEETWARD_DB_SCHEMA: optionalText.refine(
    (v) => v === undefined || /^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/.test(v),
    'must be a plain SQL identifier (letters, digits, underscore)',
  ),
  FLEETWARD_ADMIN_PASSWORD: optionalText.refine(
    (v) => v === undefined || v.length >= 12,
    'must be at least 12 characters (the password policy)',
  ),
  FLEETWARD_TLS_CERT_FILE: optionalText,
  FLEETWARD_TLS_KEY_FILE: optionalText,
  FLEETWARD_MASTER_KEY: masterKey,
  FLEETWARD_JWT_TTL: positiveInt(900, 86_400),
  FLEETWARD_REFRESH_TTL: positiveInt(7 * 86_400, 366 * 86_400),
  FLEETWARD_LOCKOUT_MAX_FAILURES: positiveInt(5, 1000),
  FLEETWARD_LOCKOUT_WINDOW_MINUTES: positiveInt(15, 24 * 60),
  FLEETWARD_WEB_DIR: optionalText,
  /** Polling scheduler tick in seconds; 0 turns the background loop off (runDuePolls can still be called). */
  FLEETWARD_POLL_TICK_SECONDS: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(3600, 'must be at most 3600'))
    .default(15),
  FLEETWARD_POLL_STATUS_INTERVAL_SECONDS: positiveInt(300, 86_400),
  /** Delivery runner tick in seconds; 0 turns the background loop off (runDue can still be called). */
  FLEETWARD_DELIVERY_TICK_SECONDS: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(3600, 'must be at most 3600'))
    .default(15),
  FLEETWARD_POLL_FULL_INTERVAL_SECONDS: positiveInt(3600, 7 * 86_400),
  FLEETWARD_POLL_BATCH_SIZE: positiveInt(200, 5000),
  // Lifetime of an edge activation code (edges module).
  FLEETWARD_EDGE_ACTIVATION_TTL_HOURS: positiveInt(24, 24 * 30),
  // Activation attempts accepted per source address and minute (the rest get 429).
  FLEETWARD_EDGE_ACTIVATION_RATE_LIMIT: positiveInt(10, 10_000),
  FLEETWARD_LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }))
    .default('log'),
});

export type ParsedEnv = z.output<typeof envSchema>;
export type EnvInput = Readonly<Record<string, string | undefined>>;

/** A bad configuration: lists every wrong key at once. */
export class ConfigError extends Error {
  readonly problems: readonly { key: string; message: string }[];

  constructor(problems: { key: string; message: string }[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Validates the flat environment; throws ConfigError listing every wrong key. Unknown keys are ignored. */
export function parseEnv(env: EnvInput): ParsedEnv {
  // Empty strings count as unset for optional keys (as in a `.env` with `KEY=`).
  const known = Object.keys(envSchema.shape);
  const input: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }
  const result = envSchema.safeParse(input);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => ({
        key: issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)',
        message: issue.message,
      }));
  // Checks across keys run on the raw values, so they are reported together with every other problem.
  problems.push(...crossKeyProblems(input));
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(problems);
}

function crossKeyProblems(env: Record<string, string>): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  const cert = env.FLEETWARD_TLS_CERT_FILE;
  const key = env.FLEETWARD_TLS_KEY_FILE;
  if ((cert === undefined) !== (key === undefined)) {
    problems.push({
      key: cert === undefined ? 'FLEETWARD_TLS_CERT_FILE' : 'FLEETWARD_TLS_KEY_FILE',
      message: 'set both FLEETWARD_TLS_CERT_FILE and FLEETWARD_TLS_KEY_FILE, or neither (self-signed certificate)',
    });
  }
  if (env.FLEETWARD_DB_SCHEMA !== undefined && !/^postgres(ql)?:/.test(env.DATABASE_URL ?? '')) {
    problems.push({
      key: 'FLEETWARD_DB_SCHEMA',
      message: 'only applies to PostgreSQL: set DATABASE_URL to a postgres:// URL or unset it',
    });
  }
  return problems;
}
