import type {
  AlertResponse,
  CaptureTemplateResponse,
  DeliveryDetailResponse,
  DeviceDetailResponse,
  DeviceGroupResponse,
  DeviceListItemResponse,
  DeviceSettingsAccessResponse,
  DriftResultResponse,
  EdgeDetailResponse,
  EdgeSummaryResponse,
  LoginResponse,
  Page,
  TemplateAssignmentResponse,
  TemplateResponse,
} from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EDGE_NAME, DEMO_GROUPS, startDemo, type RunningDemo } from './demo';
import { SMB_MISSING_LINE } from './demo-samba';

const ADMIN_PASSWORD = 'Demo-Test-Admin-Pass-1!';
/** 13 devices: every family of the simulator's mix, and "Tokyo HQ" (every third) holds five of them. */
const DEVICES = 13;

/** Polls `check` every 200 ms until it returns a value (not undefined) or `timeoutMs` passes. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A free TCP port on 127.0.0.1 (the demo's edge listens for device notifications there). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * `npm run demo`'s main function over real sockets: the server (HTTPS on 127.0.0.1, SQLite in a temp data dir, or a
 * fresh PostgreSQL schema with DATABASE_URL), the edge, the simulator on 127.22.1.x and the mail catcher; the
 * scheduler's own loop polls (1 s tick). Asserted through the public API, as a user would see it.
 */
describe('npm run demo (startDemo)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fleetward-demo-'));
  const lines: string[] = [];
  let demo: RunningDemo;
  let agent: Agent;
  let token: string;
  let schema: string | undefined;
  let notifyPort = 0;
  let webdavPort = 0;
  let snmpPort = 16161;
  let activatedAt: string | null = null;
  const databaseUrl = process.env.DATABASE_URL;

  const env = (): Record<string, string | undefined> => ({
    FLEETWARD_DATA_DIR: dataDir,
    FLEETWARD_HTTPS_PORT: '0',
    FLEETWARD_BIND_ADDRESS: '127.0.0.1',
    FLEETWARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    FLEETWARD_WEB_DIR: path.join(dataDir, 'no-web-build'),
    FLEETWARD_LOG_LEVEL: 'error',
    FLEETWARD_POLL_TICK_SECONDS: '1',
    FLEETWARD_POLL_STATUS_INTERVAL_SECONDS: '3',
    FLEETWARD_POLL_FULL_INTERVAL_SECONDS: '6',
    FLEETWARD_DELIVERY_TICK_SECONDS: '1',
    ...(schema ? { DATABASE_URL: databaseUrl, FLEETWARD_DB_SCHEMA: schema } : {}),
    FLEETWARD_DEMO_DEVICES: String(DEVICES),
    FLEETWARD_DEMO_BASE_ADDRESS: '127.22.1.1',
    FLEETWARD_DEMO_SNMP_PORT: String(snmpPort),
    FLEETWARD_DEMO_CONTROL_PORT: '0',
    FLEETWARD_DEMO_EDGE_PORT: '0',
    FLEETWARD_DEMO_NOTIFY_PORT: String(notifyPort),
    FLEETWARD_DEMO_SMTP_PORT: '0',
    FLEETWARD_DEMO_SMB_PORT: '0',
    FLEETWARD_DEMO_XML_API_PORT: '0',
    FLEETWARD_DEMO_XML_API_TLS_PORT: '0',
    FLEETWARD_DEMO_WEBDAV_PORT: String(webdavPort),
    FLEETWARD_DEMO_TICK_MS: '0',
    FLEETWARD_DEMO_AUTO_FAULTS: '0',
  });

  async function withPg(fn: (db: DataSource) => Promise<unknown>): Promise<void> {
    const db = new DataSource({ type: 'postgres', url: databaseUrl });
    await db.initialize();
    try {
      await fn(db);
    } finally {
      await db.destroy();
    }
  }

  async function start(): Promise<void> {
    demo = await startDemo({ env: env(), log: (line) => lines.push(line) });
    agent = new Agent({ connect: { ca: demo.server.certificatePem } });
    token = (await api<LoginResponse>('POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD }))
      .accessToken;
  }

  async function stop(): Promise<void> {
    await demo?.stop();
    await agent?.close();
  }

  async function api<T>(method: 'GET' | 'POST' | 'PATCH', urlPath: string, body?: unknown): Promise<T> {
    const res = await request(`https://127.0.0.1:${demo.server.port}/api/v1${urlPath}`, {
      method,
      dispatcher: agent,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${urlPath}: ${res.statusCode} ${text}`);
    return JSON.parse(text) as T;
  }

  const devices = async () => api<Page<DeviceListItemResponse>>('GET', '/devices?pageSize=100&sort=address');

  beforeAll(async () => {
    if (databaseUrl) {
      schema = `fw_demo_${randomBytes(6).toString('hex')}`;
      await withPg((db) => db.query(`CREATE SCHEMA "${schema}"`));
    }
    notifyPort = await freePort();
    webdavPort = await freePort();
    await start();
  }, 120_000);

  afterAll(async () => {
    await stop();
    if (schema) await withPg((db) => db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the console URL, the first sign-in and the "try this" block', () => {
    const text = lines.join('\n');
    expect(text).toContain(`Fleetward is running: https://localhost:${demo.server.port}/`);
    expect(text).toContain('sign in as "admin" with the password given in FLEETWARD_ADMIN_PASSWORD');
    expect(text).toContain(`${demo.simulator.controlUrl}/devices/127.22.1.5/faults`);
    expect(text).toContain(path.join(dataDir, 'mail'));
    expect(text).not.toContain(ADMIN_PASSWORD);
    // smbd is installed here: the smb-287 devices get their shares, nothing to complain about.
    expect(text).not.toContain(SMB_MISSING_LINE);
    expect(demo.samba).not.toBeNull();
  });

  it('registers one edge, three groups and the devices, and the scheduler polls every device', async () => {
    const edges = await api<EdgeSummaryResponse[]>('GET', '/edges');
    expect(edges.map((e) => e.name)).toEqual([DEMO_EDGE_NAME]);
    const groups = await api<DeviceGroupResponse[]>('GET', '/device-groups');
    expect(groups.map((g) => g.name).sort()).toEqual(DEMO_GROUPS.map((g) => g.name).sort());
    expect(groups.reduce((sum, g) => sum + g.deviceCount, 0)).toBe(DEVICES);

    const polled = await waitFor('every device to have a good poll', async () => {
      const page = await devices();
      return page.total === DEVICES && page.items.every((d) => d.lastPoll?.outcome === 'ok') ? page : undefined;
    });
    expect(polled.items.map((d) => `${d.address}:${d.port}`).sort()).toEqual(
      demo.simulator.devices.map((d) => `${d.address}:16161`).sort(),
    );
    expect(new Set(polled.items.map((d) => d.edgeId))).toEqual(new Set([edges[0]!.id]));
    // The edge activated itself with its one-time code and is polled over mutual TLS.
    expect(demo.edge.activation?.edgeId).toBe(edges[0]!.id);
    const edge = await api<EdgeDetailResponse>('GET', `/edges/${edges[0]!.id}`);
    expect(edge).toMatchObject({ status: 'online', url: demo.edge.url, deviceCount: DEVICES });
    expect(edge.activatedAt).not.toBeNull();
    activatedAt = edge.activatedAt;
    const versions = await Promise.all(
      demo.deviceIds.slice(0, 2).map(async (id) => (await api<DeviceDetailResponse>('GET', `/devices/${id}`)).snmp),
    );
    expect(versions.map((s) => s?.version)).toEqual(['2c', '3']);
    expect(versions[1]).toMatchObject({ level: 'authPriv', authProtocol: 'sha', privProtocol: 'aes' });
    const first = await api<DeviceDetailResponse>('GET', `/devices/${demo.deviceIds[0]}`);
    expect(first.identity.model).toBe(demo.simulator.devices[0]!.model.identity.model);
  });

  it('a jam injected through the simulator control API opens an alert and a mail lands as an .eml file', async () => {
    const target = demo.simulator.devices[4]!;
    const deviceId = demo.deviceIds[4]!;
    const res = await request(`${demo.simulator.controlUrl}/devices/${target.address}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: 'jam' }),
    });
    expect(res.statusCode).toBe(200);
    await res.body.dump();

    const alert = await waitFor('the jam alert', async () => {
      const alerts = await api<Page<AlertResponse>>('GET', `/alerts?state=open&deviceId=${deviceId}`);
      return alerts.items.find((a) => a.key.includes('jammed'));
    });
    expect(alert.targetId).toBe(deviceId);
    const detail = await api<DeviceDetailResponse>('GET', `/devices/${deviceId}`);

    const file = await waitFor('the alert mail file', () => {
      const mails = readdirSync(demo.mailDir).filter((f) => f.endsWith('.eml'));
      const match = mails.find((f) => readFileSync(path.join(demo.mailDir, f), 'utf8').includes(detail.name));
      return Promise.resolve(match);
    });
    const mail = readFileSync(path.join(demo.mailDir, file), 'utf8');
    expect(mail).toMatch(/^Subject: .*Paper jam/m);
    expect(mail).toContain(target.address);
    expect(mail).toContain(DEMO_GROUPS[4 % 3]!.recipient);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^mail ${file} to .*Paper jam - ${detail.name}`)));
  });

  it('settings use case: captured from an i-series, password and time zone changed, delivered to the whole group "Tokyo HQ" (five families, Samba for the smb-287); the drift check is clean, then drifted after a panel change', async () => {
    const tokyo = demo.groups.find((g) => g.name === 'Tokyo HQ')!;
    const members = (group: number) =>
      demo.simulator.devices.map((d, i) => ({ sim: d, id: demo.deviceIds[i]! })).filter((_, i) => i % 3 === group);
    // The simulator's family mix puts an i-series, a C3100i (WebDAV pull), a standards-only printer, an OEM 4000i
    // (SNMP SET) and a bizhub 287 (SMB share) in "Tokyo HQ".
    expect(members(0).map((d) => d.sim.family)).toEqual(['i-series', 'c3100i', 'generic', 'oem-4000i', 'smb-287']);
    const newPassword = 'Demo-Rotated-Admin-1!';
    const newZone = 'America/New_York';
    const captured = await api<CaptureTemplateResponse>('POST', '/templates/capture', {
      deviceId: demo.deviceIds[0],
      name: 'Demo rotation',
      keys: ['identity.contact', 'time.timeZone'],
    });
    expect(captured.template.values['time.timeZone']).toBe(demo.simulator.devices[0]!.settings.peek('time.timeZone'));
    const template = await api<TemplateResponse>('PATCH', `/templates/${captured.template.id}`, {
      values: { ...captured.template.values, 'security.adminPassword': newPassword, 'time.timeZone': newZone },
    });
    expect(template.version).toBe(2);

    const created = await api<DeliveryDetailResponse>('POST', '/deliveries', {
      templateId: template.id,
      groupIds: [tokyo.id],
    });
    // The demo's own delivery loop sends it (no test hook): wait until every device has its outcome.
    const done = await waitFor('the delivery to Tokyo HQ', async () => {
      const detail = await api<DeliveryDetailResponse>('GET', `/deliveries/${created.id}?pageSize=100`);
      return detail.status === 'completed' ? detail : undefined;
    });
    const rows = new Map(done.devices.items.map((r) => [r.deviceId, r]));
    for (const device of members(0)) {
      const row = rows.get(device.id)!;
      expect(['applied', 'partiallyApplied'], `${device.sim.family}: ${JSON.stringify(row)}`).toContain(row.status);
      const unsupported = row.outcomes.filter((o) => o.status === 'unsupported').map((o) => o.key);
      if (device.sim.family === 'generic') {
        // The standards-only printer takes the contact; the rest does not apply to it, reported per key.
        expect(unsupported.sort()).toEqual(['security.adminPassword', 'time.timeZone']);
        expect(device.sim.settings.peek('identity.contact')).toBe(captured.template.values['identity.contact']);
        continue;
      }
      expect(unsupported, device.sim.family).toEqual([]);
      expect(device.sim.settings.verifyAdminPassword(newPassword), device.sim.family).toBe(true);
      expect(device.sim.settings.peek('time.timeZone'), device.sim.family).toBe(newZone);
    }
    expect(JSON.stringify(done)).not.toContain(newPassword);
    // The other groups were not touched.
    for (const device of [...members(1), ...members(2)])
      expect(device.sim.settings.verifyAdminPassword(newPassword)).toBe(false);

    const assignment = await api<TemplateAssignmentResponse>('POST', '/template-assignments', {
      templateId: template.id,
      groupIds: [tokyo.id],
      everySeconds: 3600,
    });
    const checked = await api<TemplateAssignmentResponse>('POST', `/template-assignments/${assignment.id}/check`);
    expect(checked.counts).toEqual({ inSync: 5, drifted: 0, unreadable: 0, notApplicable: 0 });
    expect(checked.notApplicableKeys).toBe(1);
    const results = await api<DriftResultResponse[]>('GET', `/template-assignments/${assignment.id}/results`);
    const printer = members(0).find((d) => d.sim.family === 'generic')!;
    expect(results.find((r) => r.deviceId === printer.id)).toMatchObject({
      status: 'inSync',
      notApplicable: [{ key: 'time.timeZone', reason: 'not supported by this driver' }],
    });
    // A change at a device's panel, behind the server's back (the control API of the README), shows as drift.
    const changed = members(0)[0]!;
    const panel = await request(`${demo.simulator.controlUrl}/devices/${changed.sim.address}/settings/time.timeZone`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'Europe/Paris' }),
    });
    expect(panel.statusCode).toBe(200);
    await panel.body.dump();
    const again = await api<TemplateAssignmentResponse>('POST', `/template-assignments/${assignment.id}/check`);
    expect(again.counts).toEqual({ inSync: 4, drifted: 1, unreadable: 0, notApplicable: 0 });
    const drifted = await api<DriftResultResponse[]>('GET', `/template-assignments/${assignment.id}/results`);
    expect(drifted.find((r) => r.deviceId === changed.id)).toMatchObject({
      status: 'drifted',
      differences: [{ key: 'time.timeZone', expected: newZone, actual: 'Europe/Paris' }],
    });
  }, 180_000);

  it('a restart on the same data dir and database adds nothing twice and polls again', async () => {
    const before = await devices();
    await stop();
    const restartedAt = new Date();
    snmpPort = 16162; // the devices moved (e.g. the demo ran once as root, once not): updated, not added again
    await start();
    const edges = await api<EdgeSummaryResponse[]>('GET', '/edges');
    expect(edges.map((e) => e.id)).toEqual([demo.edgeId]);
    // The stored activation is reused (no new code); the edge's new port is known to the server.
    const edge = await api<EdgeDetailResponse>('GET', `/edges/${demo.edgeId}`);
    expect(edge).toMatchObject({ activatedAt, url: demo.edge.url });
    expect((await api<DeviceGroupResponse[]>('GET', '/device-groups')).length).toBe(3);
    expect([...demo.deviceIds].sort()).toEqual(before.items.map((d) => d.id).sort());
    // Settings access follows the devices' XML API ports of this run (0 = new free ports each start).
    const access = await api<DeviceSettingsAccessResponse>('GET', `/devices/${demo.deviceIds[0]}/settings-access`);
    expect(access).toMatchObject({
      hasAdminPassword: true,
      xmlApi: { tls: true, port: demo.simulator.devices[0]!.xmlApi!.tlsPort, hasCaPem: true },
    });
    const write = await api<DeviceSettingsAccessResponse>('GET', `/devices/${demo.deviceIds[2]}/settings-access`);
    expect(write.snmpWrite).toEqual({ version: '2c' });
    // The smb-287 device's share is on this run's Samba (new port, new password).
    const smb287 = demo.simulator.devices.findIndex((d) => d.family === 'smb-287');
    const share = await api<DeviceSettingsAccessResponse>('GET', `/devices/${demo.deviceIds[smb287]}/settings-access`);
    expect(share.smb).toMatchObject({
      share: `\\\\127.0.0.1\\mfp-${demo.simulator.devices[smb287]!.address.replace(/\./g, '-')}`,
      hasPassword: true,
    });
    await waitFor('a poll after the restart', async () => {
      const page = await devices();
      expect(page.total).toBe(DEVICES);
      return page.items.every(
        (d) => d.port === 16162 && d.lastPoll?.outcome === 'ok' && new Date(d.lastPoll.at) >= restartedAt,
      )
        ? true
        : undefined;
    });
  });
});
