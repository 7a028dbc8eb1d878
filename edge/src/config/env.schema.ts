import path from 'node:path';
import { z } from 'zod';
import { parseAllowList } from '../notifications/known-device-registry';

/**
 * Edge configuration from flat environment variables, validated at boot.
 * A bad start lists every wrong key. The token and the activation code are secrets: they are never logged.
 */
const int = (def: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((v) => v ?? def);

/** An empty value (e.g. `KEY=` in a compose file) counts as not set. */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const edgeEnvSchema = z
  .object({
    FLEETWARD_EDGE_PORT: int(5000, 0, 65535), // 0 = any free port (tests)
    FLEETWARD_EDGE_BIND_ADDRESS: z.string().min(1).optional().default('0.0.0.0'),
    // Manual (fallback) mode: the bearer token the server sends. Not needed once the edge is activated.
    FLEETWARD_EDGE_TOKEN: unsetIfEmpty(z.string().min(16, 'must be at least 16 characters')),
    // Activation (docs/decisions/0007): the server's base URL and the one-time code from System Management.
    FLEETWARD_EDGE_SERVER_URL: unsetIfEmpty(z.url({ protocol: /^https$/, error: 'must be an https URL' })),
    FLEETWARD_EDGE_ACTIVATION_CODE: unsetIfEmpty(z.string().trim().min(1)),
    // URL the server uses to reach this edge (default https://<bind address or 127.0.0.1>:<port>).
    FLEETWARD_EDGE_PUBLIC_URL: unsetIfEmpty(z.url({ protocol: /^https$/, error: 'must be an https URL' })),
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
    if (env.FLEETWARD_EDGE_ACTIVATION_CODE && !env.FLEETWARD_EDGE_SERVER_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['FLEETWARD_EDGE_SERVER_URL'],
        message: 'is required with FLEETWARD_EDGE_ACTIVATION_CODE',
      });
    }
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
  /** Manual mode's bearer token; null when the edge is (to be) activated. */
  token: string | null;
  /** First start of an edge to activate: where the server is and the one-time code. */
  activation: { serverUrl: string; code: string } | null;
  /** URL the server uses to reach this edge; null = derived from the bind address and the port. */
  publicUrl: string | null;
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
    token: e.FLEETWARD_EDGE_TOKEN ?? null,
    activation:
      e.FLEETWARD_EDGE_ACTIVATION_CODE && e.FLEETWARD_EDGE_SERVER_URL
        ? { serverUrl: e.FLEETWARD_EDGE_SERVER_URL.replace(/\/+$/, ''), code: e.FLEETWARD_EDGE_ACTIVATION_CODE.trim() }
        : null,
    publicUrl: e.FLEETWARD_EDGE_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
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
