import type {
  AlertResponse,
  CreatedEdgeResponse,
  DeviceDetailResponse,
  DeviceListItemResponse,
  EdgeDetailResponse,
  FleetReportResponse,
  HistoryResponse,
  MeterReadsResponse,
  Page,
  StatusChangeResponse,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, type RunningEdge } from '../../edge/src/main';
import { startServer, type StartedServer } from '../../server/src/bootstrap';
import { createSelfSignedCertificate } from '../../server/src/infra/tls/tls-certificate';
import { PollScheduleRepository } from '../../server/src/modules/polling/poll-schedule.repository';
import { PollingScheduler } from '../../server/src/modules/polling/polling-scheduler';
import { createGroup, expectStatus, userWithRole } from '../api/access-helpers';
import { startSimulator, type Simulator } from '../simulator/src/index';
import { FakeClock, startTestServer, type TestServer } from '../support';
import { startSmtpTestServer, type ReceivedMail, type SmtpTestServer } from '../support/smtp-test-server';

const SMTP_USER = 'fleetward-mailer';
const SMTP_PASSWORD = 'Smtp-E2E-Secret-7781';
const CONSOLE = 'https://fleetward.example.com';
/** Two sites: the first two simulated devices are in Tokyo, the other two in Osaka. */
const SITES = [
  { group: 'Tokyo', location: 'Tokyo HQ 3F', recipient: 'tokyo-it@example.com' },
  { group: 'Osaka', location: 'Osaka branch 2F', recipient: 'osaka-it@example.com' },
] as const;

/** Polls `check` every 100 ms until it returns a value (not undefined) or `timeoutMs` passes. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A free TCP port on 127.0.0.1 (the simulator must know the edge's notification port before the edge starts). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Fleet monitoring end to end over real sockets: the real server (HTTPS, SQLite or PostgreSQL with DATABASE_URL,
 * scheduler loop off: the test calls `runDuePolls(clock.now())`), the real edge (HTTPS on 127.0.0.1 + device
 * notifications over HTTP), the simulator (SNMP v2c/v3 on 127.22.0.x, pushing notifications to the edge) and a real
 * SMTP server (STARTTLS + AUTH). The cases build on each other, in order.
 */
describe('fleet monitoring end to end (server + edge + simulator + SMTP)', () => {
  const clock = new FakeClock('2026-06-01T08:00:00.000Z');
  let server: TestServer;
  let restarted: StartedServer | null = null;
  let edgeDir: string;
  let edge: RunningEdge;
  let edgeId: string;
  let sim: Simulator;
  let smtp: SmtpTestServer;
  let tls: { cert: string; key: string };
  let adminToken = '';
  const groupIds: string[] = [];
  /** Device ids in simulator order (0, 1: Tokyo; 2, 3: Osaka). */
  const deviceIds: string[] = [];

  /** The app the test talks to: the restarted one after the restart case. */
  const app = () => (restarted ?? server.server).app;
  const scheduler = () => app().get(PollingScheduler);

  /** As the admin; signs in again when the test clock moved past the token's expiry. */
  async function admin<T>(method: string, urlPath: string, body?: unknown) {
    const send = () =>
      server.request<T>(method, `/api/v1${urlPath}`, { token: adminToken, ...(body === undefined ? {} : { body }) });
    let res = await send();
    if (res.status === 401) {
      adminToken = await server.loginAsAdmin();
      res = await send();
    }
    return res;
  }

  const get = async <T>(urlPath: string) => expectStatus(await admin<T>('GET', urlPath), 200, `GET ${urlPath}`);
  const alertsOf = (deviceId: string) => get<Page<AlertResponse>>(`/alerts?deviceId=${deviceId}`);
  const mailsTo = (address: string): ReceivedMail[] => smtp.received.filter((m) => m.to.includes(address));

  /**
   * Waits until the simulator's pushes are in and the edge's notification-triggered polls are read (at least one),
   * so that no earlier snapshot is left in the edge's outbox to be ingested after a later poll.
   */
  async function drainEvents(): Promise<void> {
    await sim.notifier!.idle();
    const first = await scheduler().readEdgeEvents(edgeId, 5_000);
    if (first.ingested === 0) throw new Error('no notification-triggered poll reached the server');
    // A fault may be pushed more than once (alert and status change): read until the outbox stays empty.
    for (;;) {
      const next = await scheduler().readEdgeEvents(edgeId, 500);
      if (next.ingested + next.ignored === 0) return;
    }
  }

  /**
   * Registers an edge and starts it with the one-time activation code: it activates itself over HTTPS and is then
   * reached over mutual TLS. The one place that knows how an edge is connected.
   */
  async function connectEdge(notifyPort: number): Promise<void> {
    const created = expectStatus(
      await admin<CreatedEdgeResponse>('POST', '/edges', { name: 'Site edge' }),
      201,
      'register the edge',
    );
    edgeId = created.id;
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
        FLEETWARD_EDGE_DATA_DIR: edgeDir,
        FLEETWARD_EDGE_SERVER_URL: server.baseUrl,
        FLEETWARD_EDGE_ACTIVATION_CODE: created.activation.code,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: String(notifyPort),
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
        FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '1000',
      },
      { logger: false },
    );
    expect(edge.activation?.edgeId).toBe(edgeId);
  }

  beforeAll(async () => {
    edgeDir = mkdtempSync(path.join(tmpdir(), 'fleetward-e2e-edge-'));
    tls = createSelfSignedCertificate({ host: 'localhost' });
    smtp = await startSmtpTestServer({ tls, user: SMTP_USER, password: SMTP_PASSWORD });
    server = await startTestServer({
      clock,
      env: { FLEETWARD_POLL_TICK_SECONDS: '0', FLEETWARD_PUBLIC_URL: CONSOLE },
    });
    adminToken = await server.loginAsAdmin();
    const notifyPort = await freePort();
    await connectEdge(notifyPort);
    sim = await startSimulator({
      devices: 4,
      baseAddress: '127.22.0.1',
      port: 161,
      tickMs: false,
      autoFaults: false,
      notify: { url: `http://127.0.0.1:${notifyPort}/device-events` },
    });

    expectStatus(
      await admin('PUT', '/settings/mail', {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'starttls',
        user: SMTP_USER,
        password: SMTP_PASSWORD,
        from: 'Fleetward <fleetward@example.com>',
        rejectUnauthorized: true,
        ca: tls.cert,
      }),
      200,
      'mail settings',
    );
    for (const site of SITES) {
      const group = await createGroup(server, adminToken, site.group);
      groupIds.push(group.id);
      expectStatus(
        await admin('PUT', `/device-groups/${group.id}/recipients`, { emails: [site.recipient] }),
        200,
        'recipients',
      );
    }
    for (const [index, device] of sim.devices.entries()) {
      const site = Math.floor(index / 2);
      const created = await admin<{ id: string }>('POST', '/devices', {
        name: `${SITES[site]!.group} MFP ${index + 1}`,
        address: device.address,
        port: device.port,
        location: SITES[site]!.location,
        edgeId,
        groupIds: [groupIds[site]],
        snmp:
          index % 2 === 0
            ? { version: '2c', community: 'public' }
            : {
                version: '3',
                user: 'fleetward',
                level: 'authPriv',
                authProtocol: 'sha',
                authKey: 'fleetward-auth-key',
                privProtocol: 'aes',
                privKey: 'fleetward-priv-key',
              },
      });
      deviceIds.push(expectStatus(created, 201, `add ${device.address}`).id);
    }
  }, 120_000);

  afterAll(async () => {
    await restarted?.close().catch(() => undefined);
    await server?.close();
    await edge?.close().catch(() => undefined);
    await sim?.stop();
    await smtp?.stop();
    if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
  });

  it('polls every device through the edge (v2c and v3 authPriv): identity, counters and supplies', async () => {
    const summary = await scheduler().runDuePolls(clock.now());
    expect(summary).toEqual({ polled: 4, fullPolls: 4, skipped: 0, failedEdges: [] });
    for (const [index, id] of deviceIds.entries()) {
      const device = await get<DeviceDetailResponse>(`/devices/${id}`);
      expect(device.lastPoll).toMatchObject({ outcome: 'ok', at: clock.now().toISOString() });
      expect(device.identity.model).toBe(sim.devices[index]!.model.identity.model);
      expect(device.counters?.total).toBe(sim.devices[index]!.model.counters.total);
      expect(device.status).toBe('ok');
    }
    expect(smtp.received).toHaveLength(0);
  });

  it('a jam opens an alert and mails the group a message naming the device, its location and a link', async () => {
    sim.devices[0]!.inject('jam');
    clock.advanceMinutes(5);
    expect((await scheduler().runDuePolls(clock.now())).polled).toBe(4);

    const alerts = await alertsOf(deviceIds[0]!);
    expect(alerts.items).toHaveLength(1);
    expect(alerts.items[0]).toMatchObject({
      rule: 'deviceError',
      subject: 'jammed',
      state: 'open',
      severity: 'critical',
      deviceName: 'Tokyo MFP 1',
      mailCount: 1,
    });
    const mails = mailsTo(SITES[0].recipient);
    expect(mails).toHaveLength(1);
    const text = mails[0]!.text;
    expect(text).toContain('Subject: [Fleetward] Critical: Paper jam - Tokyo MFP 1 (Tokyo HQ 3F)');
    expect(text).toContain(sim.devices[0]!.address);
    const serial = (await get<DeviceDetailResponse>(`/devices/${deviceIds[0]}`)).identity.serialNumber;
    expect(serial).toBe(sim.devices[0]!.model.identity.serialNumber);
    expect(text).toContain(`Serial number: ${serial}`);
    expect(text).toContain(`${CONSOLE}/devices/${deviceIds[0]}`);
    expect(mails[0]!.secure).toBe(true);
    expect(mailsTo(SITES[1].recipient)).toHaveLength(0);
    // The device also pushed the jam to the edge: reading that poll changes nothing (same alert, no second mail).
    await drainEvents();
    expect((await alertsOf(deviceIds[0]!)).items).toMatchObject([{ id: alerts.items[0]!.id, mailCount: 1 }]);
    expect(mailsTo(SITES[0].recipient)).toHaveLength(1);
  });

  it('clearing the jam resolves the alert at the next poll, without another alert', async () => {
    sim.devices[0]!.clear('jam');
    clock.advanceMinutes(5);
    await scheduler().runDuePolls(clock.now());
    const alerts = await alertsOf(deviceIds[0]!);
    expect(alerts.items).toHaveLength(1);
    expect(alerts.items[0]).toMatchObject({ state: 'resolved', resolution: 'auto' });
    expect(alerts.items[0]!.resolvedAt).toBe(clock.now().toISOString());
    const device = await get<DeviceDetailResponse>(`/devices/${deviceIds[0]}`);
    expect(device.errors).not.toContain('jammed');
    await drainEvents();
    expect((await alertsOf(deviceIds[0]!)).items).toMatchObject([{ state: 'resolved' }]);
  });

  it('a device pushing a notification is re-polled at once: its alert opens with no scheduled run', async () => {
    const s = scheduler();
    const before = await get<DeviceDetailResponse>(`/devices/${deviceIds[2]}`);
    clock.advance(30_000); // not enough for any scheduled poll to be due
    sim.devices[2]!.inject('doorOpen');
    const opened = await waitFor('the door-open alert', async () => {
      await s.readEdgeEvents(edgeId, 2_000);
      return (await alertsOf(deviceIds[2]!)).items.find((a) => a.subject === 'doorOpen' && a.state === 'open');
    });
    expect(opened.openedAt).toBe(clock.now().toISOString());
    const after = await get<DeviceDetailResponse>(`/devices/${deviceIds[2]}`);
    expect(after.errors).toContain('doorOpen');
    expect(after.lastPoll!.at > before.lastPoll!.at).toBe(true);
    expect(mailsTo(SITES[1].recipient).map((m) => m.text)).toContainEqual(
      expect.stringContaining('Osaka MFP 3 (Osaka branch 2F)'),
    );
    // No device was due: the scheduled run polls nothing, so the re-poll came from the notification.
    expect((await s.runDuePolls(clock.now())).polled).toBe(0);
  });

  it('a server restart keeps devices, history, schedules and open alerts; the next run polls each device once', async () => {
    const devicesBefore = await get<Page<DeviceListItemResponse>>('/devices?sort=address');
    const historyBefore = await get<HistoryResponse<StatusChangeResponse>>(`/devices/${deviceIds[0]}/history/status`);
    expect(historyBefore.items.map((i) => i.status)).toEqual(['ok', 'error', 'ok']);
    const schedulesBefore = await app().get(PollScheduleRepository).getMany(deviceIds);
    expect(schedulesBefore).toHaveLength(4);
    const openBefore = (await alertsOf(deviceIds[2]!)).items.filter((a) => a.state === 'open');
    expect(openBefore).toHaveLength(1);
    const mailsBefore = smtp.received.length;

    const port = server.server.port;
    await server.server.app.close();
    clock.advanceMinutes(6 * 60); // many intervals missed while down
    restarted = await startServer({ ...server.env, FLEETWARD_HTTPS_PORT: String(port) }, { clock });

    const devicesAfter = await get<Page<DeviceListItemResponse>>('/devices?sort=address');
    expect(devicesAfter.items.map((d) => [d.id, d.name, d.status, d.lastPoll?.at])).toEqual(
      devicesBefore.items.map((d) => [d.id, d.name, d.status, d.lastPoll?.at]),
    );
    const historyAfter = await get<HistoryResponse<StatusChangeResponse>>(`/devices/${deviceIds[0]}/history/status`);
    expect(historyAfter.items).toEqual(historyBefore.items);
    const schedulesAfter = await restarted.app.get(PollScheduleRepository).getMany(deviceIds);
    const dueTimes = (list: typeof schedulesBefore) =>
      list.map((s) => `${s.deviceId} ${s.nextStatusPollAt.toISOString()} ${s.nextFullPollAt.toISOString()}`).sort();
    expect(dueTimes(schedulesAfter)).toEqual(dueTimes(schedulesBefore));
    const openAfter = (await alertsOf(deviceIds[2]!)).items.filter((a) => a.state === 'open');
    expect(openAfter.map((a) => a.id)).toEqual(openBefore.map((a) => a.id));
    // The edge still holds the notification polls read before the restart: the stored cursor skips them, so no
    // old result is applied over a newer one.
    expect(await scheduler().readEdgeEvents(edgeId, 0)).toEqual({ ingested: 0, ignored: 0, missed: 0 });
    expect((await get<HistoryResponse<StatusChangeResponse>>(`/devices/${deviceIds[0]}/history/status`)).items).toEqual(
      historyBefore.items,
    );

    // Overdue by many intervals: each device is polled once (no catch-up), then nothing is due.
    expect(await scheduler().runDuePolls(clock.now())).toMatchObject({ polled: 4, fullPolls: 4, failedEdges: [] });
    expect((await scheduler().runDuePolls(clock.now())).polled).toBe(0);
    // The door is still open: the same alert stays open and nobody is mailed again.
    const stillOpen = (await alertsOf(deviceIds[2]!)).items.filter((a) => a.state === 'open');
    expect(stillOpen.map((a) => a.id)).toEqual(openBefore.map((a) => a.id));
    expect(smtp.received.length).toBe(mailsBefore);
  });

  it('exports a month of meter reads: the pages printed between the first and the last reading', async () => {
    const firstTotals = sim.devices.map((d) => d.model.counters.total);
    sim.devices[0]!.print(25);
    sim.devices[3]!.print(40, { color: false });
    clock.advanceMinutes(61); // the next full poll (counters) is due
    expect(await scheduler().runDuePolls(clock.now())).toMatchObject({ polled: 4, fullPolls: 4 });

    const to = clock.now();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
    const reads = await get<MeterReadsResponse>(`/devices/meter-reads?${range}`);
    expect(reads.items).toHaveLength(4);
    const byId = new Map(reads.items.map((r) => [r.deviceId, r]));
    for (const [index, id] of deviceIds.entries()) {
      const read = byId.get(id)!;
      expect(read.last?.values.total).toBe(sim.devices[index]!.model.counters.total);
      // The first reading of the period is the first poll of the first case (before any page was printed here).
      expect(read.first?.at).toBe('2026-06-01T08:00:00.000Z');
      expect(read.pages.total).toBe(read.last!.values.total! - read.first!.values.total!);
    }
    // Readings are kept when counters change: the printing devices' last reading is this poll's.
    expect(byId.get(deviceIds[0]!)!.last?.at).toBe(to.toISOString());
    expect(byId.get(deviceIds[0]!)!.pages.total).toBe(sim.devices[0]!.model.counters.total - firstTotals[0]!);
    expect(byId.get(deviceIds[0]!)!.pages.total).toBeGreaterThanOrEqual(25);
    expect(byId.get(deviceIds[3]!)!.pages.total).toBeGreaterThanOrEqual(40);
    expect(byId.get(deviceIds[1]!)!.pages.total).toBe(0);

    const csv = await admin<string>('GET', `/devices/meter-reads.csv?${range}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.text.trim().split(/\r?\n/);
    expect(rows).toHaveLength(5); // header + one row per device
    const row = rows.find((r) => r.startsWith('Osaka MFP 4,'))!;
    expect(row).toContain(`,${sim.devices[3]!.address},`);
    expect(row).toContain(`,${byId.get(deviceIds[3]!)!.pages.total},`);
  });

  it("a user limited to one group never sees the other group's devices: lists, counts, exports, alerts", async () => {
    adminToken = await server.loginAsAdmin();
    const osaka = await userWithRole(server, adminToken, 'osaka-viewer', {
      permissions: [Permission.DeviceManagementRo],
      deviceGroupIds: [groupIds[1]!],
    });
    const as = async <T>(urlPath: string) =>
      expectStatus(await server.request<T>('GET', `/api/v1${urlPath}`, { token: osaka.token }), 200, urlPath);
    const tokyoIds = deviceIds.slice(0, 2);
    const osakaIds = deviceIds.slice(2);
    const tokyoAddresses = sim.devices.slice(0, 2).map((d) => d.address);

    const list = await as<Page<DeviceListItemResponse>>('/devices?pageSize=100');
    expect(list.items.map((d) => d.id).sort()).toEqual([...osakaIds].sort());
    expect(list.total).toBe(2);
    // The dashboard's counts (one query per state) and the fleet report.
    const counts = await Promise.all(
      (['ok', 'warning', 'error', 'unknown', 'unreachable'] as const).map(
        async (status) => (await as<Page<DeviceListItemResponse>>(`/devices?pageSize=1&status=${status}`)).total,
      ),
    );
    expect(counts).toEqual(
      (['ok', 'warning', 'error', 'unknown', 'unreachable'] as const).map(
        (status) => list.items.filter((d) => d.status === status).length,
      ),
    );
    expect(list.items.find((d) => d.id === deviceIds[2])?.errors).toContain('doorOpen');
    const fleet = await as<FleetReportResponse>('/devices/reports/fleet');
    expect(fleet.total.deviceCount).toBe(2);
    expect(fleet.groups.map((g) => g.name)).toEqual(['Osaka']);
    const adminFleet = await get<FleetReportResponse>('/devices/reports/fleet');
    expect(adminFleet.total.deviceCount).toBe(4);

    for (const id of tokyoIds) {
      expect((await server.request('GET', `/api/v1/devices/${id}`, { token: osaka.token })).status).toBe(404);
    }
    const reads = await as<MeterReadsResponse>('/devices/meter-reads');
    expect(reads.items.map((r) => r.deviceId).sort()).toEqual([...osakaIds].sort());
    const csv = await server.request<string>('GET', '/api/v1/devices/meter-reads.csv', { token: osaka.token });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Osaka MFP 3');
    expect(csv.text).not.toContain('Tokyo');
    for (const address of tokyoAddresses) expect(csv.text).not.toContain(`,${address},`);
    const adminCsv = await admin<string>('GET', '/devices/meter-reads.csv');
    expect(adminCsv.text).toContain('Tokyo MFP 1');

    const alerts = await as<Page<AlertResponse>>('/alerts?pageSize=100');
    expect(alerts.items.length).toBeGreaterThan(0);
    expect(alerts.items.every((a) => osakaIds.includes(a.targetId))).toBe(true);
    const tokyoAlert = (await alertsOf(tokyoIds[0]!)).items[0]!;
    expect((await server.request('GET', `/api/v1/alerts/${tokyoAlert.id}`, { token: osaka.token })).status).toBe(404);
    const filtered = await as<Page<AlertResponse>>(`/alerts?deviceId=${tokyoIds[0]}`);
    expect(filtered.items).toHaveLength(0);
  });

  it('stopping the edge raises one "edge offline" alert after the delay, mailed to its groups', async () => {
    adminToken = await server.loginAsAdmin();
    const online = await get<EdgeDetailResponse>(`/edges/${edgeId}`);
    expect(online).toMatchObject({ status: 'online', deviceCount: 4 });
    expect(online.activatedAt).not.toBeNull();
    const mailsBefore = smtp.received.length;
    await edge.close();
    const edgeAlerts = async () =>
      (await get<Page<AlertResponse>>('/alerts?pageSize=100')).items.filter(
        (a) => a.targetKind === 'edge' && a.targetId === edgeId,
      );

    clock.advanceMinutes(5);
    expect((await scheduler().runDuePolls(clock.now())).failedEdges.map((f) => f.edgeId)).toEqual([edgeId]);
    expect(await edgeAlerts()).toEqual([]); // not yet: the policy waits 10 minutes
    clock.advanceMinutes(6);
    await scheduler().runDuePolls(clock.now());
    const opened = await edgeAlerts();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ rule: 'edgeOffline', state: 'open', severity: 'critical' });
    expect((await get<EdgeDetailResponse>(`/edges/${edgeId}`)).status).toBe('offline');
    clock.advanceMinutes(5);
    await scheduler().runDuePolls(clock.now());
    expect((await edgeAlerts()).map((a) => a.id)).toEqual([opened[0]!.id]);
    const mails = smtp.received.slice(mailsBefore);
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.map((m) => m.text)).toContainEqual(expect.stringContaining('Site edge'));
  });
});
