import type {
  IdentifyResponse,
  PollBatchResponse,
  SettingsCapabilitiesResponse,
  SettingsTarget,
} from '@fleetward/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../test/simulator/src/index';
import { FAMILY_IDS } from '../../../test/simulator/src/model/families';
import { startEdge, type RunningEdge } from '../main';

const TOKEN = 'polling-registry-token-0123456789';
const SNMP_PORT = 16_281;

/**
 * Polling and identify report the family driver the settings endpoints choose, through the real edge API (HTTPS on
 * 127.0.0.1) against one simulated device of every family (SNMP on 127.28.1.x); the readings are the generic ones.
 */
describe('edge poll and identify report the family driver (real edge, simulator)', () => {
  let sim: Simulator;
  let edge: RunningEdge;
  let dataDir: string;
  let dispatcher: Agent;

  const post = async <T>(route: string, body: unknown): Promise<T> => {
    const res = await fetch(`${edge.url}/api/${route}`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    expect(res.status, route).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'fleetward-edge-registry-'));
    sim = await startSimulator({
      devices: FAMILY_IDS.length,
      baseAddress: '127.28.1.1',
      port: SNMP_PORT,
      families: FAMILY_IDS,
    });
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
        FLEETWARD_EDGE_TOKEN: TOKEN,
        FLEETWARD_EDGE_DATA_DIR: dataDir,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
        FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '1500',
      },
      { logger: false },
    );
    dispatcher = new Agent({ connect: { ca: edge.certificate } });
  }, 60_000);

  afterAll(async () => {
    await dispatcher?.close();
    await edge?.close();
    await sim?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('every family: poll, identify and the settings capabilities name the same driver', async () => {
    const targets = sim.devices.map((d) => ({
      host: d.address,
      port: SNMP_PORT,
      snmp: { version: '2c' as const, community: 'public' },
    }));
    const polled = await post<PollBatchResponse>('v1/poll', { targets });
    const seen: Record<string, string> = {};
    for (const [i, device] of sim.devices.entries()) {
      const result = polled.results[i]!;
      if (!result.ok) throw new Error(`${device.address}: ${result.error.message}`);
      const identified = await post<IdentifyResponse>('v1/identify', { target: targets[i] });
      if (!identified.ok) throw new Error(`${device.address}: ${identified.error.message}`);
      const target: SettingsTarget = { ...targets[i]!, access: {} };
      const caps = await post<SettingsCapabilitiesResponse>('v1/settings/capabilities', { target });
      if (!caps.ok) throw new Error(`${device.address}: ${caps.error.message}`);
      expect(result.driver.id, device.family).toBe(caps.driver.id);
      expect(identified.driver, device.family).toEqual(result.driver);
      // The family driver reads the device the generic way: the same counters and supplies the simulator serves.
      expect(result.counters.total, device.family).toBe(device.model.counters.total);
      expect(result.supplies.length, device.family).toBeGreaterThan(0);
      seen[device.family] = result.driver.id;
    }
    expect(seen).toEqual({
      'i-series': 'i-series-xml-api',
      'oem-4000i': 'konica-snmp-set',
      c3100i: 'c3100i-webdav',
      p4700: 'konica-snmp-set',
      'smb-287': 'smb-287-share',
      generic: 'generic-printer-mib',
    });
  });
});
