import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSnmpd, snmpdAvailable, startSnmpd } from '../testing/snmpd';

const missing = snmpdAvailable();
if (missing) console.log(`skipped: poll/discover CLI integration tests need ${missing}`);

const ROOT = path.resolve(__dirname, '../../..');
const ADDRESS = '127.3.3.1';
const PORT = 16400;

function run(script: 'poll' | 'discover', args: string[]) {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), `edge/src/cli/${script}.cli.ts`, ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(missing !== null)('poll and discover commands', () => {
  let snmpd: RunningSnmpd;
  let dir: string;

  beforeAll(async () => {
    snmpd = await startSnmpd({
      address: ADDRESS,
      port: PORT,
      community: 'fwtest',
      users: [
        {
          name: 'fwuser',
          auth: { protocol: 'SHA', key: 'fleetward-auth-key' },
          priv: { protocol: 'AES', key: 'fleetward-priv-key' },
        },
      ],
    });
    dir = mkdtempSync(path.join(tmpdir(), 'fw-cli-'));
  });

  afterAll(async () => {
    await snmpd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints exactly one JSON document and exits 0', () => {
    const r = run('poll', ['--host', ADDRESS, '--port', String(PORT), '--community', 'fwtest']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { ok: boolean; identity: { sysDescr: string }; target: { port: number } };
    expect(doc).toMatchObject({ ok: true, identity: { sysDescr: 'Fleetward test snmpd' }, target: { port: PORT } });
  });

  it('polls over SNMPv3 authPriv', () => {
    const r = run('poll', [
      '--host',
      ADDRESS,
      '--port',
      String(PORT),
      '--user',
      'fwuser',
      '--auth-protocol',
      'sha',
      '--auth-key',
      'fleetward-auth-key',
      '--priv-protocol',
      'aes',
      '--priv-key',
      'fleetward-priv-key',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, target: { snmpVersion: '3' } });
  });

  it.each([
    [
      'a wrong community (timeout)',
      ['--community', 'wrong', '--timeout', '300', '--retries', '0'],
      /^poll failed: timeout: /,
    ],
    [
      'an unknown SNMPv3 user',
      ['--user', 'nobody', '--auth-key', 'whatever-key', '--priv-key', 'whatever-key'],
      /^poll failed: unknownUser: /,
    ],
    [
      'a wrong SNMPv3 auth key',
      ['--user', 'fwuser', '--auth-key', 'wrong-auth-key', '--priv-key', 'fleetward-priv-key'],
      /^poll failed: wrongAuthentication: /,
    ],
  ])('exits 2 with a one-line reason for %s', (_label, extra, reason) => {
    const r = run('poll', ['--host', ADDRESS, '--port', String(PORT), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(reason);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('whatever-key');
  });

  it('exits 1 on bad usage', () => {
    const r = run('poll', ['--port', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--port must be a whole number|--host or --targets/);
  });

  it('polls a targets file over several sweeps: one document per line of the last sweep, summary on stderr', () => {
    const file = path.join(dir, 'targets.txt');
    writeFileSync(file, `${ADDRESS}:${PORT}\n# comment\n127.3.3.9:${PORT}\n${ADDRESS}:${PORT}\n`);
    const r = run('poll', [
      '--targets',
      file,
      '--community',
      'fwtest',
      '--concurrency',
      '2',
      '--sweeps',
      '2',
      '--timeout',
      '300',
      '--retries',
      '0',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { ok: boolean; target: { host: string }; error?: { code: string } });
    expect(lines.map((d) => [d.target.host, d.ok])).toEqual([
      [ADDRESS, true],
      ['127.3.3.9', false],
      [ADDRESS, true],
    ]);
    expect(lines[1]!.error?.code).toBe('timeout');
    expect(r.stderr).toMatch(/polled 3 devices x 2 sweep\(s\).*ok 2, failed 1 \(timeout 1\)/);
  });

  it('discovers devices in a range', () => {
    const r = run('discover', [
      `${ADDRESS.replace(/\.1$/, '.0')}/30`,
      '--port',
      String(PORT),
      '--community',
      'nope',
      '--community',
      'fwtest',
      '--timeout',
      '300',
    ]);
    expect(r.code).toBe(0);
    const docs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { host: string; credentialIndex: number });
    expect(docs).toEqual([expect.objectContaining({ host: ADDRESS, credentialIndex: 1 })]);
    expect(r.stderr).toMatch(/scanned 2 addresses/);
  });
});
