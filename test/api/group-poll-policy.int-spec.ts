import type { AuditEntryResponse, DeviceDetailResponse, GroupPollPolicyResponse, Page } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, type RunningEdge } from '../../edge/src/main';
import { startServer } from '../../server/src/bootstrap';
import { PollPolicyRepository } from '../../server/src/modules/polling/poll-policy.repository';
import { PollScheduleRepository } from '../../server/src/modules/polling/poll-schedule.repository';
import { PollingScheduler } from '../../server/src/modules/polling/polling-scheduler';
import { startSimulator } from '../simulator/src/index';
import { FakeClock, startTestServer, type TestServer } from '../support';
import { connectEdgeByToken, createGroup, expectStatus, userWithRole } from './access-helpers';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

/**
 * Per-group poll intervals end to end: real server (SQLite, or PostgreSQL with DATABASE_URL), real edge (HTTPS,
 * pinned certificate, bearer token) and the simulator (SNMP on 127.21.0.1-2). Loop off; the test drives
 * `runDuePolls(now)` with a fake clock.
 */
describe('per-group poll policy (server + edge + simulator)', () => {
  const clock = new FakeClock('2026-05-04T08:00:00.000Z');
  const token = `edge-token-${randomBytes(12).toString('hex')}`;
  let edgeDir: string;
  let edge: RunningEdge;
  let sim: Simulator;
  let server: TestServer;
  let admin: string;
  let edgeId: string;
  let fastGroup: string;
  let fastDevice: string;
  let defaultDevice: string;

  const scheduler = (s: { app: { get<T>(type: new (...args: never[]) => T): T } }) => s.app.get(PollingScheduler);
  const lastPollAt = async (id: string) =>
    (await server.request<DeviceDetailResponse>('GET', `/api/v1/devices/${id}`, { token: admin })).body.lastPoll?.at;

  beforeAll(async () => {
    edgeDir = mkdtempSync(path.join(tmpdir(), 'fleetward-edge-'));
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
        FLEETWARD_EDGE_TOKEN: token,
        FLEETWARD_EDGE_DATA_DIR: edgeDir,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
        FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '1000',
      },
      { logger: false },
    );
    sim = await startSimulator({ devices: 2, baseAddress: '127.21.0.1', port: 161, tickMs: false, autoFaults: false });
    server = await startTestServer({ clock, env: { FLEETWARD_POLL_TICK_SECONDS: '0' } });
    admin = await server.loginAsAdmin();
    edgeId = await connectEdgeByToken(server, admin, 'Policy site', {
      url: edge.url,
      token: token,
      caPem: edge.certificate,
    });
    fastGroup = (await createGroup(server, admin, 'Fast lane')).id;
    const slowGroup = (await createGroup(server, admin, 'Default lane')).id;
    const ids: string[] = [];
    for (const [index, device] of sim.devices.entries()) {
      const res = await server.request<{ id: string }>('POST', '/api/v1/devices', {
        token: admin,
        body: {
          name: `Printer ${device.address}`,
          address: device.address,
          edgeId,
          groupIds: [index === 0 ? fastGroup : slowGroup],
          snmp: { version: '2c', community: 'public' },
        },
      });
      ids.push(expectStatus(res, 201, 'create device').id);
    }
    [fastDevice, defaultDevice] = ids as [string, string];
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await edge?.close();
    await sim?.stop();
    if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
  });

  it('a group without an override reports the server defaults', async () => {
    const res = await server.request<GroupPollPolicyResponse>('GET', `/api/v1/device-groups/${fastGroup}/poll-policy`, {
      token: admin,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      deviceGroupId: fastGroup,
      statusIntervalSeconds: null,
      fullIntervalSeconds: null,
      effective: { statusIntervalSeconds: 300, fullIntervalSeconds: 3600 },
      updatedAt: null,
    });
  });

  it('refuses intervals out of bounds or a full interval shorter than the status one (400 with fields)', async () => {
    for (const [body, field] of [
      [{ statusIntervalSeconds: 10, fullIntervalSeconds: null }, 'statusIntervalSeconds'],
      [{ statusIntervalSeconds: null, fullIntervalSeconds: 8 * 86_400 }, 'fullIntervalSeconds'],
      [{ statusIntervalSeconds: 600, fullIntervalSeconds: 300 }, 'fullIntervalSeconds'],
      [{ statusIntervalSeconds: '60', fullIntervalSeconds: null }, 'statusIntervalSeconds'],
    ] as const) {
      const res = await server.request<{ code: string; details: { field: string }[] }>(
        'PUT',
        `/api/v1/device-groups/${fastGroup}/poll-policy`,
        { token: admin, body },
      );
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d) => d.field)).toEqual([field]);
    }
  });

  it('only Device Group Management within the caller’s groups may read or change a policy', async () => {
    const outsider = await userWithRole(server, admin, 'poll.outsider', {
      permissions: [Permission.DeviceGroupManagement],
    });
    const reader = await userWithRole(server, admin, 'poll.reader', {
      permissions: [Permission.DeviceManagementRw],
      deviceGroupIds: [fastGroup],
    });
    const url = `/api/v1/device-groups/${fastGroup}/poll-policy`;
    expect((await server.request('GET', url, { token: outsider.token })).status).toBe(404);
    const body = { statusIntervalSeconds: 30, fullIntervalSeconds: 60 };
    expect((await server.request('PUT', url, { token: outsider.token, body })).status).toBe(404);
    expect((await server.request('PUT', url, { token: reader.token, body })).status).toBe(403);
  });

  it('after a shortened policy the group’s device is polled again after 60 s; the default group’s is not', async () => {
    const s = scheduler(server.server);
    expect(await s.runDuePolls(clock.now())).toMatchObject({ polled: 2, fullPolls: 2, failedEdges: [] });
    const firstPoll = clock.now().toISOString();

    clock.advance(20_000);
    const put = await server.request<GroupPollPolicyResponse>('PUT', `/api/v1/device-groups/${fastGroup}/poll-policy`, {
      token: admin,
      body: { statusIntervalSeconds: 60, fullIntervalSeconds: 600 },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({
      statusIntervalSeconds: 60,
      fullIntervalSeconds: 600,
      effective: { statusIntervalSeconds: 60, fullIntervalSeconds: 600 },
      updatedAt: clock.now().toISOString(),
    });
    // The old due time (first poll + 300 s) moved to first poll + 60 s at once.
    const schedule = await server.server.app.get(PollScheduleRepository).get(fastDevice);
    expect(schedule?.nextStatusPollAt.toISOString()).toBe('2026-05-04T08:01:00.000Z');
    expect(schedule?.nextFullPollAt.toISOString()).toBe('2026-05-04T08:10:00.000Z');

    clock.advance(30_000); // 50 s after the first poll: nothing due yet
    expect((await s.runDuePolls(clock.now())).polled).toBe(0);
    clock.advance(10_000); // 60 s
    expect(await s.runDuePolls(clock.now())).toMatchObject({ polled: 1, fullPolls: 0 });
    expect(await lastPollAt(fastDevice)).toBe(clock.now().toISOString());
    expect(await lastPollAt(defaultDevice)).toBe(firstPoll);

    clock.advance(60_000);
    expect((await s.runDuePolls(clock.now())).polled).toBe(1);
    expect(await lastPollAt(defaultDevice)).toBe(firstPoll);

    const audit = await server.request<Page<AuditEntryResponse>>(
      'GET',
      '/api/v1/audit?action=device-groups.poll-policy.replace',
      { token: admin },
    );
    expect(audit.status).toBe(200);
    expect(audit.body.items.some((e) => e.outcome === 'success' && e.targetId === fastGroup)).toBe(true);
  }, 60_000);

  it('a restart keeps the policy and its due times; a device overdue by many intervals is polled once', async () => {
    await server.server.app.close();
    clock.advanceMinutes(2); // 08:04: the fast device two intervals overdue; the default one due only at 08:05
    const restarted = await startServer(server.env, { clock });
    try {
      const s = scheduler(restarted);
      expect(await s.runDuePolls(clock.now())).toMatchObject({ polled: 1, failedEdges: [] });
      expect((await s.runDuePolls(clock.now())).polled).toBe(0);
      const repo = restarted.app.get(PollScheduleRepository);
      expect((await repo.get(fastDevice))?.nextStatusPollAt.toISOString()).toBe(
        new Date(clock.now().getTime() + 60_000).toISOString(),
      );
      expect((await repo.get(defaultDevice))?.nextStatusPollAt.toISOString()).toBe('2026-05-04T08:05:00.000Z');
      expect(await restarted.app.get(PollPolicyRepository).get(fastGroup)).toMatchObject({
        statusIntervalSeconds: 60,
        fullIntervalSeconds: 600,
      });
    } finally {
      await restarted.close();
    }
  }, 60_000);
});
