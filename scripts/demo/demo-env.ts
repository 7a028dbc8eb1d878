import { z } from 'zod';
import { ConfigError } from '../../server/src/infra/config/env.schema';

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(fallback);

const ipv4 = z
  .string()
  .trim()
  .regex(/^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, 'must be a loopback IPv4 address (127.x.y.z)');

/**
 * The demo's own keys (`FLEETWARD_DEMO_*`). Everything else in the environment goes to the server unchanged, as
 * with `npm start`, apart from the demo defaults of `demoServerEnv`.
 */
export const demoEnvSchema = z.object({
  /** Simulated devices, spread round-robin over the three demo groups. */
  FLEETWARD_DEMO_DEVICES: int(50, 1, 1000),
  /** First simulated device address. */
  FLEETWARD_DEMO_BASE_ADDRESS: ipv4.default('127.1.0.1'),
  /** SNMP UDP port of every simulated device (0: 161 when running as root, else 1161). */
  FLEETWARD_DEMO_SNMP_PORT: int(0, 0, 65535),
  /** Simulator control API on 127.0.0.1 (0: any free port). */
  FLEETWARD_DEMO_CONTROL_PORT: int(7161, 0, 65535),
  /** Edge HTTPS API on 127.0.0.1 (0: any free port). */
  FLEETWARD_DEMO_EDGE_PORT: int(5000, 0, 65535),
  /** Edge device-notification listener (HTTP) on 127.0.0.1 (0: off, devices are then only polled). */
  FLEETWARD_DEMO_NOTIFY_PORT: int(5001, 0, 65535),
  /** Vendor XML API of the i-series devices, HTTP on each device's own address (0: any free port). */
  FLEETWARD_DEMO_XML_API_PORT: int(50001, 0, 65535),
  /** Vendor XML API of the i-series devices, HTTPS on each device's own address (0: any free port). */
  FLEETWARD_DEMO_XML_API_TLS_PORT: int(50003, 0, 65535),
  /** Edge WebDAV settings drop (HTTPS) on 127.0.0.1, pulled by the c3100i devices (0: off, c3100i gets no settings). */
  FLEETWARD_DEMO_WEBDAV_PORT: int(5003, 0, 65535),
  /** Private Samba (SMB) on 127.0.0.1 serving the smb-287 devices' shares, when smbd is installed (0: any free port). */
  FLEETWARD_DEMO_SMB_PORT: int(0, 0, 65535),
  /** Mail catcher (SMTP) on 127.0.0.1 (0: any free port). */
  FLEETWARD_DEMO_SMTP_PORT: int(0, 0, 65535),
  /** Office life of the simulator every N ms (0: none). */
  FLEETWARD_DEMO_TICK_MS: int(1000, 0, 60_000),
  /** Random jams, open doors, service calls and naps: 1 on, 0 off. */
  FLEETWARD_DEMO_AUTO_FAULTS: z.enum(['0', '1'], { message: 'must be 0 or 1' }).default('1'),
});

export type DemoEnv = z.output<typeof demoEnvSchema>;

/** Validates the FLEETWARD_DEMO_* keys; throws ConfigError listing every bad key. */
export function loadDemoEnv(env: Record<string, string | undefined>): DemoEnv {
  const input = Object.fromEntries(
    Object.keys(demoEnvSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value.trim() === '' ? [] : [[key, value]];
    }),
  );
  const parsed = demoEnvSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ key: String(i.path[0] ?? '?'), message: i.message })));
  }
  return parsed.data;
}

/**
 * The server's environment for the demo: the caller's, with demo defaults for keys it leaves unset (its own data
 * dir, a poll every 30 s, counters and supplies every 2 minutes, a 5 s scheduler tick, a 2 s delivery tick, only warnings and errors
 * in the log).
 */
export function demoServerEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const defaults: Record<string, string> = {
    FLEETWARD_DATA_DIR: './data-demo',
    FLEETWARD_POLL_TICK_SECONDS: '5',
    FLEETWARD_POLL_STATUS_INTERVAL_SECONDS: '30',
    FLEETWARD_POLL_FULL_INTERVAL_SECONDS: '120',
    FLEETWARD_DELIVERY_TICK_SECONDS: '2',
    FLEETWARD_LOG_LEVEL: 'warn',
  };
  const merged: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(defaults)) {
    if (merged[key] === undefined || merged[key].trim() === '') merged[key] = value;
  }
  return merged;
}
