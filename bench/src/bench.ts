/**
 * `npm run bench`: edge polling throughput and cost against a peer (snmp_exporter), and behaviour on a slow and
 * lossy fleet. Sets up everything on loopback (snmpd fleet on 127.4.0.0/16, Fleetward's simulator + a lossy relay on
 * 127.5.0.0/16), prints a table, writes bench/results/latest.json, and stops every process it started.
 * See bench/README.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchUsageError } from './bench.errors';
import { expectedDocument } from './fleet/printer-dataset';
import { BENCH_V3_USER } from './fleet/snmpd-config';
import { startSnmpdFleet, walkDevice, type SnmpdFleet } from './fleet/snmpd-fleet';
import { BENCH_USAGE, parseBenchArgs, type BenchOptions } from './options';
import { findExporter, startExporter } from './peer/exporter-run';
import { checkDocument } from './poller/document-check';
import {
  inFlightFigures,
  preparePoller,
  runPoller,
  type PollerCommand,
  type PollerRunResult,
} from './poller/poller-run';
import { ChildRegistry, run } from './process/children';
import { machineDelta, sampleMachine, type MachineSample } from './process/proc-stat';
import type { BenchResult, PeerResult, PollingResult, RunFigures, SlowResult } from './report/bench-result';
import { ratio, throughputFigures } from './report/stats';
import { renderTable } from './report/table';
import { evaluateTargets } from './report/targets';
import { measureServerParts } from './server/server-part';
import { checkAgainstView, planSlowFleet, startSlowFleet } from './slow/slow-fleet';

const REPO = path.resolve(__dirname, '../..');
const V3_ARGS = [
  '--user',
  BENCH_V3_USER.user,
  '--auth-protocol',
  BENCH_V3_USER.authProtocol,
  '--auth-key',
  BENCH_V3_USER.authKey,
  '--priv-protocol',
  BENCH_V3_USER.privProtocol,
  '--priv-key',
  BENCH_V3_USER.privKey,
];

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function machine(): Promise<BenchResult['machine']> {
  const snmpd = await run('snmpd', ['-v']).catch(() => null);
  const exporter = await findExporter();
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.versions.node,
    os: `${os.type()} ${os.release()}`,
    snmpd: snmpd ? (/version:\s+(\S+)/i.exec(snmpd.stdout)?.[1] ?? 'unknown') : null,
    exporter: exporter?.version ?? null,
  };
}

/** Machine load during a run: every busy core, and what is left after the bench's own processes (ownCpuSeconds). */
function loadFigures(before: MachineSample, after: MachineSample, ownCpuSeconds: number): Partial<RunFigures> {
  const d = machineDelta(before, after);
  const seconds = Math.max((after.at - before.at) / 1000, 1e-3);
  return {
    machineBusyCores: d.busyCores,
    otherLoadCores: Math.max(0, d.busyCores - ownCpuSeconds / seconds),
    udpReceiveDrops: d.udpDrops,
  };
}

function benchCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function pollerFigures(r: PollerRunResult, concurrency: number, fleetCpuShare?: number): RunFigures {
  return {
    ...throughputFigures(r.sweeps),
    devices: r.sweeps[0]?.devices ?? 0,
    concurrency,
    sweeps: r.sweeps.map((s) => ({
      ms: s.ms,
      cpuSeconds: s.cpuSeconds,
      devices: s.devices,
      rss: s.rss,
      heapUsed: s.heapUsed,
      ...(s.inFlight ? { inFlight: s.inFlight } : {}),
    })),
    ...inFlightFigures(r.sweeps),
    peakRssBytes: r.peakRss,
    correct: r.documents.correct,
    failed: r.documents.failed,
    partial: r.documents.partial,
    wrong: r.documents.wrong,
    failedByCode: r.documents.failedByCode,
    wrongExamples: r.documents.wrongExamples,
    ...(fleetCpuShare === undefined ? {} : { fleetCpuShare }),
  };
}

async function measurePolling(
  opts: BenchOptions,
  fleet: SnmpdFleet,
  poller: PollerCommand,
  workDir: string,
  children: ChildRegistry,
): Promise<PollingResult> {
  const expectedByHost = new Map(
    fleet.plans.flatMap((p) => p.addresses.map((a) => [a, expectedDocument(p.profile)] as const)),
  );
  const check = (host: string, doc: unknown): ReturnType<typeof checkDocument> => {
    const expected = expectedByHost.get(host);
    return expected ? checkDocument(doc, expected) : { kind: 'wrong', reason: 'unknown host' };
  };
  const targetsFile = (n: number): string => {
    const file = path.join(workDir, `targets-${n}.txt`);
    writeFileSync(file, `${fleet.addresses.slice(0, n).join('\n')}\n`);
    return file;
  };
  const one = async (label: string, devices: number, snmpArgs: string[], sweeps: number): Promise<RunFigures> => {
    log(`polling ${devices} devices, ${label}, ${sweeps} sweeps, concurrency ${opts.concurrency}`);
    const cpu0 = fleet.cpuSeconds();
    const own0 = benchCpuSeconds();
    const m0 = sampleMachine();
    const t0 = performance.now();
    const r = await runPoller({
      poller,
      targetsFile: targetsFile(devices),
      snmpArgs,
      concurrency: opts.concurrency,
      sweeps,
      timeoutMs: opts.timeoutMs,
      retries: opts.retries,
      workDir,
      label: `${label}-${devices}`,
      children,
      check,
    });
    const m1 = sampleMachine();
    const fleetCpu = fleet.cpuSeconds() - cpu0;
    const share = fleetCpu / ((performance.now() - t0) / 1000);
    const load = loadFigures(m0, m1, fleetCpu + r.totalCpuSeconds + benchCpuSeconds() - own0);
    log(
      `  ${r.summary}; snmpd fleet busy ${share.toFixed(2)} cores, other load ${load.otherLoadCores?.toFixed(2)} cores, UDP drops ${load.udpReceiveDrops ?? '?'}`,
    );
    return { ...pollerFigures(r, opts.concurrency, share), ...load };
  };
  const v2c = await one('v2c', opts.devices, ['--snmp-version', '2c', '--community', 'public'], opts.sweeps);
  const v3 = await one('v3', opts.devices, V3_ARGS, opts.sweeps);
  let memory: PollingResult['memory'] = { skipped: 'skipped (--memory-devices 0)' };
  if (opts.memoryDevices > 0) {
    const m = await one('v2c', opts.memoryDevices, ['--snmp-version', '2c', '--community', 'public'], 2);
    memory = { ...m, note: 'cold sweep + 1 warm sweep, for peak RSS' };
  }
  return { poller: poller.description, v2c, v3, memory };
}

async function measurePeer(
  opts: BenchOptions,
  fleet: SnmpdFleet,
  workDir: string,
  children: ChildRegistry,
): Promise<PeerResult | { skipped: string }> {
  const binary = await findExporter();
  if (!binary) {
    return {
      skipped: 'snmp_exporter is not installed (apt-get install prometheus-snmp-exporter): Fleetward figures alone',
    };
  }
  const targets = fleet.addresses.slice(0, opts.devices).map((a) => (fleet.port === 161 ? a : `${a}:${fleet.port}`));
  const profileByHost = new Map(fleet.plans.flatMap((p) => p.addresses.map((a) => [a, p.profile] as const)));
  const levels = expectedDocument(fleet.plans[0]!.profile).supplies.map((s) => s.remainingPercent ?? -3);
  const expected = (host: string): { serialNumber: string; supplyLevels: number[] } | null => {
    const profile = profileByHost.get(host.split(':')[0]!);
    return profile ? { serialNumber: profile.serialNumber, supplyLevels: levels } : null;
  };
  const measure = async (module: 'v2c' | 'v3'): Promise<RunFigures> => {
    // A fresh exporter per module, so its cold sweep and peak RSS are its own.
    const exporter = await startExporter({
      binary,
      workDir,
      timeoutMs: opts.timeoutMs,
      retries: opts.retries,
      children,
    });
    try {
      log(
        `snmp_exporter ${binary.version}: ${targets.length} devices, ${module}, ${opts.sweeps} sweeps, concurrency ${opts.concurrency}`,
      );
      const sweeps = [];
      const cpu0 = fleet.cpuSeconds();
      const own0 = benchCpuSeconds();
      const m0 = sampleMachine();
      for (let i = 1; i <= opts.sweeps; i++) {
        const s = await exporter.sweep({ targets, module, concurrency: opts.concurrency, sweepNumber: i, expected });
        log(
          `  sweep ${i}/${opts.sweeps}: ${s.devices} devices in ${s.ms.toFixed(0)} ms, ok ${s.ok}, failed ${s.failed}, wrong ${s.wrong}`,
        );
        sweeps.push(s);
      }
      const last = sweeps.at(-1)!;
      const m1 = sampleMachine();
      const fleetCpu = fleet.cpuSeconds() - cpu0;
      const exporterCpu = sweeps.reduce((a, s) => a + s.cpuSeconds, 0);
      const load = loadFigures(m0, m1, fleetCpu + exporterCpu + benchCpuSeconds() - own0);
      return {
        ...load,
        fleetCpuShare: fleetCpu / ((m1.at - m0.at) / 1000),
        ...throughputFigures(sweeps),
        devices: targets.length,
        concurrency: opts.concurrency,
        sweeps: sweeps.map((s) => ({ ms: s.ms, cpuSeconds: s.cpuSeconds, devices: s.devices })),
        peakRssBytes: exporter.peakRss(),
        correct: last.ok,
        failed: last.failed,
        wrong: last.wrong,
        wrongExamples: last.wrongExamples,
      };
    } finally {
      await exporter.stop();
    }
  };
  const v2c = await measure('v2c');
  const v3 = await measure('v3');
  return {
    exporter: binary.version,
    v2c,
    v3,
    ratios: { v2cDevicesPerSecond: null, v2cCpuPerDevice: null, v3DevicesPerSecond: null, v3CpuPerDevice: null },
  };
}

async function measureSlow(
  opts: BenchOptions,
  poller: PollerCommand,
  workDir: string,
  children: ChildRegistry,
): Promise<SlowResult> {
  const plan = planSlowFleet(opts.slowDevices);
  const fleet = await startSlowFleet({
    plan,
    baseAddress: '127.5.0.1',
    relayBaseAddress: '127.5.192.1',
    port: opts.port,
    seed: opts.seed,
  });
  try {
    const targetsFile = path.join(workDir, 'targets-slow.txt');
    writeFileSync(
      targetsFile,
      `${fleet.targets.map((t) => (opts.port === 161 ? t : `${t}:${opts.port}`)).join('\n')}\n`,
    );
    const sweeps = Math.min(opts.sweeps, 3);
    log(
      `slow fleet: ${fleet.targets.length} devices, ${sweeps} sweeps, timeout ${opts.slowTimeoutMs} ms, retries ${opts.slowRetries}`,
    );
    const m0 = sampleMachine();
    const own0 = benchCpuSeconds();
    const r = await runPoller({
      poller,
      targetsFile,
      snmpArgs: ['--snmp-version', '2c', '--community', 'public'],
      concurrency: opts.concurrency,
      sweeps,
      timeoutMs: opts.slowTimeoutMs,
      retries: opts.slowRetries,
      workDir,
      label: 'slow',
      children,
      check: (host, doc) => checkAgainstView(doc, fleet.viewOf(host), fleet.roleOf(host)),
    });
    // The simulator and the relay run in this process: its CPU counts as the bench's own.
    const load = loadFigures(m0, sampleMachine(), r.totalCpuSeconds + benchCpuSeconds() - own0);
    log(
      `  ${r.summary}; other load ${load.otherLoadCores?.toFixed(2)} cores, UDP drops ${load.udpReceiveDrops ?? '?'}`,
    );
    const byRole: SlowResult['byRole'] = {};
    const wrongExamples: string[] = [];
    let deadMax: number | null = null;
    for (const d of r.perDevice) {
      const role = fleet.roleOf(d.host) ?? 'unknown';
      const c = (byRole[role] ??= { correct: 0, partial: 0, unreachable: 0, otherFailure: 0, wrong: 0 });
      const v = d.verdict;
      if (v.kind === 'correct') c.correct++;
      else if (v.kind === 'partial') c.partial++;
      else if (v.kind === 'failed' && (v.code === 'timeout' || v.code === 'unreachable')) c.unreachable++;
      else if (v.kind === 'failed') c.otherFailure++;
      else {
        c.wrong++;
        if (wrongExamples.length < 5) wrongExamples.push(`${d.host} (${role}): ${v.reason}`);
      }
      if (role === 'dead' && d.durationMs !== null) deadMax = Math.max(deadMax ?? 0, d.durationMs);
    }
    const count = (role: string): number => plan.devices.filter((d) => d.role === role).length;
    return {
      devices: plan.devices.length,
      composition: {
        slow: count('slow'),
        lossy: count('lossy'),
        dead: count('dead'),
        delayMs: '20-50',
        lossRate: plan.lossRate,
      },
      timeoutMs: opts.slowTimeoutMs,
      retries: opts.slowRetries,
      sweepMs:
        r.sweeps.length > 1 ? r.sweeps.slice(1).reduce((a, s) => a + s.ms, 0) / (r.sweeps.length - 1) : r.sweeps[0]!.ms,
      coldSweepMs: r.sweeps[0]!.ms,
      byRole,
      wrongExamples,
      deadMaxDurationMs: deadMax,
      // Every try may wait the full timeout; 250 ms of slack for scheduling on a busy 2-core machine.
      unreachableLimitMs: opts.slowTimeoutMs * (opts.slowRetries + 1) + 250,
      relay: fleet.proxyStats(),
      otherLoadCores: load.otherLoadCores ?? null,
      udpReceiveDrops: load.udpReceiveDrops ?? null,
    };
  } finally {
    await fleet.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const opts = parseBenchArgs(argv);
  if (opts.help) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  const children = new ChildRegistry();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'fleetward-bench-'));
  // Also on Ctrl-C, where the signal handler exits without reaching the finally below.
  const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true });
  process.once('exit', removeWorkDir);
  const startedAt = new Date().toISOString();
  const result: BenchResult = {
    schemaVersion: 1,
    startedAt,
    finishedAt: startedAt,
    machine: await machine(),
    options: { ...opts },
    polling: { skipped: 'not selected (--only)' },
    peer: { skipped: opts.skipPeer ? 'skipped (--skip-peer)' : 'not selected (--only)' },
    slow: { skipped: 'not selected (--only)' },
    server: { skipped: 'not selected (--only)' },
    notMeasured: [],
    targets: [],
    errors: [],
  };
  let fleet: SnmpdFleet | null = null;
  try {
    const wantPolling = opts.parts.includes('polling');
    const wantPeer = opts.parts.includes('peer') && !opts.skipPeer;
    const needsPoller = wantPolling || opts.parts.includes('slow');
    const poller = needsPoller ? await preparePoller(opts.poller, workDir) : null;
    if (wantPolling || wantPeer) {
      const size = Math.max(opts.devices, wantPolling ? opts.memoryDevices : 0);
      log(
        `starting the snmpd fleet: ${size} devices on 127.4.0.0/16 port ${opts.port}, ${opts.snmpdPerProcess} per process`,
      );
      const t0 = performance.now();
      fleet = await startSnmpdFleet({
        devices: size,
        baseAddress: '127.4.0.1',
        port: opts.port,
        perProcess: opts.snmpdPerProcess,
        workDir,
        children,
      });
      const varbinds = await walkDevice(fleet.addresses[0]!, opts.port);
      log(
        `  ${fleet.plans.length} snmpd processes up in ${((performance.now() - t0) / 1000).toFixed(1)} s; snmpbulkwalk of ${fleet.addresses[0]} sees ${varbinds} values`,
      );
    }
    if (fleet && poller && wantPolling) {
      result.polling = await measurePolling(opts, fleet, poller, workDir, children);
    }
    if (fleet && wantPeer) {
      result.peer = await measurePeer(opts, fleet, workDir, children);
    }
    if ('v2c' in result.peer && 'v2c' in result.polling) {
      const [p, q] = [result.polling, result.peer];
      q.ratios = {
        v2cDevicesPerSecond: ratio(p.v2c.devicesPerSecond, q.v2c.devicesPerSecond),
        v2cCpuPerDevice: ratio(p.v2c.cpuSecondsPer1000, q.v2c.cpuSecondsPer1000),
        v3DevicesPerSecond: ratio(p.v3.devicesPerSecond, q.v3.devicesPerSecond),
        v3CpuPerDevice: ratio(p.v3.cpuSecondsPer1000, q.v3.cpuSecondsPer1000),
      };
    }
    if (opts.parts.includes('ingest') || opts.parts.includes('api')) {
      // Before the fleet stops: the poll cycle reuses the parts 1-2 fleet when it is big enough.
      result.server = await measureServerParts(opts, workDir, children, fleet);
      for (const r of result.server.runs) result.errors.push(...r.errors);
      for (const s of result.server.skipped)
        if (s.reason.startsWith('failed')) result.errors.push(`${s.database} ${s.reason}`);
    }
    if (fleet) {
      await fleet.stop();
      fleet = null;
    }
    if (poller && opts.parts.includes('slow')) {
      result.slow = await measureSlow(opts, poller, workDir, children);
    }
  } catch (error) {
    if (error instanceof BenchUsageError) throw error;
    result.errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    log(`error: ${result.errors.at(-1)}`);
  } finally {
    await fleet?.stop();
    await children.stopAll();
    removeWorkDir();
  }
  result.finishedAt = new Date().toISOString();
  result.targets = evaluateTargets(result);
  const output = path.resolve(REPO, opts.output);
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(renderTable(result));
  process.stdout.write(`\nfigures written to ${path.relative(process.cwd(), output) || output}\n`);
  return result.errors.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof BenchUsageError;
    process.stderr.write(
      `bench: ${error instanceof Error ? error.message : String(error)}${usage ? `\n${BENCH_USAGE}` : ''}\n`,
    );
    process.exitCode = usage ? 2 : 1;
  },
);
