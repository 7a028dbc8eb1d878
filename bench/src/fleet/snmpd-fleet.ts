import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BenchSetupError } from '../bench.errors';
import { run, type ChildRegistry } from '../process/children';
import { processCpuSeconds } from '../process/proc-stat';
import { BENCH_COMMUNITY, planSnmpdFleet, renderSnmpdConf, snmpdArgs, type SnmpdProcessPlan } from './snmpd-config';

export interface SnmpdFleet {
  plans: SnmpdProcessPlan[];
  addresses: string[];
  port: number;
  /** Total CPU seconds used so far by all snmpd processes (to show the simulator was not the bottleneck). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * Starts the snmpd fleet: one snmpd per `perProcess` addresses, each with its own config and persistent dir under
 * `workDir`; waits until the first and last address of each process answer.
 */
export async function startSnmpdFleet(options: {
  devices: number;
  baseAddress: string;
  port: number;
  perProcess: number;
  workDir: string;
  children: ChildRegistry;
  snmpdPath?: string;
}): Promise<SnmpdFleet> {
  const plans = planSnmpdFleet(options);
  const procs: ChildProcess[] = [];
  const env = { ...process.env, MIBS: '', MIBDIRS: '/nonexistent' };
  try {
    for (const plan of plans) {
      const dir = path.join(options.workDir, `snmpd-${plan.number}`);
      mkdirSync(path.join(dir, 'persist'), { recursive: true });
      const confPath = path.join(dir, 'snmpd.conf');
      writeFileSync(confPath, renderSnmpdConf(plan, options.port), { mode: 0o600 });
      const child = options.children.spawn(
        options.snmpdPath ?? 'snmpd',
        snmpdArgs({
          confPath,
          persistentDir: path.join(dir, 'persist'),
          pidPath: path.join(dir, 'snmpd.pid'),
          logPath: path.join(dir, 'snmpd.log'),
        }),
        { env, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      procs.push(child);
      child.once('exit', (code) => {
        if (code !== 0 && code !== null) {
          let log = '';
          try {
            log = readFileSync(path.join(dir, 'snmpd.log'), 'utf8').split('\n').slice(-5).join(' | ');
          } catch {
            /* no log yet */
          }
          process.stderr.write(`bench: snmpd ${plan.number} exited with ${code}: ${log}\n`);
        }
      });
    }
    await Promise.all(
      plans.map(async (plan, i) => {
        for (const address of [plan.addresses[0]!, plan.addresses.at(-1)!]) {
          await waitAnswer(address, options.port, procs[i]!);
        }
      }),
    );
  } catch (error) {
    await Promise.all(procs.map((p) => options.children.stop(p)));
    throw error;
  }
  return {
    plans,
    addresses: plans.flatMap((p) => p.addresses),
    port: options.port,
    cpuSeconds: () =>
      procs.reduce((sum, p) => {
        try {
          return sum + (p.pid ? processCpuSeconds(p.pid) : 0);
        } catch {
          return sum;
        }
      }, 0),
    stop: async () => {
      await Promise.all(procs.map((p) => options.children.stop(p)));
    },
  };
}

async function waitAnswer(address: string, port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new BenchSetupError(`snmpd for ${address} exited (code ${child.exitCode})`);
    const r = await run('snmpget', [
      '-v2c',
      '-c',
      BENCH_COMMUNITY,
      '-t',
      '0.5',
      '-r',
      '0',
      '-Oqv',
      `${address}:${port}`,
      '1.3.6.1.2.1.1.5.0',
    ]);
    if (r.code === 0 && r.stdout.trim().length > 0) return;
    if (Date.now() > deadline) {
      throw new BenchSetupError(`snmpd at ${address}:${port} did not answer within 20 s: ${r.stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** snmpwalk of one device's printer subtrees, for the pre-flight check (returns the number of varbinds). */
export async function walkDevice(address: string, port: number): Promise<number> {
  let count = 0;
  for (const oid of ['1.3.6.1.2.1.1', '1.3.6.1.2.1.25.3', '1.3.6.1.2.1.43']) {
    const r = await run('snmpbulkwalk', ['-v2c', '-c', BENCH_COMMUNITY, '-On', `${address}:${port}`, oid]);
    if (r.code !== 0) throw new BenchSetupError(`snmpbulkwalk ${address} ${oid} failed: ${r.stderr.trim()}`);
    count += r.stdout.split('\n').filter((l) => l.startsWith('.')).length;
  }
  return count;
}
