import type { DeliveryDetailResponse, DriftResultResponse, TemplateResponse } from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, type RunningEdge } from '../../edge/src/main';
import { DeliveryRunner } from '../../server/src/modules/deliveries/delivery-runner';
import { DriftService } from '../../server/src/modules/deliveries/drift.service';
import { startSimulator, type SimulatedDevice, type Simulator } from '../simulator/src/index';
import { SmbShareSettingsReader, WebDavSettingsPuller } from '../simulator/src/settings-files';
import { FakeClock, startTestServer, type TestServer } from '../support';
import { startSamba, type RunningSamba } from '../support/samba';
import { connectEdgeByToken, expectStatus } from './access-helpers';

const SNMP_PORT = 16_426;
const NEW_PASSWORD = 'Files-Rotated-2026!';

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

/**
 * Deliveries through the settings-file families end to end: the real server, the real edge (HTTPS and its WebDAV
 * drop on 127.0.0.1), a simulated c3100i that pulls its encrypted settings file from the drop, and a simulated
 * smb-287 that reads its share on a private Samba (Debian smbd on loopback). The SMB account is stored on the
 * server as the device's settings access (encrypted) and sent to the edge with each apply.
 */
describe('settings delivery through WebDAV pull and SMB (server + edge + simulator + Samba)', () => {
  const clock = new FakeClock('2026-07-01T08:00:00.000Z');
  const token = `edge-token-${randomBytes(12).toString('hex')}`;
  let edgeDir: string;
  let edge: RunningEdge;
  let sim: Simulator;
  let samba: RunningSamba;
  let puller: WebDavSettingsPuller;
  let reader: SmbShareSettingsReader;
  let server: TestServer;
  let admin: string;
  let groupId: string;
  const devices: { id: string; sim: SimulatedDevice }[] = [];

  beforeAll(async () => {
    edgeDir = mkdtempSync(path.join(tmpdir(), 'fleetward-edge-files-'));
    samba = await startSamba();
    sim = await startSimulator({
      devices: 2,
      baseAddress: '127.24.2.1',
      port: SNMP_PORT,
      families: ['c3100i', 'smb-287'],
      communities: ['public'],
    });
    const [c3100i, smb287] = sim.devices as [SimulatedDevice, SimulatedDevice];
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
        FLEETWARD_EDGE_TOKEN: token,
        FLEETWARD_EDGE_DATA_DIR: edgeDir,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
        FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '1500',
        FLEETWARD_EDGE_SNMP_RETRIES: '0',
        FLEETWARD_EDGE_WEBDAV_PORT: String(await freePort('127.0.0.1')),
        FLEETWARD_EDGE_SETTINGS_PULL_TIMEOUT_MS: '15000',
        FLEETWARD_EDGE_SETTINGS_RESULT_TIMEOUT_MS: '15000',
      },
      { logger: false },
    );
    puller = new WebDavSettingsPuller({
      url: edge.webdav!.url,
      ca: edge.certificate,
      localAddress: c3100i.address,
      store: c3100i.settings,
      serial: c3100i.state.identity.serialNumber,
      intervalMs: 100,
    });
    reader = new SmbShareSettingsReader({
      dir: samba.dir,
      store: smb287.settings,
      address: smb287.address,
      serial: smb287.state.identity.serialNumber,
      intervalMs: 100,
    });
    puller.start();
    reader.start();
    server = await startTestServer({
      clock,
      env: { FLEETWARD_POLL_TICK_SECONDS: '0', FLEETWARD_DELIVERY_TICK_SECONDS: '0', FLEETWARD_JWT_TTL: '86400' },
    });
    admin = await server.loginAsAdmin();
    const edgeId = await connectEdgeByToken(server, admin, 'Files site', {
      url: edge.url,
      token: token,
      caPem: edge.certificate,
    });
    groupId = expectStatus(
      await server.request<{ id: string }>('POST', '/api/v1/device-groups', { token: admin, body: { name: 'Files' } }),
      201,
      'group',
    ).id;
    for (const device of sim.devices) {
      const created = expectStatus(
        await server.request<{ id: string }>('POST', '/api/v1/devices', {
          token: admin,
          body: {
            name: `mfp-${device.family}`,
            address: device.address,
            port: SNMP_PORT,
            edgeId,
            groupIds: [groupId],
            snmp: { version: '2c', community: 'public' },
            adminPassword: 'fleetward-admin',
          },
        }),
        201,
        'device',
      );
      if (device.family === 'smb-287') {
        expectStatus(
          await server.request('PUT', `/api/v1/devices/${created.id}/settings-access`, {
            token: admin,
            body: { smb: { share: samba.unc, user: samba.user, password: samba.password, port: samba.port } },
          }),
          200,
          'smb access',
        );
      }
      devices.push({ id: created.id, sim: device });
    }
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await puller?.stop();
    await reader?.stop();
    await edge?.close();
    await sim?.stop();
    await samba?.stop();
    if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
  });

  it('rotates the admin password and the time zone on both families, then the drift check is clean', async () => {
    const template = expectStatus(
      await server.request<TemplateResponse>('POST', '/api/v1/templates', {
        token: admin,
        body: {
          name: 'Files rotation',
          kind: 'admin',
          values: { 'security.adminPassword': NEW_PASSWORD, 'time.timeZone': 'America/Chicago' },
        },
      }),
      201,
      'template',
    );
    const created = expectStatus(
      await server.request<DeliveryDetailResponse>('POST', '/api/v1/deliveries', {
        token: admin,
        body: { templateId: template.id, groupIds: [groupId] },
      }),
      201,
      'deliver',
    );
    const summary = await server.server.app.get(DeliveryRunner).runDue(clock.now());
    expect(summary.sent).toEqual({ applied: 2 });
    const detail = expectStatus(
      await server.request<DeliveryDetailResponse>('GET', `/api/v1/deliveries/${created.id}`, { token: admin }),
      200,
      'delivery',
    );
    expect(detail.status).toBe('completed');
    for (const d of devices) {
      expect(d.sim.settings.verifyAdminPassword(NEW_PASSWORD), d.sim.family).toBe(true);
      expect(d.sim.settings.peek('time.timeZone')).toBe('America/Chicago');
    }

    const assignment = expectStatus(
      await server.request<{ id: string }>('POST', '/api/v1/template-assignments', {
        token: admin,
        body: { templateId: template.id, groupIds: [groupId], everySeconds: 3600 },
      }),
      201,
      'assign',
    );
    const drift = await server.server.app.get(DriftService).runDue(clock.now());
    const results = expectStatus(
      await server.request<DriftResultResponse[]>('GET', `/api/v1/template-assignments/${assignment.id}/results`, {
        token: admin,
      }),
      200,
      'results',
    );
    expect(drift.byStatus, JSON.stringify(results)).toEqual({ inSync: 2, drifted: 0, unreadable: 0, notApplicable: 0 });
  }, 90_000);
});
