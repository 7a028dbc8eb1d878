/**
 * Starts Debian's `snmpsimd` (package `snmpsim`) on loopback, serving the real-printer recordings in
 * `../shared/fixtures/snmprec`, and stops it again. Used by the real-device tests only.
 *
 * How snmpsimd picks a recording: for SNMPv1/v2c the community is the data file's path relative to the
 * data dir without `.snmprec` (so `jetdirect_context@Jetdirect.snmprec` is community
 * `jetdirect_context@Jetdirect`: the `@` is just a character of the community). An unknown community
 * gets no answer at all (a timeout, not an error).
 *
 * snmpsimd can also pick a file by the agent endpoint (`<community>/<transport id>.snmprec`), but only
 * with `--v2c-arch`, whose GETBULK handler walks past the end of the MIB one GETNEXT per repetition and
 * stalls every other request for seconds: the `--targets` test therefore runs one small snmpsimd per
 * port instead (`serve`: one recording renamed to a shared community).
 *
 * As root snmpsimd must drop privileges (`--process-user=nobody --process-group=nogroup`) and its
 * cache dir must be writable by that user: the data and cache live in a fresh temp dir under /tmp
 * owned by `nobody`, removed on stop. The recordings are copied, never modified or moved.
 */
import snmp from 'net-snmp';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Repository root (this file is test/real-devices/snmpsim.ts). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The recordings, where the fixtures README says they live: next to the project, never copied into it. */
export const FIXTURES_DIR = path.resolve(REPO_ROOT, '../shared/fixtures/snmprec');

export const DEFAULT_SNMPSIM_HOST = '127.0.0.1';
export const DEFAULT_SNMPSIM_PORT = 1161;

/** Absolute path of `snmpsimd`, or null when it is not installed. */
export function findSnmpsimd(): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'snmpsimd'))) return path.join(dir, 'snmpsimd');
  }
  return null;
}

/** The recording files (`*.snmprec`), sorted; empty when the fixtures dir is absent. */
export function listRecordings(dir: string = FIXTURES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.snmprec'))
    .sort();
}

/** A recording served under another community. */
export interface ServedRecording {
  community: string;
  /** Recording file name, e.g. `konica_c250i.snmprec`. */
  recording: string;
}

export interface SnmpSimOptions {
  /** Default {@link FIXTURES_DIR}. */
  fixturesDir?: string;
  /** Default 127.0.0.1. Only loopback addresses are accepted. */
  host?: string;
  /** Default 1161; when that port is taken a free one is picked (and reported in `port`). */
  port?: number;
  /** Serve only these recordings, each under the given community. Default: every recording under its own name. */
  serve?: ServedRecording[];
  /** How long to wait until snmpsimd answers. Default 60 s (it indexes every file at start). */
  startTimeoutMs?: number;
}

export interface SnmpSim {
  host: string;
  port: number;
  /** The communities served. */
  communities: string[];
  /** The temp dir holding data, cache and log. */
  workDir: string;
  /** The last lines snmpsimd printed (for failure messages). */
  logTail(): string;
  stop(): Promise<void>;
}

export class SnmpSimError extends Error {
  readonly code = 'SNMPSIM_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnmpSimError';
  }
}

/** True when the UDP port can be bound on the host right now. */
export async function isUdpPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => {
      socket.close(() => resolve(true));
    });
  });
}

/** A UDP port that was free a moment ago (bind to 0, read, release). */
export async function pickFreeUdpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** One SNMPv2c GET of sysObjectID; resolves true when the agent answered (any varbind), false on timeout. */
export async function snmpAnswers(host: string, port: number, community: string, timeoutMs = 1000): Promise<boolean> {
  const session = snmp.createSession(host, community, {
    port,
    version: snmp.Version2c,
    timeout: timeoutMs,
    retries: 0,
  });
  try {
    return await new Promise<boolean>((resolve) => {
      session.get(['1.3.6.1.2.1.1.2.0'], (error) => resolve(!error || !(error instanceof snmp.RequestTimedOutError)));
    });
  } finally {
    session.close();
  }
}

/** uid of a user or gid of a group, from the system databases (`getent`). */
function numericId(database: 'passwd' | 'group', name: string): number {
  const entry = execFileSync('getent', [database, name], { encoding: 'utf8' }).trim();
  const id = Number(entry.split(':')[2]);
  if (!Number.isInteger(id)) throw new SnmpSimError(`cannot read the id of ${database} entry ${name}`);
  return id;
}

function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else chownSync(full, uid, gid);
  }
}

function assertLoopback(host: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
    throw new SnmpSimError(`snmpsimd may listen on loopback (127.0.0.0/8) only, not on ${host}`);
  }
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts snmpsimd and resolves once it answers; rejects with the log tail when it does not. */
export async function startSnmpSim(options: SnmpSimOptions = {}): Promise<SnmpSim> {
  const binary = findSnmpsimd();
  if (!binary) throw new SnmpSimError('snmpsimd not installed (apt-get install -y snmpsim)');
  const fixturesDir = options.fixturesDir ?? FIXTURES_DIR;
  const recordings = listRecordings(fixturesDir);
  if (recordings.length === 0) throw new SnmpSimError(`no *.snmprec recordings in ${fixturesDir}`);
  const host = options.host ?? DEFAULT_SNMPSIM_HOST;
  assertLoopback(host);
  const wanted = options.port ?? DEFAULT_SNMPSIM_PORT;
  const port = (await isUdpPortFree(host, wanted)) ? wanted : await pickFreeUdpPort(host);
  const served: ServedRecording[] =
    options.serve ?? recordings.map((recording) => ({ community: path.basename(recording, '.snmprec'), recording }));
  for (const { community, recording } of served) {
    if (!recordings.includes(recording)) throw new SnmpSimError(`unknown recording ${recording}`);
    if (!/^[\w.@-]+$/.test(community)) throw new SnmpSimError(`unusable community ${JSON.stringify(community)}`);
  }

  const workDir = mkdtempSync(path.join(tmpdir(), 'fleetward-snmpsim-'));
  try {
    return await launch({ binary, options, served, fixturesDir, host, port, workDir });
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

interface LaunchPlan {
  binary: string;
  options: SnmpSimOptions;
  served: ServedRecording[];
  fixturesDir: string;
  host: string;
  port: number;
  workDir: string;
}

async function launch(plan: LaunchPlan): Promise<SnmpSim> {
  const { binary, options, served, fixturesDir, host, port, workDir } = plan;
  const dataDir = path.join(workDir, 'data');
  const cacheDir = path.join(workDir, 'cache');
  mkdirSync(dataDir);
  mkdirSync(cacheDir);
  for (const { community, recording } of served) {
    copyFileSync(path.join(fixturesDir, recording), path.join(dataDir, `${community}.snmprec`));
  }

  const args = [`--data-dir=${dataDir}`, `--cache-dir=${cacheDir}`, `--agent-udpv4-endpoint=${host}:${port}`];
  if (process.getuid?.() === 0) {
    chownTree(workDir, numericId('passwd', 'nobody'), numericId('group', 'nogroup'));
    args.push('--process-user=nobody', '--process-group=nogroup');
  }

  const log: string[] = [];
  const remember = (chunk: Buffer): void => {
    log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (log.length > 200) log.splice(0, log.length - 200);
  };
  // detached: its own process group, so stop() can signal snmpsimd and anything it forked, and only those.
  const child = spawn(binary, args, { cwd: workDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', remember);
  child.stderr.on('data', remember);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const logTail = (): string => log.slice(-15).join('\n');

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      if (!(await waitForExit(child, 5000))) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await waitForExit(child, 2000);
      }
    }
    rmSync(workDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  const probeCommunity = served[0]!.community;
  for (;;) {
    const failed = await Promise.race([spawnError, new Promise<null>((r) => setTimeout(() => r(null), 0))]);
    if (failed || child.exitCode !== null) {
      await stop();
      throw new SnmpSimError(
        `snmpsimd exited before answering (${failed?.message ?? `exit code ${child.exitCode}`}):\n${logTail()}`,
      );
    }
    if (await snmpAnswers(host, port, probeCommunity, 500)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new SnmpSimError(`snmpsimd did not answer on ${host}:${port} in time:\n${logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { host, port, communities: served.map((s) => s.community), workDir, logTail, stop };
}
