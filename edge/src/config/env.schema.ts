import path from 'node:path';
import { z } from 'zod';
import { parseAllowList } from '../notifications/known-device-registry';

/**
 * Edge configuration from flat environment variables, validated at boot.
 * A bad start lists every wrong key. The token is a secret: it is never logged.
 */
const int = (def: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((v) => v ?? def);

export const edgeEnvSchema = z
  .object({
    FLEETWARD_EDGE_PORT: int(5000, 0, 65535), // 0 = any free port (tests)
    FLEETWARD_EDGE_BIND_ADDRESS: z.string().min(1).optional().default('0.0.0.0'),
    FLEETWARD_EDGE_TOKEN: z.string({ error: 'is required' }).min(16, 'must be at least 16 characters'),
    FLEETWARD_EDGE_DATA_DIR: z.string().min(1).optional().default('data/edge'),
    FLEETWARD_EDGE_TLS_CERT: z.string().min(1).optional(),
    FLEETWARD_EDGE_TLS_KEY: z.string().min(1).optional(),
    FLEETWARD_EDGE_CONCURRENCY: int(64, 1, 10_000),
    FLEETWARD_EDGE_SNMP_TIMEOUT_MS: int(2000, 50, 120_000),
    FLEETWARD_EDGE_SNMP_RETRIES: int(1, 0, 10),
    FLEETWARD_EDGE_MAX_BATCH: int(5000, 1, 100_000),
    FLEETWARD_EDGE_DISCOVER_MAX_ADDRESSES: int(4096, 1, 1_048_576),
    // Device notifications: 0 disables a listener.
    FLEETWARD_EDGE_NOTIFY_HTTP_PORT: int(5001, 0, 65535),
    FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: int(5002, 0, 65535),
    FLEETWARD_EDGE_NOTIFY_BIND_ADDRESS: z.string().min(1).optional(),
    FLEETWARD_EDGE_NOTIFY_ALLOW: z.string().optional(),
    FLEETWARD_EDGE_NOTIFY_RATE_LIMIT: int(10, 1, 10_000),
    FLEETWARD_EDGE_NOTIFY_RATE_WINDOW_MS: int(10_000, 100, 3_600_000),
    FLEETWARD_EDGE_NOTIFY_MAX_DEVICES: int(100_000, 1, 10_000_000),
    FLEETWARD_EDGE_NOTIFY_OUTBOX: int(10_000, 10, 1_000_000),
    // Settings files: WebDAV drop devices pull from (HTTPS, the API's certificate; 0 = off), bounded waits.
    FLEETWARD_EDGE_WEBDAV_PORT: int(0, 0, 65535),
    FLEETWARD_EDGE_WEBDAV_BIND_ADDRESS: z.string().min(1).optional(),
    FLEETWARD_EDGE_SETTINGS_PULL_TIMEOUT_MS: int(120_000, 100, 3_600_000),
    FLEETWARD_EDGE_SETTINGS_RESULT_TIMEOUT_MS: int(60_000, 100, 3_600_000),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.FLEETWARD_EDGE_TLS_CERT) !== Boolean(env.FLEETWARD_EDGE_TLS_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.FLEETWARD_EDGE_TLS_CERT ? 'FLEETWARD_EDGE_TLS_KEY' : 'FLEETWARD_EDGE_TLS_CERT'],
        message: 'FLEETWARD_EDGE_TLS_CERT and FLEETWARD_EDGE_TLS_KEY go together',
      });
    }
    try {
      parseAllowList(splitList(env.FLEETWARD_EDGE_NOTIFY_ALLOW));
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['FLEETWARD_EDGE_NOTIFY_ALLOW'],
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export interface EdgeConfig {
  http: { port: number; bindAddress: string };
  token: string;
  dataDir: string;
  tls: { certFile: string; keyFile: string } | null;
  poll: { concurrency: number; timeoutMs: number; retries: number; maxBatch: number };
  discover: { maxAddresses: number };
  notify: {
    /** 0 = listener disabled. */
    httpPort: number;
    httpsPort: number;
    bindAddress: string;
    /** CIDRs / addresses whose events are accepted even without a registered target. */
    allow: string[];
    rateLimit: { limit: number; windowMs: number };
    maxDevices: number;
    outboxCapacity: number;
  };
  settingsFiles: {
    /** WebDAV drop for settings files devices pull (c3100i); port 0 = off. */
    webdav: { port: number; bindAddress: string };
    /** How long a published file waits to be pulled / a device has to write its result (WebDAV and SMB). */
    pullTimeoutMs: number;
    resultTimeoutMs: number;
  };
}

export class EdgeConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid edge configuration:\n  ${problems.join('\n  ')}`);
  }
}

export function loadEdgeConfig(env: Record<string, string | undefined>): EdgeConfig {
  const parsed = edgeEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new EdgeConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    http: { port: e.FLEETWARD_EDGE_PORT, bindAddress: e.FLEETWARD_EDGE_BIND_ADDRESS },
    token: e.FLEETWARD_EDGE_TOKEN,
    dataDir: path.resolve(e.FLEETWARD_EDGE_DATA_DIR),
    tls:
      e.FLEETWARD_EDGE_TLS_CERT && e.FLEETWARD_EDGE_TLS_KEY
        ? { certFile: e.FLEETWARD_EDGE_TLS_CERT, keyFile: e.FLEETWARD_EDGE_TLS_KEY }
        : null,
    poll: {
      concurrency: e.FLEETWARD_EDGE_CONCURRENCY,
      timeoutMs: e.FLEETWARD_EDGE_SNMP_TIMEOUT_MS,
      retries: e.FLEETWARD_EDGE_SNMP_RETRIES,
      maxBatch: e.FLEETWARD_EDGE_MAX_BATCH,
    },
    discover: { maxAddresses: e.FLEETWARD_EDGE_DISCOVER_MAX_ADDRESSES },
    notify: {
      httpPort: e.FLEETWARD_EDGE_NOTIFY_HTTP_PORT,
      httpsPort: e.FLEETWARD_EDGE_NOTIFY_HTTPS_PORT,
      bindAddress: e.FLEETWARD_EDGE_NOTIFY_BIND_ADDRESS ?? e.FLEETWARD_EDGE_BIND_ADDRESS,
      allow: splitList(e.FLEETWARD_EDGE_NOTIFY_ALLOW),
      rateLimit: { limit: e.FLEETWARD_EDGE_NOTIFY_RATE_LIMIT, windowMs: e.FLEETWARD_EDGE_NOTIFY_RATE_WINDOW_MS },
      maxDevices: e.FLEETWARD_EDGE_NOTIFY_MAX_DEVICES,
      outboxCapacity: e.FLEETWARD_EDGE_NOTIFY_OUTBOX,
    },
    settingsFiles: {
      webdav: {
        port: e.FLEETWARD_EDGE_WEBDAV_PORT,
        bindAddress: e.FLEETWARD_EDGE_WEBDAV_BIND_ADDRESS ?? e.FLEETWARD_EDGE_BIND_ADDRESS,
      },
      pullTimeoutMs: e.FLEETWARD_EDGE_SETTINGS_PULL_TIMEOUT_MS,
      resultTimeoutMs: e.FLEETWARD_EDGE_SETTINGS_RESULT_TIMEOUT_MS,
    },
  };
}
