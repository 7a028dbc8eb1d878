import type { AlertResponse, DeviceDetailResponse, EdgeDetailResponse, Page } from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, type RunningEdge } from '../../edge/src/main';
import { startServer } from '../../server/src/bootstrap';
import { createSelfSignedCertificate } from '../../server/src/infra/tls/tls-certificate';
import { PollScheduleRepository } from '../../server/src/modules/polling/poll-schedule.repository';
import { PollingScheduler } from '../../server/src/modules/polling/polling-scheduler';
import { startSimulator } from '../simulator/src/index';
import { FakeClock, startTestServer, type TestServer } from '../support';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

/**
 * Scheduled polling end to end over real sockets: the real edge (HTTPS on 127.0.0.1, pinned certificate, bearer
 * token), the device simulator (SNMP on 127.7.0.1-3:161) and the real server (SQLite, or PostgreSQL with
 * DATABASE_URL). The scheduler's loop is off (FLEETWARD_POLL_TICK_SECONDS=0): the test calls `runDuePolls(now)`.
 */
describe('polling through the edge (server + edge + simulator)', () => {
  const clock = new FakeClock('2026-05-04T08:00:00.000Z');
  const token = `edge-token-${randomBytes(12).toString('hex')}`;
  let edgeDir: string;
  let edge: RunningEdge;
  let sim: Simulator;
  let server: TestServer;
  let admin: string;
  let edgeId: string;
  const deviceIds: string[] = [];

  const scheduler = (s: { app: { get<T>(type: new (...args: never[]) => T): T } }) => s.app.get(PollingScheduler);

  /** A free TCP port on 127.0.0.1 for the edge's notification listener (the simulator must know it up front). */
  async function freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  beforeAll(async () => {
    edgeDir = mkdtempSync(path.join(tmpdir(), 'fleetward-edge-'));
    const notifyPort = await freePort();
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
        FLEETWARD_EDGE_TOKEN: token,
        FLEETWARD_EDGE_DATA_DIR: edgeDir,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: String(notifyPort),
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
        FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '1000',
      },
      { logger: false },
    );
    sim = await startSimulator({
      devices: 3,
      baseAddress: '127.7.0.1',
      port: 161,
      tickMs: false,
      autoFaults: false,
      notify: { url: `http://127.0.0.1:${notifyPort}/device-events` },
    });
    server = await startTestServer({ clock, env: { FLEETWARD_POLL_TICK_SECONDS: '0' } });
    admin = await server.loginAsAdmin();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await edge?.close();
    await sim?.stop();
    if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
  });

  it('registers the edge: url, write-only token and pinned certificate', async () => {
    const created = await server.request<{ id: string }>('POST', '/api/v1/edges', {
      token: admin,
      body: { name: 'Site A' },
    });
    expect(created.status).toBe(201);
    edgeId = created.body.id;
    const patched = await server.request<EdgeDetailResponse>('PATCH', `/api/v1/edges/${edgeId}`, {
      token: admin,
      body: { url: edge.url, token, caPem: edge.certificate },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: edgeId, url: edge.url, hasToken: true, hasCaPem: true });
    expect(patched.text).not.toContain(token);
    const bad = await server.request('PATCH', `/api/v1/edges/${edgeId}`, {
      token: admin,
      body: { url: 'http://127.0.0.1:1', caPem: 'not a pem' },
    });
    expect(bad.status).toBe(400);
  });

  it('polls due devices through the edge: the device page shows identity, counters and supplies', async () => {
    const group = await server.request<{ id: string }>('POST', '/api/v1/device-groups', {
      token: admin,
      body: { name: 'Polled' },
    });
    expect(group.status).toBe(201);
    for (const device of sim.devices) {
      const res = await server.request<{ id: string }>('POST', '/api/v1/devices', {
        token: admin,
        body: {
          name: `Printer ${device.address}`,
          address: device.address,
          port: 161,
          edgeId,
          groupIds: [group.body.id],
          snmp: { version: '2c', community: 'public' },
        },
      });
      expect(res.status, res.text).toBe(201);
      deviceIds.push(res.body.id);
    }

    const summary = await scheduler(server.server).runDuePolls(clock.now());
    expect(summary).toEqual({ polled: 3, fullPolls: 3, skipped: 0, failedEdges: [] });

    for (const [index, device] of sim.devices.entries()) {
      const page = await server.request<DeviceDetailResponse>('GET', `/api/v1/devices/${deviceIds[index]}`, {
        token: admin,
      });
      expect(page.status).toBe(200);
      expect(page.body.lastPoll?.outcome).toBe('ok');
      expect(page.body.identity.model).toBe(device.model.identity.model);
      // One simulated family hides its serial from the standard MIB: recorded as unreadable, never made up.
      if (page.body.unreadable.some((u) => u.item === 'identity.serialNumber')) {
        expect(page.body.identity.serialNumber).toBeNull();
      } else {
        expect(page.body.identity.serialNumber).toBe(device.model.identity.serialNumber);
      }
      expect(page.body.counters?.total).toBe(device.model.counters.total);
      expect(page.body.supplies.length).toBe(device.model.supplies.length);
    }
    const edgeDetail = await server.request<EdgeDetailResponse>('GET', `/api/v1/edges/${edgeId}`, { token: admin });
    expect(edgeDetail.body.lastSeenAt).toBe(clock.now().toISOString());
    expect(edgeDetail.body.lastError).toBeNull();
    expect(edgeDetail.body.version).toEqual(expect.any(String));

    // Nothing is due at the same instant.
    expect((await scheduler(server.server).runDuePolls(clock.now())).polled).toBe(0);
  }, 60_000);

  it('a jam injected in the simulator opens an alert at the next status poll', async () => {
    sim.device(sim.devices[0]!.address).inject('jam');
    clock.advanceMinutes(5);
    const summary = await scheduler(server.server).runDuePolls(clock.now());
    expect(summary).toMatchObject({ polled: 3, fullPolls: 0, failedEdges: [] });
    const alerts = await server.request<Page<AlertResponse>>('GET', '/api/v1/alerts', { token: admin });
    expect(alerts.status).toBe(200);
    const open = alerts.body.items.filter((a) => a.targetId === deviceIds[0] && a.state === 'open');
    expect(open.map((a) => a.key)).toContainEqual(expect.stringContaining('jam'));
    const page = await server.request<DeviceDetailResponse>('GET', `/api/v1/devices/${deviceIds[0]}`, { token: admin });
    expect(page.body.errors).toContain('jammed');
  }, 60_000);

  it('reads the edge device-events outbox: a cleared jam is ingested without a scheduled poll', async () => {
    const s = scheduler(server.server);
    // The jam of the previous test was pushed too; read up to the current end of the outbox first.
    await s.readEdgeEvents(edgeId, 0);
    sim.device(sim.devices[0]!.address).clear('jam');
    let ingested = 0;
    for (let attempt = 0; attempt < 5 && ingested === 0; attempt++) {
      ingested += (await s.readEdgeEvents(edgeId, 5_000)).ingested;
    }
    expect(ingested).toBeGreaterThan(0);
    const page = await server.request<DeviceDetailResponse>('GET', `/api/v1/devices/${deviceIds[0]}`, { token: admin });
    expect(page.body.errors).not.toContain('jammed');
  }, 60_000);

  it('an unreachable edge is marked and its devices stay due; the loop goes on', async () => {
    clock.advanceMinutes(5);
    const s = scheduler(server.server);
    await server.request('PATCH', `/api/v1/edges/${edgeId}`, { token: admin, body: { url: 'https://127.0.0.1:1' } });
    const failed = await s.runDuePolls(clock.now());
    expect(failed.polled).toBe(0);
    expect(failed.failedEdges).toEqual([{ edgeId, error: expect.stringContaining('unreachable') as unknown }]);
    const detail = await server.request<EdgeDetailResponse>('GET', `/api/v1/edges/${edgeId}`, { token: admin });
    expect(detail.body.lastError).toContain('unreachable');

    // A pinned certificate that is not the edge's: the TLS handshake fails, nothing is sent.
    const other = createSelfSignedCertificate({ host: '127.0.0.1' }).cert;
    await server.request('PATCH', `/api/v1/edges/${edgeId}`, { token: admin, body: { url: edge.url, caPem: other } });
    const unpinned = await s.runDuePolls(clock.now());
    expect(unpinned.polled).toBe(0);
    expect(unpinned.failedEdges[0]?.error).toContain('unreachable');

    // Wrong token: the edge rejects it.
    await server.request('PATCH', `/api/v1/edges/${edgeId}`, {
      token: admin,
      body: { caPem: edge.certificate, token: 'a-wrong-token-0123456789' },
    });
    const rejected = await s.runDuePolls(clock.now());
    expect(rejected.failedEdges[0]?.error).toContain('rejected');

    await server.request('PATCH', `/api/v1/edges/${edgeId}`, { token: admin, body: { token } });
    expect((await s.runDuePolls(clock.now())).polled).toBe(3);
  }, 60_000);

  it('a restart keeps devices and due times; an overdue device is polled once, then from now', async () => {
    const before = await server.server.app.get(PollScheduleRepository).getMany(deviceIds);
    expect(before).toHaveLength(3);
    await server.server.app.close();
    clock.advanceMinutes(10 * 60); // many intervals overdue
    const restarted = await startServer(server.env, { clock });
    try {
      const repo = restarted.app.get(PollScheduleRepository);
      const kept = await repo.getMany(deviceIds);
      expect(kept.map((k) => k.nextStatusPollAt.toISOString()).sort()).toEqual(
        before.map((b) => b.nextStatusPollAt.toISOString()).sort(),
      );
      const s = scheduler(restarted);
      const once = await s.runDuePolls(clock.now());
      expect(once).toMatchObject({ polled: 3, fullPolls: 3, failedEdges: [] });
      expect((await s.runDuePolls(clock.now())).polled).toBe(0);
      const next = await repo.get(deviceIds[0]!);
      expect(next?.nextStatusPollAt.toISOString()).toBe(new Date(clock.now().getTime() + 300_000).toISOString());
      expect(next?.nextFullPollAt.toISOString()).toBe(new Date(clock.now().getTime() + 3_600_000).toISOString());
    } finally {
      await restarted.close();
    }
  }, 60_000);
});
