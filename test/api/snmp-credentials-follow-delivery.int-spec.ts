import type {
  AuditEntryResponse,
  DeliveryDetailResponse,
  DeviceDetailResponse,
  ErrorResponse,
  Page,
  TemplateResponse,
} from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, type RunningEdge } from '../../edge/src/main';
import { DeliveryRunner } from '../../server/src/modules/deliveries/delivery-runner';
import { PollingScheduler } from '../../server/src/modules/polling/polling-scheduler';
import { DEFAULT_V3_USER, startSimulator, type SimulatedDevice, type Simulator } from '../simulator/src/index';
import { NET_SNMP_AVAILABLE, runNetSnmp } from '../simulator/src/snmp/net-snmp-tools';
import { FakeClock, startTestServer, type TestServer } from '../support';
import { connectEdgeByToken, expectStatus } from './access-helpers';

const SNMP_PORT = 16_282;
const NEW_COMMUNITY = `fw-rotated-${randomBytes(4).toString('hex')}`;
const NEW_AUTH_KEY = 'Rotated-Auth-Key-2026';
const NEW_PRIV_KEY = 'Rotated-Priv-Key-2026';
const SYS_DESCR = '1.3.6.1.2.1.1.1.0';

if (!NET_SNMP_AVAILABLE) console.log('skipped: Net-SNMP snmpget not installed (apt-get install -y snmp)');

/**
 * A delivery that changes the SNMP credentials Fleetward itself polls with (docs/decisions/0021), end to end over
 * real sockets: the real server (SQLite, or PostgreSQL with DATABASE_URL), the real edge (HTTPS on 127.0.0.1) and
 * three simulated i-series MFPs on 127.28.2.x (SNMP, vendor XML API over HTTPS) whose SNMP agents take the delivered
 * credentials as a real device does. Net-SNMP's `snmpget` is the independent manager that checks what the devices
 * answer. Clock injected; the scheduler's and the runner's loops are off: the test calls them.
 */
describe.skipIf(!NET_SNMP_AVAILABLE)('SNMP credentials follow a delivered setting (server + edge + simulator)', () => {
  const clock = new FakeClock('2026-08-03T08:00:00.000Z');
  const token = `edge-token-${randomBytes(12).toString('hex')}`;
  let edgeDir: string;
  let edge: RunningEdge;
  let sim: Simulator;
  let server: TestServer;
  let admin: string;
  let groupId: string;
  const devices: { id: string; sim: SimulatedDevice; version: '2c' | '3' }[] = [];

  const get = async <T>(url: string) =>
    expectStatus(await server.request<T>('GET', `/api/v1${url}`, { token: admin }), 200, url);
  const snmpget = (device: SimulatedDevice, auth: string[]) =>
    runNetSnmp('snmpget', [...auth, '-On', '-Oq', '-t', '1', '-r', '0', `${device.address}:${SNMP_PORT}`, SYS_DESCR]);
  const v3Auth = (authKey: string, privKey: string) => [
    '-v3',
    '-l',
    'authPriv',
    '-u',
    DEFAULT_V3_USER.name,
    '-a',
    'SHA',
    '-A',
    authKey,
    '-x',
    'AES',
    '-X',
    privKey,
  ];

  beforeAll(async () => {
    edgeDir = mkdtempSync(path.join(tmpdir(), 'fleetward-edge-follow-'));
    sim = await startSimulator({
      devices: 3,
      baseAddress: '127.28.2.1',
      port: SNMP_PORT,
      families: ['i-series'],
      xmlApi: { port: 0, tlsPort: 0 },
    });
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
        FLEETWARD_EDGE_TOKEN: token,
        FLEETWARD_EDGE_DATA_DIR: edgeDir,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
        FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '1000',
        FLEETWARD_EDGE_SNMP_RETRIES: '0',
      },
      { logger: false },
    );
    server = await startTestServer({
      clock,
      env: { FLEETWARD_POLL_TICK_SECONDS: '0', FLEETWARD_DELIVERY_TICK_SECONDS: '0', FLEETWARD_JWT_TTL: '86400' },
    });
    admin = await server.loginAsAdmin();
    const edgeId = await connectEdgeByToken(server, admin, 'Follow site', {
      url: edge.url,
      token,
      caPem: edge.certificate,
    });
    groupId = expectStatus(
      await server.request<{ id: string }>('POST', '/api/v1/device-groups', { token: admin, body: { name: 'Tokyo' } }),
      201,
      'group',
    ).id;
    for (const [i, device] of sim.devices.entries()) {
      const version = i < 2 ? '2c' : '3';
      const created = expectStatus(
        await server.request<{ id: string }>('POST', '/api/v1/devices', {
          token: admin,
          body: {
            name: `mfp-${i + 1}`,
            address: device.address,
            port: SNMP_PORT,
            edgeId,
            groupIds: [groupId],
            snmp:
              version === '2c'
                ? { version: '2c', community: 'public' }
                : {
                    version: '3',
                    user: DEFAULT_V3_USER.name,
                    level: 'authPriv',
                    authProtocol: 'sha',
                    authKey: DEFAULT_V3_USER.authKey,
                    privProtocol: 'aes',
                    privKey: DEFAULT_V3_USER.privKey,
                  },
            adminPassword: 'fleetward-admin',
          },
        }),
        201,
        'device',
      );
      expectStatus(
        await server.request('PUT', `/api/v1/devices/${created.id}/settings-access`, {
          token: admin,
          body: { xmlApi: { tls: true, port: device.xmlApi!.tlsPort, caPem: sim.deviceCertificatePem } },
        }),
        200,
        'settings access',
      );
      devices.push({ id: created.id, sim: device, version });
    }
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await edge?.close();
    await sim?.stop();
    if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
  });

  it('a template that would turn off the SNMP version Fleetward polls with is refused, unless accepted', async () => {
    const template = expectStatus(
      await server.request<TemplateResponse>('POST', '/api/v1/templates', {
        token: admin,
        body: { name: 'v3 only', kind: 'admin', values: { 'snmp.v1v2cEnabled': false } },
      }),
      201,
      'template',
    );
    const refused = await server.request<ErrorResponse>('POST', '/api/v1/deliveries', {
      token: admin,
      body: { templateId: template.id, groupIds: [groupId] },
    });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe('DELIVERY_CUTS_OFF_ACCESS');
    expect(refused.body.message).toContain('mfp-1: turns SNMP v1/v2c off, which Fleetward polls this device with');
    // The v3-polled device keeps its access: only the v2c ones are named.
    expect(refused.body.details?.map((d) => d.field).sort()).toEqual(
      devices
        .filter((d) => d.version === '2c')
        .map((d) => `devices.${d.id}`)
        .sort(),
    );
    const accepted = expectStatus(
      await server.request<DeliveryDetailResponse>('POST', '/api/v1/deliveries', {
        token: admin,
        body: {
          templateId: template.id,
          groupIds: [groupId],
          acceptAccessLoss: true,
          schedule: { at: '2027-01-01T00:00:00Z' },
        },
      }),
      201,
      'accepted',
    );
    expect(accepted.acceptAccessLoss).toBe(true);
    expectStatus(
      await server.request('POST', `/api/v1/deliveries/${accepted.id}/cancel`, { token: admin }),
      200,
      'cancel',
    );
  });

  it('a delivered read community and v3 keys: the devices take them, the old ones are refused, the next poll uses the new ones', async () => {
    const scheduler = server.server.app.get(PollingScheduler);
    expect((await scheduler.runDuePolls(clock.now())).polled).toBe(3);
    for (const d of devices) expect((await get<DeviceDetailResponse>(`/devices/${d.id}`)).lastPoll?.outcome).toBe('ok');

    const template = expectStatus(
      await server.request<TemplateResponse>('POST', '/api/v1/templates', {
        token: admin,
        body: {
          name: 'SNMP rotation',
          kind: 'admin',
          values: {
            'snmp.readCommunity': NEW_COMMUNITY,
            'snmp.v3Users': [
              {
                name: DEFAULT_V3_USER.name,
                level: 'authPriv',
                authProtocol: 'sha',
                authKey: NEW_AUTH_KEY,
                privProtocol: 'aes',
                privKey: NEW_PRIV_KEY,
              },
            ],
          },
        },
      }),
      201,
      'template',
    );
    const delivery = expectStatus(
      await server.request<DeliveryDetailResponse>('POST', '/api/v1/deliveries', {
        token: admin,
        body: { templateId: template.id, groupIds: [groupId] },
      }),
      201,
      'deliver',
    );
    expect((await server.server.app.get(DeliveryRunner).runDue(clock.now())).sent).toEqual({ applied: 3 });
    const detail = await get<DeliveryDetailResponse>(`/deliveries/${delivery.id}?pageSize=100`);
    expect(detail.devices.items.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

    // The devices answer only the new credentials now (a wrong community is ignored: timeout).
    for (const d of devices) {
      const oldCommunity = await snmpget(d.sim, ['-v2c', '-c', 'public']);
      expect(oldCommunity.stderr + oldCommunity.stdout, d.sim.address).toMatch(/Timeout/);
      expect((await snmpget(d.sim, ['-v2c', '-c', NEW_COMMUNITY])).code, d.sim.address).toBe(0);
      const oldKeys = await snmpget(d.sim, v3Auth(DEFAULT_V3_USER.authKey, DEFAULT_V3_USER.privKey));
      expect(oldKeys.stderr, d.sim.address).toMatch(/Authentication failure/);
      expect((await snmpget(d.sim, v3Auth(NEW_AUTH_KEY, NEW_PRIV_KEY))).code, d.sim.address).toBe(0);
    }

    // The next scheduled poll of every device succeeds: with the new community, or the v3 user's new keys.
    clock.advance(3600_000);
    const polledAt = clock.now().toISOString();
    expect((await scheduler.runDuePolls(clock.now())).polled).toBe(3);
    for (const d of devices) {
      const page = await get<DeviceDetailResponse>(`/devices/${d.id}`);
      expect(page.lastPoll, d.sim.address).toMatchObject({ outcome: 'ok', at: polledAt });
      expect(page.snmp?.version).toBe(d.version);
    }

    // Stored encrypted, never in clear; each change audited with the delivery's operation, without the secret.
    const db = server.server.app.get(DataSource);
    const rows = await db.query<{ snmp_secret_encrypted: string }[]>(`SELECT snmp_secret_encrypted FROM devices`);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.snmp_secret_encrypted).not.toContain(NEW_COMMUNITY);
      expect(r.snmp_secret_encrypted).not.toContain(NEW_AUTH_KEY);
    }
    const audit = await get<Page<AuditEntryResponse>>('/audit?action=devices.follow-snmp-credentials&pageSize=100');
    expect(audit.items.map((e) => e.targetId).sort()).toEqual(devices.map((d) => d.id).sort());
    for (const entry of audit.items) {
      expect(entry).toMatchObject({
        method: 'SYSTEM',
        path: `/api/v1/deliveries/${delivery.id}`,
        outcome: 'success',
        targetType: 'devices',
      });
      expect(entry.correlationId).toBe(`dlv:${delivery.id}:1:${entry.targetId}:1`);
    }
    expect(JSON.stringify(audit)).not.toContain(NEW_COMMUNITY);
    expect(JSON.stringify(detail)).not.toContain(NEW_COMMUNITY);
  }, 90_000);
});
