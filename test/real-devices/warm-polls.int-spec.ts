/**
 * Real devices, warm polls: every recording in ../shared/fixtures/snmprec served by snmpsimd (127.27.2.1) and polled
 * twice by the edge's DevicePoller on the v1/v2c request engine. The second (warm) poll takes the short path (one
 * GET, one chained GETNEXT of the rows seen before) and must give exactly the document of the first, cold poll
 * (walks and separate GETs). Skipped with a printed reason when the fixtures or snmpsimd are absent.
 */
import type { PollResult } from '@fleetward/contracts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevicePoller } from '../../edge/src/poller/device-poller';
import { SnmpClientPool } from '../../edge/src/poller/snmp-client-pool';
import { COMMUNITY_OF } from './expectations';
import { findSnmpsimd, FIXTURES_DIR, listRecordings, type SnmpSim, startSnmpSim } from './snmpsim';

const HOST = '127.27.2.1';
const haveFixtures = existsSync(FIXTURES_DIR) && listRecordings().length > 0;
const haveSnmpsim = findSnmpsimd() !== null;
if (!haveFixtures) console.log(`[real-devices] skipped: ${FIXTURES_DIR} not present`);
else if (!haveSnmpsim) console.log('[real-devices] skipped: snmpsimd not installed (apt-get install -y snmpsim)');

/** What may differ between two polls of an unchanged recording. */
function stable(r: PollResult): unknown {
  const { polledAt: _p, durationMs: _d, ...rest } = r;
  return JSON.parse(JSON.stringify(rest)) as unknown;
}

describe.skipIf(!haveFixtures || !haveSnmpsim)('real devices: warm poll equals cold poll (snmpsimd)', () => {
  let sim: SnmpSim;
  const recordings = haveFixtures ? listRecordings() : [];

  beforeAll(async () => {
    sim = await startSnmpSim({ host: HOST, port: 1161 });
  }, 120_000);

  afterAll(async () => {
    await sim?.stop();
  });

  it.each(recordings.map((r) => [path.basename(r)]))('%s', async (recording) => {
    const poller = new DevicePoller({ pool: new SnmpClientPool({ timeoutMs: 3000, retries: 1 }) });
    try {
      const target = {
        host: HOST,
        port: sim.port,
        snmp: { version: '2c' as const, community: COMMUNITY_OF(recording) },
      };
      const cold = await poller.poll(target);
      const warm = await poller.poll(target);
      expect(cold.ok, JSON.stringify(cold).slice(0, 300)).toBe(true);
      expect(stable(warm)).toEqual(stable(cold));
    } finally {
      poller.close();
    }
  });
});
