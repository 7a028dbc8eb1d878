/**
 * Real devices: every recording in ../shared/fixtures/snmprec, served by Debian's snmpsimd on
 * 127.0.0.1:1161, polled through the `poll` command (a separate process, as a user runs it) and checked
 * against expectations written by reading each recording (expectations.ts). Skipped with a printed reason
 * when ../shared/fixtures or snmpsimd is absent.
 *
 *   npx vitest run --project integration test/real-devices
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDocument } from './compare';
import { COMMUNITY_OF, EXPECTATIONS, type RecordingExpectation } from './expectations';
import { createLimiter, describeRun, parseSingleDocument, POLL_CLI, type PollRun, runPoll } from './poll-runner';
import { findSnmpsimd, FIXTURES_DIR, listRecordings, type SnmpSim, startSnmpSim } from './snmpsim';

const SIM_PORT = 1161;
/**
 * The --targets test: four recordings, each on its own port (one snmpsimd each) under the one community
 * `targets`, plus the main simulator, which has no recording of that name and stays silent.
 */
const TARGETS_COMMUNITY = 'targets';
const TARGETS: { port: number; recording: string }[] = [
  { port: 1162, recording: 'konica_c250i.snmprec' },
  { port: 1163, recording: 'sharp.snmprec' },
  { port: 1164, recording: 'brother.snmprec' },
  { port: 1165, recording: 'xerox.snmprec' },
];
/** Polls in flight at once: each is a tsx process (CPU-bound start) and snmpsimd is single-threaded. */
const POLL_CONCURRENCY = 3;
const POLL_TIMEOUT_MS = 3000;

function skipReason(): string | null {
  if (!existsSync(FIXTURES_DIR)) return `skipped: ../shared/fixtures not present (looked in ${FIXTURES_DIR})`;
  if (!findSnmpsimd()) return 'skipped: snmpsimd not installed (apt-get install -y snmpsim)';
  return null;
}
const reason = skipReason();
if (reason) console.log(`[real-devices] ${reason}`);

const expectationOf = (file: string): RecordingExpectation => {
  const e = EXPECTATIONS.find((x) => x.file === file);
  if (!e) throw new Error(`no expectation for ${file}`);
  return e;
};

function assertMatches(exp: RecordingExpectation, doc: unknown, label: string): void {
  const { failures, notes } = compareDocument(exp, doc);
  for (const note of notes) console.log(`[real-devices] ${label}: note: ${note}`);
  expect(failures, `${label}: ${failures.length} mismatch(es):\n  ${failures.join('\n  ')}`).toEqual([]);
}

describe.skipIf(reason !== null)('real-printer recordings polled through the poll command', () => {
  let sim: SnmpSim | undefined;
  const runs = new Map<string, Promise<PollRun>>();

  beforeAll(async () => {
    expect(existsSync(POLL_CLI), `the poll command is missing: ${POLL_CLI}`).toBe(true);
    sim = await startSnmpSim({ port: SIM_PORT });
    if (sim.port !== SIM_PORT) console.log(`[real-devices] UDP ${SIM_PORT} busy: snmpsimd on ${sim.port}`);
    const limit = createLimiter(POLL_CONCURRENCY);
    const { host, port } = sim;
    // Start every poll now, a few at a time; each test awaits its own.
    for (const exp of EXPECTATIONS) {
      const args = ['--host', host, '--port', String(port), '--community', COMMUNITY_OF(exp.file)];
      runs.set(
        exp.file,
        limit(() => runPoll([...args, '--timeout', String(POLL_TIMEOUT_MS)])),
      );
    }
  });

  afterAll(async () => {
    await Promise.allSettled(runs.values());
    await sim?.stop();
  });

  it('has exactly one expectation per recording', () => {
    const files = listRecordings();
    const expected = EXPECTATIONS.map((e) => e.file).sort();
    expect(expected).toEqual(files);
  });

  for (const exp of EXPECTATIONS) {
    const quirk = exp.quirks.length > 70 ? `${exp.quirks.slice(0, 70)}…` : exp.quirks;
    it(`${exp.file} — ${quirk}`, { timeout: 180_000 }, async () => {
      const run = await runs.get(exp.file)!;
      expect(run.exitCode, describeRun(run)).toBe(0);
      expect(run.stderr, describeRun(run)).toBe('');
      assertMatches(exp, parseSingleDocument(run.stdout), exp.file);
    });
  }

  it(
    '--targets polls several devices in one process: one document per line, failures as documents (warm second sweep)',
    { timeout: 180_000 },
    async () => {
      const sims: SnmpSim[] = [];
      const dir = mkdtempSync(path.join(tmpdir(), 'fleetward-targets-'));
      try {
        for (const t of TARGETS) {
          const s = await startSnmpSim({
            port: t.port,
            serve: [{ community: TARGETS_COMMUNITY, recording: t.recording }],
          });
          sims.push(s);
          expect(s.port, `UDP ${t.port} is taken`).toBe(t.port);
        }
        const file = path.join(dir, 'targets.txt');
        const lines = [...TARGETS.map((t) => `${sim!.host}:${t.port}`), `${sim!.host}:${sim!.port}`];
        writeFileSync(file, `${lines.join('\n')}\n`);
        const run = await runPoll(
          [
            '--targets',
            file,
            '--community',
            TARGETS_COMMUNITY,
            '--concurrency',
            '4',
            '--timeout',
            '1500',
            '--retries',
            '0',
            // The documents printed are the second sweep's: warm polls (chained GETNEXT of the rows seen before).
            '--sweeps',
            '2',
          ],
          120_000,
        );
        expect(run.exitCode, describeRun(run)).toBe(0);
        expect(run.stderr.trim(), 'a summary on stderr').not.toBe('');
        const docs = run.stdout
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map(
            (l) => parseSingleDocument(l) as { ok?: unknown; target?: { port?: unknown }; error?: { code?: unknown } },
          );
        expect(docs.length, run.stdout).toBe(lines.length);
        for (const t of TARGETS) {
          const doc = docs.find((d) => d.target?.port === t.port);
          expect(doc, `no document for port ${t.port}`).toBeDefined();
          assertMatches(expectationOf(t.recording), doc, `--targets ${t.recording} on port ${t.port}`);
        }
        const silent = docs.find((d) => d.target?.port === sim!.port);
        expect(silent?.ok, 'the port that never answers').toBe(false);
        expect(silent?.error?.code).toBe('timeout');
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await Promise.all(sims.map((s) => s.stop()));
      }
    },
  );

  it(
    'an unknown community (snmpsimd stays silent) exits 2 with a one-line reason on stderr',
    { timeout: 60_000 },
    async () => {
      const run = await runPoll([
        '--host',
        sim!.host,
        '--port',
        String(sim!.port),
        '--community',
        'no_such_recording',
        '--timeout',
        '500',
        '--retries',
        '0',
      ]);
      expect(run.exitCode, describeRun(run)).toBe(2);
      const stderr = run.stderr.replace(/\n$/, '');
      expect(stderr, 'a reason on stderr').not.toBe('');
      expect(stderr.includes('\n'), `one line only, got: ${JSON.stringify(run.stderr)}`).toBe(false);
      expect(stderr.toLowerCase()).toMatch(/time ?out|timed out|no answer|unreachable/);
      // stdout: nothing, or one failed-poll document — never a snapshot.
      if (run.stdout.trim() !== '') {
        expect((parseSingleDocument(run.stdout) as { ok?: unknown }).ok).toBe(false);
      }
      // The community is a secret: never echoed.
      expect(run.stderr + run.stdout).not.toContain('no_such_recording');
    },
  );
});
