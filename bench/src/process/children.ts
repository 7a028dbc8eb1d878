import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Every process the bench starts, so that all of them are stopped at the end, on an error and on Ctrl-C.
 * Processes are stopped by their own pid (SIGTERM, then SIGKILL after a grace period), never by name.
 */
export class ChildRegistry {
  private readonly children = new Set<ChildProcess>();
  private hooked = false;

  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    this.hookSignals();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    child.once('error', () => this.children.delete(child));
    return child;
  }

  get running(): number {
    return this.children.size;
  }

  /** Stops one child and waits for it to exit. */
  async stop(child: ChildProcess, graceMs = 3000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      this.children.delete(child);
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    this.children.delete(child);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((c) => this.stop(c)));
  }

  /** Synchronous last resort (process 'exit'): SIGKILL whatever is still running. */
  killAllNow(): void {
    for (const c of this.children) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
    this.children.clear();
  }

  private hookSignals(): void {
    if (this.hooked) return;
    this.hooked = true;
    process.once('exit', () => this.killAllNow());
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        process.stderr.write(`\nbench: ${signal}, stopping ${this.children.size} process(es)\n`);
        void this.stopAll().finally(() => process.exit(130));
      });
    }
  }
}

/** Waits for a child's exit; resolves with its code (or 128+signal). */
export function waitExit(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a command to completion and returns its output (for snmpget/snmpwalk checks and builds). */
export function run(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
