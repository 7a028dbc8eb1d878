/**
 * `npm run -s poll -- --host 127.0.0.1 --port 1161 --community konica_c250i`
 * Prints exactly one JSON document (a DeviceSnapshot) on stdout. Exit 0 when the device answered;
 * exit 2 with a one-line reason on stderr when it is unreachable or rejects the credentials; 1 on bad usage.
 * With `--targets FILE`: one JSON document per line (failures are documents with ok:false), a summary on
 * stderr, exit 0 when the run completed. `--sweeps K` polls the list K times in one process (sessions kept)
 * and prints the documents of the last sweep.
 */
import type { DeviceTarget } from '@fleetward/contracts';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DevicePoller } from '../poller/device-poller';
import { SnmpClientPool } from '../poller/snmp-client-pool';
import { CliUsageError, credentialsFromArgs, intOption, parseTargetsFile, SNMP_OPTIONS } from './cli-args';

const USAGE = `usage: poll --host HOST [--port 161] [--snmp-version 1|2c|3] [--community public]
            [--user U --auth-protocol sha --auth-key K --priv-protocol aes --priv-key K --context C]
            [--timeout ms] [--retries n]
       poll --targets FILE [--concurrency 64] [--sweeps 1] [same SNMP options]`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...SNMP_OPTIONS,
      host: { type: 'string' },
      targets: { type: 'string' },
      sweeps: { type: 'string' },
      pretty: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const snmp = credentialsFromArgs(values);
  const port = intOption(values.port, 'port', 161, 1, 65535);
  const timeoutMs = intOption(values.timeout, 'timeout', 2000, 1, 600_000);
  const retries = intOption(values.retries, 'retries', 1, 0, 10);
  const concurrency = intOption(values.concurrency, 'concurrency', 64, 1, 100_000);
  const sweeps = intOption(values.sweeps, 'sweeps', 1, 1, 1_000_000);

  if (values.targets) {
    if (values.host) throw new CliUsageError('give either --host or --targets, not both');
    const list = parseTargetsFile(readFileSync(values.targets, 'utf8'), port);
    const targets: DeviceTarget[] = list.map((t) => ({ ...t, snmp, timeoutMs, retries }));
    const poller = new DevicePoller({ pool: new SnmpClientPool({ shareSocket: true }) });
    const started = performance.now();
    let ok = 0;
    const byCode = new Map<string, number>();
    const out = new LineWriter();
    for (let sweep = 1; sweep <= sweeps; sweep++) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const last = sweep === sweeps;
      // Earlier sweeps' documents are dropped as they complete; the last sweep's are written as they complete.
      // Earlier sweeps' documents are not printed: no need to hold finished ones back for input order.
      let inFlight = '';
      await poller.pollEach(
        targets,
        concurrency,
        (r) => {
          if (!last) return;
          out.line(JSON.stringify(r));
          if (r.ok) ok++;
          else byCode.set(r.error.code, (byCode.get(r.error.code) ?? 0) + 1);
        },
        {
          ordered: last,
          window: {
            onStats: (st) => (inFlight = `, in flight max ${st.maxInFlight} mean ${st.meanInFlight.toFixed(0)}`),
          },
        },
      );
      if (sweeps > 1) {
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        const cpuS = (cpu.user + cpu.system) / 1e6;
        const mem = process.memoryUsage();
        process.stderr.write(
          `sweep ${sweep}/${sweeps}: ${targets.length} devices in ${ms.toFixed(0)} ms (${rate(targets.length, ms)}/s), ` +
            `cpu ${cpuS.toFixed(2)} s (${((cpuS * 1000) / Math.max(1, targets.length)).toFixed(2)} s/1k), ` +
            `rss ${mb(mem.rss)} MB, heap ${mb(mem.heapUsed)} MB${inFlight}\n`,
        );
      }
    }
    await out.flush();
    const totalMs = performance.now() - started;
    poller.close();
    const failures = [...byCode].map(([c, n]) => `${c} ${n}`).join(', ');
    process.stderr.write(
      `polled ${targets.length} devices x ${sweeps} sweep(s) in ${totalMs.toFixed(0)} ms ` +
        `(${rate(targets.length * sweeps, totalMs)} polls/s, concurrency ${concurrency}): ` +
        `ok ${ok}, failed ${targets.length - ok}${failures ? ` (${failures})` : ''}\n`,
    );
    return 0;
  }

  if (!values.host) throw new CliUsageError('--host or --targets is required');
  const poller = new DevicePoller({ pool: new SnmpClientPool({ shareSocket: false }) });
  const result = await poller.poll({ host: values.host, port, snmp, timeoutMs, retries });
  poller.close();
  if (!result.ok) {
    process.stderr.write(`poll failed: ${result.error.code}: ${result.error.message.replace(/\s+/g, ' ')}\n`);
    return 2;
  }
  await write(`${JSON.stringify(result, null, values.pretty ? 2 : undefined)}\n`);
  return 0;
}

function rate(n: number, ms: number): string {
  return ms > 0 ? ((n * 1000) / ms).toFixed(0) : '∞';
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(0);
}

/** Buffers lines into ~64 KB chunks for stdout; waits for the pipe to drain when it is full. */
class LineWriter {
  private chunk: string[] = [];
  private size = 0;
  private pending: Promise<void> = Promise.resolve();

  line(text: string): void {
    this.chunk.push(text);
    this.size += text.length + 1;
    if (this.size >= 65_536) this.emit();
  }

  private emit(): void {
    if (this.chunk.length === 0) return;
    const text = `${this.chunk.join('\n')}\n`;
    this.chunk = [];
    this.size = 0;
    const previous = this.pending;
    this.pending = previous.then(() => write(text));
  }

  flush(): Promise<void> {
    this.emit();
    return this.pending;
  }
}

function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage =
      error instanceof CliUsageError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(
      `poll: ${error instanceof Error ? error.message : String(error)}${usage ? `\n${USAGE}` : ''}\n`,
    );
    process.exitCode = 1;
  },
);
