#!/usr/bin/env node
// Runs every test suite (unit, integration, e2e, console unit tests) and ends with one line
// `N passed, N failed, N skipped`. Exit code 0 only when nothing failed.
// DATABASE_URL selects the database for integration and e2e tests (absent: SQLite files).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv.slice(2);
const suites = ['unit', 'web', 'integration', 'e2e'].filter((s) => only.length === 0 || only.includes(s));

// The browser test serves the built console: build it first unless told not to (CI builds it once).
if (suites.includes('e2e') && process.env.FLEETWARD_SKIP_WEB_BUILD !== '1') {
  console.log('=== building the console (npm run build:web) ===');
  const b = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) {
    console.error('the console build failed');
    console.log('\n0 passed, 1 failed, 0 skipped');
    process.exit(1);
  }
}
const out = mkdtempSync(path.join(tmpdir(), 'fleetward-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let runnerFailed = false;

function count(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests ?? 0,
    failed:
      (report.numFailedTests ?? 0) +
      (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

for (const suite of suites) {
  const file = path.join(out, `${suite}.json`);
  console.log(
    `\n=== ${suite} tests (${suite === 'web' ? 'console' : process.env.DATABASE_URL ? 'DATABASE_URL set' : 'SQLite'}) ===`,
  );
  // The console's unit tests run through the Angular CLI (Vitest underneath); the rest through Vitest directly.
  const r =
    suite === 'web'
      ? spawnSync(
          'npx',
          ['ng', 'test', '--watch=false', '--reporters=json', '--reporters=default', `--output-file=${file}`],
          {
            cwd: path.join(root, 'web'),
            stdio: 'inherit',
            env: { ...process.env, TZ: 'UTC' },
          },
        )
      : spawnSync(
          'npx',
          [
            'vitest',
            'run',
            '--project',
            suite,
            '--passWithNoTests',
            '--reporter=default',
            '--reporter=json',
            `--outputFile.json=${file}`,
          ],
          { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } },
        );
  const c = count(file);
  if (!c) {
    console.error(`${suite}: the test runner produced no report (exit ${r.status})`);
    runnerFailed = true;
    totals.failed += 1;
    continue;
  }
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  if (r.status !== 0 && c.failed === 0) {
    console.error(`${suite}: the test runner exited with ${r.status}`);
    runnerFailed = true;
    totals.failed += 1;
  }
}

if (process.env.FLEETWARD_TEST_SUMMARY) writeFileSync(process.env.FLEETWARD_TEST_SUMMARY, JSON.stringify(totals));
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || runnerFailed ? 1 : 0);
