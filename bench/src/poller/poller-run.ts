import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BenchSetupError } from '../bench.errors';
import { waitExit, type ChildRegistry } from '../process/children';
import { median } from '../report/stats';
import { tallyVerdicts, type DocumentVerdict, type VerdictTally } from './document-check';

export type PollerBuild = 'bundle' | 'dist' | 'tsx';

const REPO = path.resolve(__dirname, '../../..');
const POLL_SOURCE = path.join(REPO, 'edge/src/cli/poll.cli.ts');
const POLL_DIST = path.join(REPO, 'dist/edge/src/cli/poll.cli.js');
const PROBE_SOURCE = path.join(__dirname, 'poller-probe.ts');

/** How to start the poll command: node + args before the poll options. */
export interface PollerCommand {
  command: string;
  args: string[];
  description: string;
}

/**
 * Prepares the poll command. `bundle` (default) compiles edge/src/cli/poll.cli.ts and everything it imports into
 * one CommonJS file with esbuild (the same code as the tsc build, loaded faster); `dist` uses `npm run build:api`'s
 * output; `tsx` runs the TypeScript through tsx (adds the compiler to the poller's memory).
 */
export async function preparePoller(kind: PollerBuild, workDir: string): Promise<PollerCommand> {
  const PROBE = path.join(workDir, 'poller-probe.js');
  await build({
    entryPoints: [PROBE_SOURCE],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: PROBE,
    logLevel: 'silent',
  });
  switch (kind) {
    case 'bundle': {
      const outfile = path.join(workDir, 'poll.cli.js');
      try {
        await build({
          entryPoints: [POLL_SOURCE],
          bundle: true,
          platform: 'node',
          target: 'node20',
          format: 'cjs',
          outfile,
          tsconfig: path.join(REPO, 'tsconfig.json'),
          logLevel: 'silent',
          sourcemap: false,
        });
      } catch (error) {
        throw new BenchSetupError(`could not bundle ${POLL_SOURCE}: ${(error as Error).message}`, { cause: error });
      }
      return {
        command: process.execPath,
        args: ['--require', PROBE, outfile],
        description: 'esbuild bundle of edge/src/cli/poll.cli.ts',
      };
    }
    case 'dist':
      if (!existsSync(POLL_DIST)) throw new BenchSetupError(`${POLL_DIST} is missing: run npm run build:api first`);
      return {
        command: process.execPath,
        args: ['--require', PROBE, POLL_DIST],
        description: 'dist/edge/src/cli/poll.cli.js',
      };
    case 'tsx':
      return {
        command: process.execPath,
        args: ['--require', PROBE, '--import', 'tsx', POLL_SOURCE],
        description: 'tsx edge/src/cli/poll.cli.ts',
      };
  }
}

export interface SweepFigure {
  sweep: number;
  /** Wall time of the sweep as the poll command printed it. */
  ms: number;
  devices: number;
  /** CPU seconds (user+system) of the poll process during this sweep. */
  cpuSeconds: number;
  /** RSS and V8 heap in use at the end of the sweep (bytes). */
  rss: number;
  heapUsed: number;
  /** Devices in flight during the sweep (the poller's adaptive window), when the poll command printed them. */
  inFlight?: { max: number; mean: number };
}

export interface PollerRunResult {
  sweeps: SweepFigure[];
  /** Peak RSS of the whole process (getrusage maxRSS at exit), bytes. */
  peakRss: number;
  /** Whole-process CPU seconds, including start-up and printing the documents. */
  totalCpuSeconds: number;
  startupCpuSeconds: number;
  exitCode: number;
  summary: string;
  documents: VerdictTally & { total: number };
  perDevice: DeviceOutcome[];
}

export interface DeviceOutcome {
  host: string;
  verdict: DocumentVerdict;
  durationMs: number | null;
}

interface ProbeLine {
  event: 'start' | 'sweep' | 'exit';
  cpuUser: number;
  cpuSystem: number;
  rss: number;
  heapUsed?: number;
  sweep?: number;
  ms?: number;
  devices?: number;
  ruUser?: number;
  ruSystem?: number;
  maxRss?: number;
  inFlightMax?: number;
  inFlightMean?: number;
}

/** Per-sweep CPU from the probe lines: each sweep's CPU is the difference to the previous mark ("start" first). */
export function sweepFiguresFromProbe(lines: readonly ProbeLine[]): { sweeps: SweepFigure[]; startupCpu: number } {
  const start = lines.find((l) => l.event === 'start');
  if (!start) throw new BenchSetupError('the poll process never opened a UDP socket (no "start" mark)');
  let previous = start.cpuUser + start.cpuSystem;
  const sweeps: SweepFigure[] = [];
  for (const l of lines) {
    if (l.event !== 'sweep') continue;
    const cpu = l.cpuUser + l.cpuSystem;
    sweeps.push({
      sweep: l.sweep ?? sweeps.length + 1,
      ms: l.ms ?? 0,
      devices: l.devices ?? 0,
      cpuSeconds: cpu - previous,
      rss: l.rss,
      heapUsed: l.heapUsed ?? 0,
      ...(l.inFlightMax !== undefined && l.inFlightMean !== undefined
        ? { inFlight: { max: l.inFlightMax, mean: l.inFlightMean } }
        : {}),
    });
    previous = cpu;
  }
  return { sweeps, startupCpu: start.cpuUser + start.cpuSystem };
}

/** Devices in flight over the warm sweeps (see RunFigures.inFlight); undefined when the poller did not print them. */
export function inFlightFigures(sweeps: readonly SweepFigure[]): { inFlight?: { mean: number; max: number } } {
  const warm = sweeps.slice(1).flatMap((s) => (s.inFlight ? [s.inFlight] : []));
  if (warm.length === 0 || warm.length !== sweeps.length - 1) return {};
  return { inFlight: { mean: median(warm.map((w) => w.mean)), max: Math.max(...warm.map((w) => w.max)) } };
}

export async function runPoller(options: {
  poller: PollerCommand;
  targetsFile: string;
  snmpArgs: string[];
  concurrency: number;
  sweeps: number;
  timeoutMs: number;
  retries: number;
  workDir: string;
  label: string;
  children: ChildRegistry;
  /** Judges one document of the last sweep (see checkDocument). */
  check: (host: string, doc: unknown) => DocumentVerdict;
}): Promise<PollerRunResult> {
  if (options.sweeps < 2) throw new BenchSetupError('the poller needs at least 2 sweeps (a cold one and a warm one)');
  const probeFile = path.join(options.workDir, `probe-${options.label}.jsonl`);
  writeFileSync(probeFile, '');
  const child = options.children.spawn(
    options.poller.command,
    [
      ...options.poller.args,
      '--targets',
      options.targetsFile,
      '--concurrency',
      String(options.concurrency),
      '--sweeps',
      String(options.sweeps),
      '--timeout',
      String(options.timeoutMs),
      '--retries',
      String(options.retries),
      ...options.snmpArgs,
    ],
    { env: { ...process.env, FLEETWARD_BENCH_PROBE: probeFile }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exitCode = await waitExit(child);
  const probe = readFileSync(probeFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ProbeLine);
  const exit = probe.find((l) => l.event === 'exit');
  if (exitCode !== 0 || !exit) {
    throw new BenchSetupError(
      `poll (${options.label}) exited with ${exitCode}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  const { sweeps, startupCpu } = sweepFiguresFromProbe(probe);
  const perDevice: DeviceOutcome[] = Buffer.concat(out)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      let doc: unknown;
      try {
        doc = JSON.parse(line);
      } catch {
        return { host: '?', verdict: { kind: 'wrong' as const, reason: 'unparsable line' }, durationMs: null };
      }
      const d = doc as { target?: { host?: string }; durationMs?: unknown };
      const host = String(d.target?.host ?? '?');
      return {
        host,
        verdict: options.check(host, doc),
        durationMs: typeof d.durationMs === 'number' ? d.durationMs : null,
      };
    });
  return {
    sweeps,
    peakRss: exit.maxRss ?? 0,
    totalCpuSeconds: (exit.ruUser ?? 0) + (exit.ruSystem ?? 0),
    startupCpuSeconds: startupCpu,
    exitCode,
    summary: stderr.trim().split('\n').at(-1) ?? '',
    documents: { ...tallyVerdicts(perDevice), total: perDevice.length },
    perDevice,
  };
}
