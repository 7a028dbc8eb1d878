import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildRegistry, run } from '../process/children';
import { BENCH_V3_USER } from './snmpd-config';
import { startSnmpdFleet, walkDevice, type SnmpdFleet } from './snmpd-fleet';

const haveSnmpd =
  spawnSync('sh', ['-c', 'command -v snmpd && command -v snmpget && command -v snmpbulkwalk']).status === 0;
if (!haveSnmpd) console.log('skipped: snmpd/snmp not installed (apt-get install snmpd snmp)');

describe.skipIf(!haveSnmpd)('snmpd fleet over real UDP (127.4.250.x:16100)', () => {
  const children = new ChildRegistry();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'fleetward-bench-test-'));
  let fleet: SnmpdFleet | null = null;

  afterAll(async () => {
    await fleet?.stop();
    await children.stopAll();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('serves the printer data set on every address, v2c and v3 authPriv, one process per group of addresses', async () => {
    fleet = await startSnmpdFleet({
      devices: 6,
      baseAddress: '127.4.250.1',
      port: 16_100,
      perProcess: 4,
      workDir,
      children,
    });
    expect(fleet.plans.map((p) => p.addresses.length)).toEqual([4, 2]);
    expect(children.running).toBe(2);
    expect(await walkDevice('127.4.250.6', 16_100)).toBe(90);
    const v3 = await run('snmpget', [
      '-v3',
      '-l',
      'authPriv',
      '-u',
      BENCH_V3_USER.user,
      '-a',
      'SHA',
      '-A',
      BENCH_V3_USER.authKey,
      '-x',
      'AES',
      '-X',
      BENCH_V3_USER.privKey,
      '-Oqv',
      '127.4.250.5:16100',
      '1.3.6.1.2.1.43.5.1.1.17.1',
      '1.3.6.1.2.1.25.3.5.1.2.1',
    ]);
    expect(v3.code).toBe(0);
    // Process 2 serves addresses 5 and 6: its serial number and the lowPaper+lowToner error state.
    expect(v3.stdout.split('\n').slice(0, 2)).toEqual(['"A7PU0210002"', '"A0 00 "']);
    await fleet.stop();
    fleet = null;
    expect(children.running).toBe(0);
  });
});
