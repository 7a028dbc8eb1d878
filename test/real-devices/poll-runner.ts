/**
 * Runs the edge's `poll` command (edge/src/cli/poll.cli.ts through tsx) as a separate process, exactly as
 * a person or another tool would, and a small concurrency limiter so snmpsimd (~1,000 requests/s) and
 * two cores are not swamped.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './snmpsim';

export const POLL_CLI = path.join(REPO_ROOT, 'edge', 'src', 'cli', 'poll.cli.ts');
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export interface PollRun {
  args: string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Set when the process could not start or was killed for running too long. */
  problem?: string;
}

/** Runs `tsx edge/src/cli/poll.cli.ts <args>`; never rejects (a failed start is reported in `problem`). */
export function runPoll(args: string[], killAfterMs = 60_000): Promise<PollRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(TSX, [POLL_CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let problem: string | undefined;
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => {
      problem = `killed after ${killAfterMs} ms`;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.once('error', (e) => {
      problem = `could not start: ${e.message}`;
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      const run: PollRun = {
        args,
        exitCode,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: Date.now() - started,
      };
      if (problem) run.problem = problem;
      resolve(run);
    });
  });
}

/** Runs at most `limit` tasks at a time, in submission order. */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = (): void => {
    if (active >= limit) return;
    const start = queue.shift();
    if (start) start();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        active++;
        task()
          .then(resolve, reject)
          .finally(() => {
            active--;
            next();
          });
      });
      next();
    });
}

/**
 * stdout must be exactly one JSON document (whitespace around it allowed): returns it, or throws an
 * error that quotes what else was there.
 */
export function parseSingleDocument(stdout: string): unknown {
  const text = stdout.trim();
  if (text === '') throw new Error('stdout is empty: expected one JSON document');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const head = text.length > 400 ? `${text.slice(0, 400)}…` : text;
    throw new Error(`stdout is not exactly one JSON document (${(error as Error).message}): ${head}`);
  }
}

/** A short human summary of a failed run for assertion messages. */
export function describeRun(run: PollRun): string {
  const lines = [
    `poll ${run.args.join(' ')}`,
    `exit ${run.exitCode ?? 'none'}${run.signal ? ` (signal ${run.signal})` : ''} after ${run.durationMs} ms`,
  ];
  if (run.problem) lines.push(`problem: ${run.problem}`);
  if (run.stderr.trim()) lines.push(`stderr: ${run.stderr.trim().slice(0, 2000)}`);
  return lines.join('\n');
}
