import { parseArgs } from 'node:util';
import { BenchUsageError } from './bench.errors';
import { DEFAULT_ADDRESSES_PER_PROCESS } from './fleet/snmpd-config';
import type { PollerBuild } from './poller/poller-run';

export type BenchPart = 'polling' | 'peer' | 'slow' | 'ingest' | 'api';

export const BENCH_PARTS: readonly BenchPart[] = ['polling', 'peer', 'slow', 'ingest', 'api'];

export type BenchDatabaseName = 'sqlite' | 'postgres';

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
  /** Databases of parts 4 and 5 (default both). */
  databases: BenchDatabaseName[];
  /** PostgreSQL server for parts 4 and 5 (trust auth; a fresh schema per run, dropped afterwards). */
  postgresUrl: string;
  /** Part 5: device counts in the database, measured in turn (default 10,000 and 100,000). */
  apiDevices: number[];
  /** Part 5: timed requests per query, after the warm-up ones (default 200 after 20). */
  apiRequests: number;
  apiWarmup: number;
  /** Part 4: snapshots ingested over how many devices (default 5,000 over 1,000). */
  ingestSnapshots: number;
  ingestDevices: number;
  /** Part 4: devices of the full poll cycle through the real edge (default 10,000; 0 skips it). */
  cycleDevices: number;
  /** Part 4: the server's poll batch size and the edge's concurrency for the cycle (the product defaults). */
  cycleBatch: number;
  edgeConcurrency: number;
  /** First loopback address of the snmpd fleet part 4 starts when the parts 1-2 fleet is not running. */
  cycleBaseAddress: string;
  skipPeer: boolean;
  snmpdPerProcess: number;
  port: number;
  poller: PollerBuild;
  output: string;
  seed: number;
}

const USAGE = `usage: npm run bench -- [--devices 5000] [--sweeps 4] [--concurrency 500] [--timeout 2000] [--retries 1]
                       [--memory-devices 10000] [--slow-devices 1000] [--slow-timeout 1000] [--slow-retries 1]
                       [--only polling|peer|slow|ingest|api[,…]] [--skip-peer] [--snmpd-per-process 125] [--port 161]
                       [--poller bundle|dist|tsx] [--output bench/results/latest.json] [--seed 1]
                       [--databases sqlite,postgres] [--postgres-url postgres://postgres@127.0.0.1:5432/test]
                       [--api-devices 10000,100000] [--api-requests 200] [--api-warmup 20]
                       [--ingest-snapshots 5000] [--ingest-devices 1000] [--cycle-devices 10000]
                       [--cycle-batch 200] [--edge-concurrency 64] [--cycle-base-address 127.10.0.1]`;

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
        databases: { type: 'string' },
        'postgres-url': { type: 'string' },
        'api-devices': { type: 'string' },
        'api-requests': { type: 'string' },
        'api-warmup': { type: 'string' },
        'ingest-snapshots': { type: 'string' },
        'ingest-devices': { type: 'string' },
        'cycle-devices': { type: 'string' },
        'cycle-batch': { type: 'string' },
        'edge-concurrency': { type: 'string' },
        'cycle-base-address': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const parts: BenchPart[] = [];
  for (const p of (values.only ?? BENCH_PARTS.join(',')).split(',').map((s) => s.trim())) {
    if (!(BENCH_PARTS as readonly string[]).includes(p)) {
      throw new BenchUsageError(`--only takes ${BENCH_PARTS.join(', ')} (comma-separated), got "${p}"`);
    }
    if (!parts.includes(p as BenchPart)) parts.push(p as BenchPart);
  }
  const databases: BenchDatabaseName[] = [];
  for (const d of (values.databases ?? 'sqlite,postgres').split(',').map((s) => s.trim())) {
    if (d !== 'sqlite' && d !== 'postgres') {
      throw new BenchUsageError(`--databases takes sqlite and/or postgres, got "${d}"`);
    }
    if (!databases.includes(d)) databases.push(d);
  }
  const apiDevices = [
    ...new Set(
      (values['api-devices'] ?? '10000,100000').split(',').map((s) => int(s.trim(), 'api-devices', 0, 1, 1_000_000)),
    ),
  ].sort((a, b) => a - b);
  const postgresUrl = values['postgres-url'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (!/^postgres(ql)?:\/\//.test(postgresUrl)) {
    throw new BenchUsageError(`--postgres-url must be a postgres:// URL, got "${postgresUrl}"`);
  }
  const cycleBaseAddress = values['cycle-base-address'] ?? '127.10.0.1';
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(cycleBaseAddress)) {
    throw new BenchUsageError(`--cycle-base-address must be a 127.x.y.z address, got "${cycleBaseAddress}"`);
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
    databases,
    postgresUrl,
    apiDevices,
    apiRequests: int(values['api-requests'], 'api-requests', 200, 1, 100_000),
    apiWarmup: int(values['api-warmup'], 'api-warmup', 20, 0, 10_000),
    ingestSnapshots: int(values['ingest-snapshots'], 'ingest-snapshots', 5000, 1, 1_000_000),
    ingestDevices: int(values['ingest-devices'], 'ingest-devices', 1000, 1, 100_000),
    cycleDevices: int(values['cycle-devices'], 'cycle-devices', 10_000, 0, 60_000),
    cycleBatch: int(values['cycle-batch'], 'cycle-batch', 200, 1, 5000),
    edgeConcurrency: int(values['edge-concurrency'], 'edge-concurrency', 64, 1, 10_000),
    cycleBaseAddress,
  };
}
