import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { BenchSetupError } from '../bench.errors';
import { run, type ChildRegistry } from '../process/children';
import { processCpuSeconds, processPeakRss } from '../process/proc-stat';
import { checkScrape, EXPORTER_MODULES, renderExporterConfig } from './exporter-config';

export const EXPORTER_BINARIES = ['prometheus-snmp-exporter', 'snmp_exporter'];

/** Path of the installed snmp_exporter, or null (Debian: `apt-get install prometheus-snmp-exporter`). */
export async function findExporter(): Promise<{ path: string; version: string } | null> {
  for (const name of EXPORTER_BINARIES) {
    const which = await run('sh', ['-c', `command -v ${name}`]).catch(() => null);
    const found = which?.code === 0 ? which.stdout.trim() : '';
    if (!found) continue;
    const v = await run(found, ['--version']);
    const version = /version (\S+)/.exec(`${v.stdout}${v.stderr}`)?.[1] ?? 'unknown';
    return { path: found, version };
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ExporterSweep {
  sweep: number;
  ms: number;
  devices: number;
  cpuSeconds: number;
  ok: number;
  failed: number;
  wrong: number;
}

export interface RunningExporter {
  child: ChildProcess;
  port: number;
  version: string;
  /** Scrapes every target once with `concurrency` requests in flight; CPU from the exporter's /proc/<pid>/stat. */
  sweep(options: {
    targets: readonly string[];
    module: 'v2c' | 'v3';
    concurrency: number;
    sweepNumber: number;
    expected: (host: string) => { serialNumber: string; supplyLevels: number[] } | null;
  }): Promise<ExporterSweep & { wrongExamples: string[] }>;
  peakRss(): number | null;
  stop(): Promise<void>;
}

export async function startExporter(options: {
  binary: { path: string; version: string };
  workDir: string;
  timeoutMs: number;
  retries: number;
  children: ChildRegistry;
}): Promise<RunningExporter> {
  const configPath = path.join(options.workDir, 'snmp.yml');
  writeFileSync(configPath, renderExporterConfig({ timeoutMs: options.timeoutMs, retries: options.retries }), {
    mode: 0o600,
  });
  const port = await freePort();
  const child = options.children.spawn(options.binary.path, [
    `--config.file=${configPath}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=error',
  ]);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  child.stdout!.resume();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10_000 });
  const get = (url: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = http.get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new BenchSetupError(`snmp_exporter exited: ${stderr.trim()}`);
    const ok = await get(`http://127.0.0.1:${port}/`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline)
      throw new BenchSetupError(`snmp_exporter did not listen on 127.0.0.1:${port}: ${stderr.trim()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  return {
    child,
    port,
    version: options.binary.version,
    async sweep({ targets, module, concurrency, sweepNumber, expected }) {
      const cpu0 = processCpuSeconds(pid);
      const t0 = performance.now();
      let next = 0;
      let ok = 0;
      let failed = 0;
      let wrong = 0;
      const wrongExamples: string[] = [];
      const worker = async (): Promise<void> => {
        while (next < targets.length) {
          const host = targets[next++]!;
          const url = `http://127.0.0.1:${port}/snmp?module=${EXPORTER_MODULES[module]}&target=${encodeURIComponent(host)}`;
          try {
            const r = await get(url);
            const want = expected(host);
            if (r.status !== 200) failed++;
            else if (!want) wrong++;
            else {
              const problem = checkScrape(r.body, want);
              if (problem === null) ok++;
              else if (/serial number missing/.test(problem) && !r.body.includes('prtMarkerSuppliesLevel{')) failed++;
              else {
                wrong++;
                if (wrongExamples.length < 3) wrongExamples.push(`${host}: ${problem}`);
              }
            }
          } catch {
            failed++;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, () => worker()));
      const ms = performance.now() - t0;
      return {
        sweep: sweepNumber,
        ms,
        devices: targets.length,
        cpuSeconds: processCpuSeconds(pid) - cpu0,
        ok,
        failed,
        wrong,
        wrongExamples,
      };
    },
    peakRss: () => processPeakRss(pid),
    stop: async () => {
      agent.destroy();
      await options.children.stop(child);
    },
  };
}
