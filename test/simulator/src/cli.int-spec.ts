import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NET_SNMP_AVAILABLE, parseValues, runNetSnmp } from './snmp/net-snmp-tools';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

if (!NET_SNMP_AVAILABLE) console.log('skipped: Net-SNMP snmpget not installed (apt-get install -y snmp)');

describe.skipIf(!NET_SNMP_AVAILABLE)('npm run sim (cli.ts)', () => {
  it('prints the addresses it serves, answers SNMP and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      TSX,
      [
        'test/simulator/src/cli.ts',
        '--devices',
        '3',
        '--base-address',
        '127.2.2.1',
        '--port',
        '16181',
        '--control-port',
        '0',
        '--tick-ms',
        '0',
        '--no-auto-faults',
        '--families',
        'generic,i-series',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!stdout.includes('Control API:') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(stdout, stderr).toContain('Control API: http://127.0.0.1:');
      const lines = stdout.split('\n').filter((l) => l.startsWith('127.2.2.'));
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^127\.2\.2\.1:16181 generic Generic Color Laser CL-\d+ GX\d+$/);
      expect(lines[1]).toMatch(/^127\.2\.2\.2:16181 i-series bizhub C\d+i AA2M\d+$/);

      const result = await runNetSnmp('snmpget', [
        '-v2c',
        '-c',
        'public',
        '-On',
        '-Oq',
        '127.2.2.2:16181',
        '1.3.6.1.2.1.1.1.0',
      ]);
      expect(parseValues(result.stdout).get('1.3.6.1.2.1.1.1.0')).toMatch(/^KONICA MINOLTA bizhub C\d+i$/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain('SIGTERM: stopping 3 devices');
  });

  it('refuses a bad option with the usage and exit code 1', async () => {
    const child = spawn(TSX, ['test/simulator/src/cli.ts', '--families', 'laserjet'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('unknown families: laserjet');
    expect(stderr).toContain('Usage: npm run sim');
  });
});
