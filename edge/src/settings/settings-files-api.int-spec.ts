import type { SettingsApplyResponse, SettingsReadResponse, SettingsTarget } from '@fleetward/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatedDevice, type Simulator } from '../../../test/simulator/src/index';
import { attachSettingsFileFaces } from '../../../test/simulator/src/settings-files';
import { sambaAvailable, startSamba, type RunningSamba } from '../../../test/support/samba';
import { startEdge, type RunningEdge } from '../main';

const missing = sambaAvailable();
if (missing) console.warn(`skipping the settings-file API tests: ${missing}`);

const TOKEN = 'settings-files-token-0123456789';
const EDGE = '127.25.0.3';
const SNMP_PORT = 16_525;
const READ = { version: '2c', community: 'public' } as const;

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(missing !== null)('edge settings API: WebDAV-pull and SMB families (simulator, Samba)', () => {
  let sim: Simulator;
  let edge: RunningEdge;
  let samba: RunningSamba;
  let dataDir: string;
  let dispatcher: Agent;
  let c3100i: SimulatedDevice;
  let smb287: SimulatedDevice;
  let smb287b: SimulatedDevice;
  // Each smb-287 device has its own share, as real devices do.
  const shareOf = (d: SimulatedDevice) => samba.shares[d === smb287 ? 0 : 1]!;
  let faces: ReturnType<typeof attachSettingsFileFaces>;

  const post = async <T>(route: string, body: unknown): Promise<T> => {
    const res = await fetch(`${edge.url}/api/v1/settings/${route}`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const target = (d: SimulatedDevice, adminPassword = 'fleetward-admin'): SettingsTarget => ({
    host: d.address,
    port: SNMP_PORT,
    snmp: READ,
    access: {
      adminPassword,
      ...(d.family === 'smb-287'
        ? { smb: { share: shareOf(d).unc, user: samba.user, password: samba.password, port: samba.port } }
        : {}),
    },
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'fw-edge-settings-files-'));
    samba = await startSamba({ shares: ['mfp-a', 'mfp-b'] });
    sim = await startSimulator({
      devices: 3,
      baseAddress: '127.25.5.1',
      port: SNMP_PORT,
      families: ['c3100i', 'smb-287', 'smb-287'],
      communities: ['public'],
    });
    [c3100i, smb287, smb287b] = sim.devices as [SimulatedDevice, SimulatedDevice, SimulatedDevice];
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: EDGE,
        FLEETWARD_EDGE_TOKEN: TOKEN,
        FLEETWARD_EDGE_DATA_DIR: dataDir,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
        FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '1500',
        FLEETWARD_EDGE_SNMP_RETRIES: '0',
        FLEETWARD_EDGE_WEBDAV_PORT: String(await freePort(EDGE)),
        FLEETWARD_EDGE_SETTINGS_PULL_TIMEOUT_MS: '15000',
        FLEETWARD_EDGE_SETTINGS_RESULT_TIMEOUT_MS: '15000',
      },
      { logger: false },
    );
    dispatcher = new Agent({ connect: { ca: edge.certificate, servername: 'localhost' } });
    // The devices' settings-file faces, on the same settings stores as their SNMP agents.
    faces = attachSettingsFileFaces(sim.devices, {
      webdav: { url: edge.webdav!.url, ca: edge.certificate, intervalMs: 100 },
      smbDir: (d) => shareOf(d).dir,
      smbIntervalMs: 100,
    });
    expect([faces.pullers.length, faces.readers.length]).toEqual([1, 2]);
  });

  afterAll(async () => {
    await faces?.stop();
    await edge?.close();
    await sim?.stop();
    await samba?.stop();
    await dispatcher?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('picks the settings-file drivers and lists secrets as write-only', async () => {
    for (const [device, id, transport] of [
      [c3100i, 'c3100i-webdav', 'webdav'],
      [smb287, 'smb-287-share', 'smb'],
      [smb287b, 'smb-287-share', 'smb'],
    ] as const) {
      const caps = await post<{
        ok: true;
        driver: { id: string };
        settings: { key: string; read: boolean; transport: string }[];
      }>('capabilities', { target: target(device) });
      expect(caps.driver.id).toBe(id);
      expect(caps.settings.find((s) => s.key === 'security.adminPassword')).toMatchObject({ read: false, transport });
    }
  });

  it('rotates the admin password and sets the time zone on both families, once per operation id', async () => {
    for (const device of [c3100i, smb287, smb287b]) {
      const request = {
        operationId: `rotate-${device.address}`,
        target: target(device),
        settings: { 'security.adminPassword': 'Rotated-2026!', 'time.timeZone': 'Asia/Tokyo' },
      };
      const first = await post<SettingsApplyResponse>('apply', request);
      expect(first).toMatchObject({
        ok: true,
        replayed: false,
        settings: [
          { key: 'security.adminPassword', status: 'applied' },
          { key: 'time.timeZone', status: 'applied' },
        ],
      });
      expect(device.settings.peek('security.adminPassword')).toBe('Rotated-2026!');
      expect(device.settings.peek('time.timeZone')).toBe('Asia/Tokyo');
      const writes = device.settings.applyCount;
      const again = await post<SettingsApplyResponse>('apply', request);
      expect(again).toMatchObject({ ok: true, replayed: true });
      expect(device.settings.applyCount).toBe(writes);

      const read = await post<SettingsReadResponse>('read', {
        target: target(device, 'Rotated-2026!'),
        keys: ['time.timeZone'],
      });
      expect(read).toMatchObject({ ok: true, settings: [{ key: 'time.timeZone', status: 'ok', value: 'Asia/Tokyo' }] });
    }
  });

  it("reports a wrong admin password as the device's refusal on both families", async () => {
    for (const device of [c3100i, smb287]) {
      const before = device.settings.applyCount;
      const res = await post<SettingsApplyResponse>('apply', {
        operationId: `wrong-password-${device.address}`,
        target: target(device, 'not-the-password'),
        settings: { 'time.timeZone': 'Europe/Berlin' },
      });
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'DEVICE_AUTH_FAILED' },
        settings: [{ key: 'time.timeZone', status: 'failed' }],
      });
      expect(device.settings.applyCount).toBe(before);
    }
  });
});
