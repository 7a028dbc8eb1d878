import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { BenchSetupError } from '../bench.errors';
import { startSnmpdFleet, type SnmpdFleet } from '../fleet/snmpd-fleet';
import type { BenchOptions } from '../options';
import { waitExit, type ChildRegistry } from '../process/children';
import { machineDelta, processCpuSeconds, sampleMachine } from '../process/proc-stat';
import { bundleNestEntry } from './bundle';
import type { BenchDatabase, ServerBenchConfig, ServerBenchResult } from './server-bench.types';

export interface ServerPartsResult {
  /** One entry per database that ran (or why it did not); a database that failed is in `skipped`. */
  runs: (ServerBenchResult & { otherLoadCores: number | null; wallSeconds: number })[];
  skipped: { database: BenchDatabase; reason: string }[];
  /** Where the cycle's devices came from. */
  cycleFleet: string | null;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function postgresReachable(url: string): Promise<string | null> {
  try {
    const db = new DataSource({ type: 'postgres', url, connectTimeoutMS: 3000 });
    await db.initialize();
    await db.destroy();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

interface RunningEdge {
  url: string;
  certificate: string;
  pid: number;
  token: string;
  stop(): Promise<void>;
}

async function startEdgeChild(
  bundle: string,
  opts: BenchOptions,
  workDir: string,
  children: ChildRegistry,
  n: number,
): Promise<RunningEdge> {
  const token = `bench-edge-${randomBytes(16).toString('hex')}`;
  const dataDir = path.join(workDir, `edge-${n}`);
  mkdirSync(dataDir, { recursive: true });
  const child = children.spawn(process.execPath, ['--openssl-legacy-provider', bundle], {
    env: {
      ...process.env,
      FLEETWARD_EDGE_PORT: '0',
      FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
      FLEETWARD_EDGE_TOKEN: token,
      FLEETWARD_EDGE_DATA_DIR: dataDir,
      FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
      FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
      FLEETWARD_EDGE_CONCURRENCY: String(opts.edgeConcurrency),
      FLEETWARD_EDGE_SNMP_TIMEOUT_MS: String(opts.timeoutMs),
      FLEETWARD_EDGE_SNMP_RETRIES: String(opts.retries),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ url: string; certificate: string }>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new BenchSetupError('the edge did not start within 60 s')), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buffer += d;
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { url: string; certificate: string });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new BenchSetupError(`the edge exited with ${code} before listening`));
    });
  });
  return { ...ready, pid: child.pid!, token, stop: () => children.stop(child) };
}

/**
 * Parts 4 and 5: for each database, one server-bench child (the real server in its own process) seeds, measures
 * API latency and ingest, and runs a full poll cycle through the real edge (its own process) against the snmpd
 * fleet — the parts 1-2 fleet when it is running and big enough, else a fleet started here.
 */
export async function measureServerParts(
  opts: BenchOptions,
  workDir: string,
  children: ChildRegistry,
  running: SnmpdFleet | null,
): Promise<ServerPartsResult> {
  const wantApi = opts.parts.includes('api');
  const wantIngest = opts.parts.includes('ingest');
  const wantCycle = wantIngest && opts.cycleDevices > 0;
  const result: ServerPartsResult = { runs: [], skipped: [], cycleFleet: null };
  const here = __dirname;
  const serverBundle = await bundleNestEntry(path.join(here, 'server-bench.main.ts'), 'server-bench');
  const edgeBundle = wantCycle ? await bundleNestEntry(path.join(here, 'edge.main.ts'), 'bench-edge') : null;
  let fleet: SnmpdFleet | null = null;
  let ownFleet: SnmpdFleet | null = null;
  try {
    if (wantCycle) {
      if (running && running.addresses.length >= opts.cycleDevices) {
        fleet = running;
        result.cycleFleet = `the parts 1-2 snmpd fleet (${opts.cycleDevices} of its ${running.addresses.length} devices)`;
      } else {
        log(`starting an snmpd fleet for the poll cycle: ${opts.cycleDevices} devices from ${opts.cycleBaseAddress}`);
        ownFleet = await startSnmpdFleet({
          devices: opts.cycleDevices,
          baseAddress: opts.cycleBaseAddress,
          port: opts.port,
          perProcess: opts.snmpdPerProcess,
          workDir,
          children,
        });
        fleet = ownFleet;
        result.cycleFleet = `${ownFleet.plans.length} snmpd processes from ${opts.cycleBaseAddress}`;
      }
    }
    for (const [n, database] of opts.databases.entries()) {
      if (database === 'postgres') {
        const why = await postgresReachable(opts.postgresUrl);
        if (why !== null) {
          result.skipped.push({ database, reason: `PostgreSQL at ${opts.postgresUrl} not reachable: ${why}` });
          log(`skipping PostgreSQL: ${why}`);
          continue;
        }
      }
      // A fresh edge per database, so each cycle starts cold in the same way.
      let edge: RunningEdge | null = null;
      try {
        edge = edgeBundle ? await startEdgeChild(edgeBundle, opts, workDir, children, n) : null;
        const resultFile = path.join(workDir, `server-${database}.json`);
        const config: ServerBenchConfig = {
          database,
          postgresUrl: opts.postgresUrl,
          resultFile,
          api: wantApi ? { sizes: opts.apiDevices, requests: opts.apiRequests, warmup: opts.apiWarmup } : null,
          ingest: wantIngest ? { devices: opts.ingestDevices, snapshots: opts.ingestSnapshots } : null,
          cycle:
            edge && fleet
              ? {
                  edge: {
                    url: edge.url,
                    token: edge.token,
                    caPem: edge.certificate,
                    pid: edge.pid,
                    concurrency: opts.edgeConcurrency,
                  },
                  addresses: fleet.addresses.slice(0, opts.cycleDevices),
                  port: fleet.port,
                  batchSize: opts.cycleBatch,
                }
              : null,
        };
        const configFile = path.join(workDir, `server-${database}.config.json`);
        writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
        log(`server bench on ${database}`);
        const m0 = sampleMachine();
        const fleetCpu0 = fleet?.cpuSeconds() ?? 0;
        const edgeCpu0 = edge ? processCpuSeconds(edge.pid) : 0;
        const own0 = process.cpuUsage();
        const child = children.spawn(process.execPath, ['--openssl-legacy-provider', serverBundle, configFile], {
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        const code = await waitExit(child);
        const m1 = sampleMachine();
        const edgeCpu = edge ? processCpuSeconds(edge.pid) - edgeCpu0 : 0;
        const fleetCpu = (fleet?.cpuSeconds() ?? 0) - fleetCpu0;
        const own = process.cpuUsage(own0);
        if (!existsSync(resultFile)) throw new BenchSetupError(`the ${database} server bench exited with ${code}`);
        const r = JSON.parse(readFileSync(resultFile, 'utf8')) as ServerBenchResult;
        const wallSeconds = (m1.at - m0.at) / 1000;
        const ownCpu = r.cpuSeconds + edgeCpu + fleetCpu + (own.user + own.system) / 1e6;
        const busy = machineDelta(m0, m1).busyCores;
        result.runs.push({ ...r, wallSeconds, otherLoadCores: Math.max(0, busy - ownCpu / wallSeconds) });
      } catch (error) {
        // One database failing does not take the other's figures with it.
        const reason = `failed: ${error instanceof Error ? error.message : String(error)}`;
        result.skipped.push({ database, reason });
        log(`${database} ${reason}`);
      } finally {
        await edge?.stop();
      }
    }
  } finally {
    await ownFleet?.stop();
  }
  return result;
}
