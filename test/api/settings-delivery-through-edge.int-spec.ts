import type {
  CaptureTemplateResponse,
  DeliveryDetailResponse,
  DeviceSettingsCapabilitiesResponse,
  DriftResultResponse,
  TemplateAssignmentResponse,
  TemplateResponse,
} from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, type RunningEdge } from '../../edge/src/main';
import { DeliveryRunner } from '../../server/src/modules/deliveries/delivery-runner';
import { DriftService } from '../../server/src/modules/deliveries/drift.service';
import { startSimulator, type SimulatedDevice, type Simulator } from '../simulator/src/index';
import { FakeClock, startTestServer, type TestServer } from '../support';
import { connectEdgeByToken, expectStatus } from './access-helpers';

const SNMP_PORT = 16_424;
const READ = { version: '2c', community: 'public' } as const;
const WRITE = { version: '2c', community: 'fw-write' } as const;
const FAMILIES = ['i-series', 'oem-4000i', 'p4700'] as const;
const NEW_PASSWORD = 'Rotated-Admin-2026!';

/**
 * Settings delivery end to end over real sockets: the real server (SQLite, or PostgreSQL with DATABASE_URL), the
 * real edge (HTTPS on 127.0.0.1, pinned certificate) and 20 simulated devices of three families on
 * 127.24.1.1-20 (i-series over the vendor XML API on HTTPS, oem-4000i and p4700 over SNMP SET). Clock injected;
 * the runner's and the drift check's loops are off: the test calls `runDue(now)`.
 */
describe('settings delivery through the edge (server + edge + simulator)', () => {
  const clock = new FakeClock('2026-06-01T08:00:00.000Z');
  const token = `edge-token-${randomBytes(12).toString('hex')}`;
  let edgeDir: string;
  let edge: RunningEdge;
  let sim: Simulator;
  /** One standards-only printer (MIB-II identity settings only) beside the fleet, in a group of its own. */
  let printerSim: Simulator;
  let printer: { id: string; sim: SimulatedDevice };
  let printerGroupId: string;
  let server: TestServer;
  let admin: string;
  let groupId: string;
  const devices: { id: string; sim: SimulatedDevice }[] = [];
  const runner = () => server.server.app.get(DeliveryRunner);

  const deliveryOf = async (id: string) =>
    expectStatus(
      await server.request<DeliveryDetailResponse>('GET', `/api/v1/deliveries/${id}?pageSize=100`, { token: admin }),
      200,
      'delivery',
    );

  beforeAll(async () => {
    edgeDir = mkdtempSync(path.join(tmpdir(), 'fleetward-edge-settings-'));
    sim = await startSimulator({
      devices: 20,
      baseAddress: '127.24.1.1',
      port: SNMP_PORT,
      families: Array.from({ length: 20 }, (_, i) => FAMILIES[i % 3]!),
      communities: ['public', { name: 'fw-write', access: 'read-write' }],
      xmlApi: { port: 0, tlsPort: 0 },
    });
    printerSim = await startSimulator({
      devices: 1,
      baseAddress: '127.24.1.40',
      port: SNMP_PORT,
      families: ['generic'],
      communities: ['public', { name: 'fw-write', access: 'read-write' }],
    });
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
        FLEETWARD_EDGE_TOKEN: token,
        FLEETWARD_EDGE_DATA_DIR: edgeDir,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
        FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '800',
        FLEETWARD_EDGE_SNMP_RETRIES: '0',
      },
      { logger: false },
    );
    server = await startTestServer({
      clock,
      env: { FLEETWARD_POLL_TICK_SECONDS: '0', FLEETWARD_DELIVERY_TICK_SECONDS: '0', FLEETWARD_JWT_TTL: '86400' },
    });
    admin = await server.loginAsAdmin();
    const edgeId = await connectEdgeByToken(server, admin, 'Site E2E', {
      url: edge.url,
      token: token,
      caPem: edge.certificate,
    });
    groupId = expectStatus(
      await server.request<{ id: string }>('POST', '/api/v1/device-groups', { token: admin, body: { name: 'Fleet' } }),
      201,
      'group',
    ).id;
    for (const device of sim.devices) {
      const created = expectStatus(
        await server.request<{ id: string }>('POST', '/api/v1/devices', {
          token: admin,
          body: {
            name: `mfp-${device.address}`,
            address: device.address,
            port: SNMP_PORT,
            edgeId,
            groupIds: [groupId],
            snmp: READ,
            adminPassword: 'fleetward-admin',
          },
        }),
        201,
        'device',
      );
      const access = device.xmlApi
        ? { xmlApi: { tls: true, port: device.xmlApi.tlsPort, caPem: sim.deviceCertificatePem } }
        : { snmpWrite: WRITE };
      expectStatus(
        await server.request('PUT', `/api/v1/devices/${created.id}/settings-access`, { token: admin, body: access }),
        200,
        'settings access',
      );
      devices.push({ id: created.id, sim: device });
    }
    printerGroupId = expectStatus(
      await server.request<{ id: string }>('POST', '/api/v1/device-groups', {
        token: admin,
        body: { name: 'Printers' },
      }),
      201,
      'printer group',
    ).id;
    const printerId = expectStatus(
      await server.request<{ id: string }>('POST', '/api/v1/devices', {
        token: admin,
        body: {
          name: 'printer-generic',
          address: printerSim.devices[0]!.address,
          port: SNMP_PORT,
          edgeId,
          groupIds: [printerGroupId],
          snmp: READ,
        },
      }),
      201,
      'printer',
    ).id;
    expectStatus(
      await server.request('PUT', `/api/v1/devices/${printerId}/settings-access`, {
        token: admin,
        body: { snmpWrite: WRITE },
      }),
      200,
      'printer settings access',
    );
    printer = { id: printerId, sim: printerSim.devices[0]! };
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await edge?.close();
    await sim?.stop();
    await printerSim?.stop();
    if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
  });

  it("offers what the device's driver can do and captures a template from a device", async () => {
    const iSeries = devices[0]!;
    const caps = expectStatus(
      await server.request<DeviceSettingsCapabilitiesResponse>(
        'GET',
        `/api/v1/devices/${iSeries.id}/settings/capabilities`,
        { token: admin },
      ),
      200,
      'capabilities',
    );
    expect(caps.driver.family).toBe('i-series');
    expect(caps.settings).toContainEqual({ key: 'time.timeZone', read: true, write: true, transport: 'xml-api' });
    const captured = expectStatus(
      await server.request<CaptureTemplateResponse>('POST', '/api/v1/templates/capture', {
        token: admin,
        body: { deviceId: iSeries.id, name: 'Captured i-series' },
      }),
      201,
      'capture',
    );
    expect(captured.template.values['time.timeZone']).toBe(iSeries.sim.settings.peek('time.timeZone'));
    expect(captured.template.keys).not.toContain('security.adminPassword');
    // The demo's template: captured from one device (settings every family here can take), edited below.
    const demo = expectStatus(
      await server.request<CaptureTemplateResponse>('POST', '/api/v1/templates/capture', {
        token: admin,
        body: { deviceId: iSeries.id, name: 'Rotation', keys: ['identity.contact', 'time.timeZone'] },
      }),
      201,
      'capture demo',
    );
    expect(demo.template.keys.sort()).toEqual(['identity.contact', 'time.timeZone']);
  });

  it('rotates the admin password and the time zone on 20 devices of three families; an unreachable one succeeds on retry', async () => {
    const captured = expectStatus(
      await server.request<TemplateResponse[]>('GET', '/api/v1/templates', { token: admin }),
      200,
      'templates',
    ).find((t) => t.name === 'Rotation')!;
    // Change the admin password and the time zone in the captured template: a new version.
    const template = expectStatus(
      await server.request<TemplateResponse>('PATCH', `/api/v1/templates/${captured.id}`, {
        token: admin,
        body: {
          values: { ...captured.values, 'security.adminPassword': NEW_PASSWORD, 'time.timeZone': 'Europe/Paris' },
        },
      }),
      200,
      'edit template',
    );
    expect(template.version).toBe(2);
    const down = devices[4]!;
    down.sim.inject('unreachable');
    const created = expectStatus(
      await server.request<DeliveryDetailResponse>('POST', '/api/v1/deliveries', {
        token: admin,
        body: { templateId: template.id, groupIds: [groupId], retry: { maxAttempts: 2, backoffSeconds: 60 } },
      }),
      201,
      'deliver',
    );
    const first = await runner().runDue(clock.now());
    expect(first.sent).toEqual({ applied: 19, unreachable: 1 });
    let detail = await deliveryOf(created.id);
    expect(detail.counts).toMatchObject({ applied: 19, unreachable: 1 });
    expect(detail.devices.items.find((r) => r.deviceId === down.id)).toMatchObject({
      status: 'unreachable',
      errorCode: 'DEVICE_UNREACHABLE',
      attempts: 1,
    });
    for (const d of devices) {
      expect(d.sim.settings.verifyAdminPassword(NEW_PASSWORD), d.sim.address).toBe(d !== down);
      if (d !== down) expect(d.sim.settings.peek('time.timeZone')).toBe('Europe/Paris');
    }

    down.sim.clear('unreachable');
    clock.advance(61_000);
    expect((await runner().runDue(clock.now())).sent).toEqual({ applied: 1 });
    detail = await deliveryOf(created.id);
    expect(detail.status).toBe('completed');
    expect(detail.counts.applied).toBe(20);
    expect(down.sim.settings.verifyAdminPassword(NEW_PASSWORD)).toBe(true);
    expect(JSON.stringify(detail)).not.toContain(NEW_PASSWORD);
  }, 60_000);

  it('a scheduled delivery fires at its time (XML API signs in with the rotated password)', async () => {
    const template = expectStatus(
      await server.request<TemplateResponse>('POST', '/api/v1/templates', {
        token: admin,
        body: { name: 'Location', kind: 'admin', values: { 'identity.location': 'Building 7' } },
      }),
      201,
      'template',
    );
    const at = new Date(clock.now().getTime() + 3600_000).toISOString();
    const targets = [devices[0]!, devices[1]!];
    expectStatus(
      await server.request('POST', '/api/v1/deliveries', {
        token: admin,
        body: { templateId: template.id, deviceIds: targets.map((t) => t.id), schedule: { at } },
      }),
      201,
      'schedule',
    );
    expect((await runner().runDue(clock.now())).runsStarted).toBe(0);
    for (const t of targets) expect(t.sim.settings.peek('identity.location')).not.toBe('Building 7');
    clock.set(at);
    expect(await runner().runDue(clock.now())).toMatchObject({ runsStarted: 1, sent: { applied: 2 } });
    for (const t of targets) expect(t.sim.settings.peek('identity.location')).toBe('Building 7');
  }, 60_000);

  it('the drift check comes back clean, then finds a setting changed behind our back', async () => {
    const templates = expectStatus(
      await server.request<TemplateResponse[]>('GET', '/api/v1/templates', { token: admin }),
      200,
      'templates',
    );
    const rotation = templates.find((t) => t.name === 'Rotation')!;
    const assignment = expectStatus(
      await server.request<TemplateAssignmentResponse>('POST', '/api/v1/template-assignments', {
        token: admin,
        body: { templateId: rotation.id, groupIds: [groupId], everySeconds: 3600 },
      }),
      201,
      'assign',
    );
    const drift = server.server.app.get(DriftService);
    expect((await drift.runDue(clock.now())).byStatus).toEqual({
      inSync: 20,
      drifted: 0,
      unreadable: 0,
      notApplicable: 0,
    });
    const changed = devices[3]!;
    changed.sim.settings.changeLocally('time.timeZone', 'Asia/Tokyo');
    clock.advance(3600_000);
    expect((await drift.runDue(clock.now())).byStatus).toEqual({
      inSync: 19,
      drifted: 1,
      unreadable: 0,
      notApplicable: 0,
    });
    const results = expectStatus(
      await server.request<DriftResultResponse[]>('GET', `/api/v1/template-assignments/${assignment.id}/results`, {
        token: admin,
      }),
      200,
      'results',
    );
    expect(results.find((r) => r.status === 'drifted')).toMatchObject({
      deviceId: changed.id,
      differences: [{ key: 'time.timeZone', expected: 'Europe/Paris', actual: 'Asia/Tokyo' }],
    });
  }, 60_000);

  it('keys a device does not support are not applicable: the delivery applies the rest, the drift check is in sync', async () => {
    const template = expectStatus(
      await server.request<TemplateResponse>('POST', '/api/v1/templates', {
        token: admin,
        body: {
          name: 'Contact and zone',
          kind: 'admin',
          values: { 'identity.contact': 'IT desk 4411', 'time.timeZone': 'Europe/Paris' },
        },
      }),
      201,
      'template',
    );
    const created = expectStatus(
      await server.request<DeliveryDetailResponse>('POST', '/api/v1/deliveries', {
        token: admin,
        body: { templateId: template.id, groupIds: [printerGroupId] },
      }),
      201,
      'deliver',
    );
    expect((await runner().runDue(clock.now())).sent).toEqual({ applied: 1 });
    const row = (await deliveryOf(created.id)).devices.items[0]!;
    // The generic driver writes sysContact over SNMP SET and has no time zone: applied, the zone not applicable.
    expect(row).toMatchObject({ status: 'applied', errorCode: null });
    expect(row.outcomes).toEqual([
      { key: 'identity.contact', status: 'applied' },
      {
        key: 'time.timeZone',
        status: 'unsupported',
        code: 'UNSUPPORTED',
        message: 'not writable over SNMP on this device',
      },
    ]);
    expect(printer.sim.settings.peek('identity.contact')).toBe('IT desk 4411');

    const assignment = expectStatus(
      await server.request<TemplateAssignmentResponse>('POST', '/api/v1/template-assignments', {
        token: admin,
        body: { templateId: template.id, groupIds: [printerGroupId], everySeconds: 3600 },
      }),
      201,
      'assign',
    );
    const checkNow = async (id: string) =>
      expectStatus(
        await server.request<TemplateAssignmentResponse>('POST', `/api/v1/template-assignments/${id}/check`, {
          token: admin,
        }),
        200,
        'check now',
      );
    const checked = await checkNow(assignment.id);
    expect(checked).toMatchObject({
      counts: { inSync: 1, drifted: 0, unreadable: 0, notApplicable: 0 },
      notApplicableKeys: 1,
    });
    const [result] = expectStatus(
      await server.request<DriftResultResponse[]>('GET', `/api/v1/template-assignments/${assignment.id}/results`, {
        token: admin,
      }),
      200,
      'results',
    );
    expect(result).toMatchObject({
      deviceId: printer.id,
      status: 'inSync',
      differences: [],
      unreadable: [],
      notApplicable: [{ key: 'time.timeZone', reason: 'not supported by this driver' }],
    });
    // A change at the device of a key that applies is still drift.
    printer.sim.settings.changeLocally('identity.contact', 'someone else');
    expect((await checkNow(assignment.id)).counts).toEqual({
      inSync: 0,
      drifted: 1,
      unreadable: 0,
      notApplicable: 0,
    });

    // A template none of whose keys apply: the delivery is "unsupported", the drift check "not applicable".
    const zoneOnly = expectStatus(
      await server.request<TemplateResponse>('POST', '/api/v1/templates', {
        token: admin,
        body: { name: 'Zone only', kind: 'admin', values: { 'time.timeZone': 'Europe/Paris' } },
      }),
      201,
      'zone template',
    );
    const zoneDelivery = expectStatus(
      await server.request<DeliveryDetailResponse>('POST', '/api/v1/deliveries', {
        token: admin,
        body: { templateId: zoneOnly.id, deviceIds: [printer.id] },
      }),
      201,
      'deliver zone',
    );
    expect((await runner().runDue(clock.now())).sent).toEqual({ unsupported: 1 });
    expect((await deliveryOf(zoneDelivery.id)).devices.items[0]!.status).toBe('unsupported');
    const zoneCheck = expectStatus(
      await server.request<TemplateAssignmentResponse>('POST', '/api/v1/template-assignments', {
        token: admin,
        body: { templateId: zoneOnly.id, deviceIds: [printer.id], everySeconds: 3600 },
      }),
      201,
      'assign zone',
    );
    expect((await checkNow(zoneCheck.id)).counts).toEqual({
      inSync: 0,
      drifted: 0,
      unreadable: 0,
      notApplicable: 1,
    });
  }, 60_000);
});
