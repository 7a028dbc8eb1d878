import { parseArgs } from 'node:util';
import { BenchUsageError } from './bench.errors';
import { DEFAULT_ADDRESSES_PER_PROCESS } from './fleet/snmpd-config';
import type { PollerBuild } from './poller/poller-run';

export type BenchPart = 'polling' | 'peer' | 'slow';

export interface BenchOptions {
  /** Fleet size for parts 1 and 2 (default 5,000). */
  devices: number;
  /** Sweeps per measured run: the first is the cold one, the others are warm (default 4). */
  sweeps: number;
  /** Devices polled at once, by Fleetward and by the peer's scraper (default 500). */
  concurrency: number;
  /** Per-request timeout (ms) and retries given to both pollers. */
  timeoutMs: number;
  retries: number;
  /** Fleet size of the extra memory run for the 10,000-devices target; 0 to skip (default 10,000). */
  memoryDevices: number;
  /** Devices of the slow and lossy fleet (part 3; default 1,000). */
  slowDevices: number;
  /** Timeout (ms) and retries for the slow fleet (default 1000 ms, 1 retry). */
  slowTimeoutMs: number;
  slowRetries: number;
  parts: BenchPart[];
  skipPeer: boolean;
  snmpdPerProcess: number;
  port: number;
  poller: PollerBuild;
  output: string;
  seed: number;
}

const USAGE = `usage: npm run bench -- [--devices 5000] [--sweeps 4] [--concurrency 500] [--timeout 2000] [--retries 1]
                       [--memory-devices 10000] [--slow-devices 1000] [--slow-timeout 1000] [--slow-retries 1]
                       [--only polling|peer|slow[,…]] [--skip-peer] [--snmpd-per-process 125] [--port 161]
                       [--poller bundle|dist|tsx] [--output bench/results/latest.json] [--seed 1]`;

export { USAGE as BENCH_USAGE };

function int(value: string | undefined, name: string, def: number, min: number, max: number): number {
  if (value === undefined) return def;
  if (!/^\d+$/.test(value)) throw new BenchUsageError(`--${name} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new BenchUsageError(`--${name} must be from ${min} to ${max}, got ${n}`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions & { help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        devices: { type: 'string' },
        sweeps: { type: 'string' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        retries: { type: 'string' },
        'memory-devices': { type: 'string' },
        'slow-devices': { type: 'string' },
        'slow-timeout': { type: 'string' },
        'slow-retries': { type: 'string' },
        only: { type: 'string' },
        'skip-peer': { type: 'boolean' },
        'snmpd-per-process': { type: 'string' },
        port: { type: 'string' },
        poller: { type: 'string' },
        output: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const parts: BenchPart[] = [];
  for (const p of (values.only ?? 'polling,peer,slow').split(',').map((s) => s.trim())) {
    if (p !== 'polling' && p !== 'peer' && p !== 'slow') {
      throw new BenchUsageError(`--only takes polling, peer and/or slow, got "${p}"`);
    }
    if (!parts.includes(p)) parts.push(p);
  }
  const poller = values.poller ?? 'bundle';
  if (poller !== 'bundle' && poller !== 'dist' && poller !== 'tsx') {
    throw new BenchUsageError(`--poller must be bundle, dist or tsx, got "${poller}"`);
  }
  const devices = int(values.devices, 'devices', 5000, 1, 60_000);
  return {
    help: values.help ?? false,
    devices,
    sweeps: int(values.sweeps, 'sweeps', 4, 2, 100),
    concurrency: int(values.concurrency, 'concurrency', 500, 1, 10_000),
    timeoutMs: int(values.timeout, 'timeout', 2000, 50, 60_000),
    retries: int(values.retries, 'retries', 1, 0, 5),
    memoryDevices: int(values['memory-devices'], 'memory-devices', 10_000, 0, 60_000),
    slowDevices: int(values['slow-devices'], 'slow-devices', 1000, 10, 20_000),
    slowTimeoutMs: int(values['slow-timeout'], 'slow-timeout', 1000, 100, 60_000),
    slowRetries: int(values['slow-retries'], 'slow-retries', 1, 0, 5),
    parts,
    skipPeer: values['skip-peer'] ?? false,
    snmpdPerProcess: int(values['snmpd-per-process'], 'snmpd-per-process', DEFAULT_ADDRESSES_PER_PROCESS, 1, 130),
    port: int(values.port, 'port', 161, 1, 65_535),
    poller,
    output: values.output ?? 'bench/results/latest.json',
    seed: int(values.seed, 'seed', 1, 0, 2 ** 31 - 1),
  };
}
