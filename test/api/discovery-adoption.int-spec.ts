import type {
  AdoptDevicesResponse,
  DeviceDetailResponse,
  DeviceListItemResponse,
  DiscoveryRunResponse,
  Page,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, type RunningEdge } from '../../edge/src/main';
import { PollingScheduler } from '../../server/src/modules/polling/polling-scheduler';
import { startSimulator } from '../simulator/src/index';
import { FakeClock, startTestServer, type TestServer } from '../support';
import { connectEdgeByToken, createGroup, userWithRole } from './access-helpers';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const COMMUNITY = `fleet-ro-${randomBytes(6).toString('hex')}`;
const WRONG_COMMUNITY = `not-this-${randomBytes(6).toString('hex')}`;

/**
 * Discovery through a real edge and adoption of what it found: the simulator serves SNMP on 127.21.1.1-3 with a
 * private community; the scan of 127.21.1.0/29 tries a wrong community first. Real server (SQLite, or PostgreSQL
 * with DATABASE_URL), real edge over HTTPS with its bearer token; the scheduler's loop is off.
 */
describe('discovery and adoption (server + edge + simulator)', () => {
  const clock = new FakeClock('2026-05-04T08:00:00.000Z');
  const token = `edge-token-${randomBytes(12).toString('hex')}`;
  let edgeDir: string;
  let edge: RunningEdge;
  let sim: Simulator;
  let server: TestServer;
  let admin: string;
  let edgeId: string;
  let groupId: string;
  let run: DiscoveryRunResponse;
  const adopted: string[] = [];

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
    sim = await startSimulator({
      devices: 3,
      baseAddress: '127.21.1.1',
      port: 161,
      communities: [COMMUNITY],
      tickMs: false,
      autoFaults: false,
    });
    server = await startTestServer({ clock, env: { FLEETWARD_POLL_TICK_SECONDS: '0' } });
    admin = await server.loginAsAdmin();
    edgeId = await connectEdgeByToken(server, admin, 'Scan site', {
      url: edge.url,
      token: token,
      caPem: edge.certificate,
    });
    groupId = (await createGroup(server, admin, 'Adopted')).id;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await edge?.close();
    await sim?.stop();
    if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
  });

  it('refuses a bad body with 400 naming the fields; an unknown edge is 404', async () => {
    const bad = await server.request<{ code: string; details: { field: string }[] }>(
      'POST',
      `/api/v1/edges/${edgeId}/discoveries`,
      { token: admin, body: { range: '', credentials: [{ version: '2c', community: '' }] } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.map((d) => d.field).sort()).toEqual(['credentials.0.community', 'range']);
    const unparsable = await server.request<{ code: string }>('POST', `/api/v1/edges/${edgeId}/discoveries`, {
      token: admin,
      body: { range: 'not-a-range', credentials: [{ version: '2c', community: COMMUNITY }] },
    });
    expect(unparsable.status).toBe(400);
    expect(unparsable.body.code).toBe('DISCOVERY_REJECTED');
    const unknown = await server.request('POST', `/api/v1/edges/0b7d3a52-5f1e-4c7a-9d0e-3f6f1c2b9a10/discoveries`, {
      token: admin,
      body: { range: '127.21.1.0/29', credentials: [{ version: '2c', community: COMMUNITY }] },
    });
    expect(unknown.status).toBe(404);
  });

  it('discovery of a /29 finds exactly the simulated devices, with the credential that answered', async () => {
    const res = await server.request<DiscoveryRunResponse>('POST', `/api/v1/edges/${edgeId}/discoveries`, {
      token: admin,
      body: {
        range: '127.21.1.0/29',
        credentials: [
          { version: '2c', community: WRONG_COMMUNITY },
          { version: '2c', community: COMMUNITY },
        ],
      },
    });
    expect(res.status, res.text).toBe(201);
    run = res.body;
    expect(run).toMatchObject({ edgeId, range: '127.21.1.0/29', startedAt: clock.now().toISOString() });
    expect(run.expiresAt).toBe('2026-05-05T08:00:00.000Z');
    expect(run.devices.map((d) => d.host).sort()).toEqual(sim.devices.map((d) => d.address).sort());
    for (const d of run.devices) {
      expect(d).toMatchObject({ port: 161, snmpVersion: '2c', credentialIndex: 1, alreadyAdded: false });
      expect(d.model).toBe(sim.device(d.host).model.identity.model);
    }
    expect(res.text).not.toContain(COMMUNITY);
    const again = await server.request<DiscoveryRunResponse>('GET', `/api/v1/edges/${edgeId}/discoveries/${run.id}`, {
      token: admin,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(run);
  }, 60_000);

  it('adopting two creates them with the answering credential; after the first poll they show their identity', async () => {
    const [a, b] = [...run.devices].sort((x, y) => x.host.localeCompare(y.host));
    const res = await server.request<AdoptDevicesResponse>(
      'POST',
      `/api/v1/edges/${edgeId}/discoveries/${run.id}/adopt`,
      {
        token: admin,
        body: {
          hosts: [
            { host: a!.host, port: 161 },
            { host: b!.host, port: 161 },
            { host: '127.21.1.6', port: 161 },
          ],
          groupIds: [groupId],
          namePrefix: 'Floor 3 ',
        },
      },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.results.map((r) => [r.host, r.ok, r.error?.code])).toEqual([
      [a!.host, true, undefined],
      [b!.host, true, undefined],
      ['127.21.1.6', false, 'NOT_DISCOVERED'],
    ]);
    adopted.push(...res.body.results.filter((r) => r.ok).map((r) => r.deviceId!));

    const list = await server.request<Page<DeviceListItemResponse>>('GET', `/api/v1/devices?groupId=${groupId}`, {
      token: admin,
    });
    expect(list.body.items.map((d) => d.id).sort()).toEqual([...adopted].sort());
    expect(list.body.items.every((d) => d.name.startsWith('Floor 3 ') && d.edgeId === edgeId)).toBe(true);

    const summary = await server.server.app.get(PollingScheduler).runDuePolls(clock.now());
    expect(summary).toMatchObject({ polled: 2, failedEdges: [] });
    for (const id of adopted) {
      const detail = await server.request<DeviceDetailResponse>('GET', `/api/v1/devices/${id}`, { token: admin });
      expect(detail.body.lastPoll?.outcome).toBe('ok');
      expect(detail.body.identity.model).toBe(sim.device(detail.body.address).model.identity.model);
      expect(detail.body.snmp).toMatchObject({ version: '2c', hasCommunity: true });
      expect(detail.text).not.toContain(COMMUNITY);
    }
  }, 60_000);

  it('adopting the same addresses again is reported as already added; the run marks them', async () => {
    const res = await server.request<AdoptDevicesResponse>(
      'POST',
      `/api/v1/edges/${edgeId}/discoveries/${run.id}/adopt`,
      { token: admin, body: { hosts: run.devices.map((d) => ({ host: d.host, port: d.port })), groupIds: [groupId] } },
    );
    expect(res.status).toBe(200);
    const codes = res.body.results.map((r) => (r.ok ? 'ok' : r.error?.code));
    expect(codes.filter((c) => c === 'DEVICE_ALREADY_ADDED')).toHaveLength(2);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    const again = await server.request<DiscoveryRunResponse>('GET', `/api/v1/edges/${edgeId}/discoveries/${run.id}`, {
      token: admin,
    });
    expect(again.body.devices.every((d) => d.alreadyAdded)).toBe(true);
  });

  it('needs Device Management (RW), the edge and the groups in scope', async () => {
    const ro = await userWithRole(server, admin, 'scan.readonly', {
      permissions: [Permission.DeviceManagementRo],
      allDeviceGroups: true,
      allEdges: true,
    });
    const body = { range: '127.21.1.0/29', credentials: [{ version: '2c', community: COMMUNITY }] };
    expect(
      (await server.request('POST', `/api/v1/edges/${edgeId}/discoveries`, { token: ro.token, body })).status,
    ).toBe(403);
    expect(
      (
        await server.request('POST', `/api/v1/edges/${edgeId}/discoveries/${run.id}/adopt`, {
          token: ro.token,
          body: { hosts: [{ host: '127.21.1.1', port: 161 }], groupIds: [groupId] },
        })
      ).status,
    ).toBe(403);
    const noEdge = await userWithRole(server, admin, 'scan.other-edges', {
      permissions: [Permission.DeviceManagementRw],
      allDeviceGroups: true,
    });
    expect(
      (await server.request('GET', `/api/v1/edges/${edgeId}/discoveries/${run.id}`, { token: noEdge.token })).status,
    ).toBe(404);
    const noGroup = await userWithRole(server, admin, 'scan.other-groups', {
      permissions: [Permission.DeviceManagementRw],
      allEdges: true,
    });
    const refused = await server.request<{ code: string }>(
      'POST',
      `/api/v1/edges/${edgeId}/discoveries/${run.id}/adopt`,
      { token: noGroup.token, body: { hosts: [{ host: '127.21.1.1', port: 161 }], groupIds: [groupId] } },
    );
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('DEVICE_GROUP_NOT_FOUND');
  });

  it('keeps the submitted credentials only encrypted, and deletes them with the run after 24 hours', async () => {
    const dataSource = server.server.app.get(DataSource);
    const rows = await dataSource.query<Record<string, unknown>[]>('SELECT * FROM discovery_runs');
    expect(rows).toHaveLength(1);
    const dump = JSON.stringify(rows);
    expect(dump).toContain('127.21.1.1');
    expect(dump).not.toContain(COMMUNITY);
    expect(dump).not.toContain(WRONG_COMMUNITY);
    if (server.database.type === 'sqlite') {
      await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
      const file = server.database.file;
      const bytes = Buffer.concat(
        [file, `${file}-wal`, `${file}-journal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
      );
      expect(bytes.includes(Buffer.from('127.21.1.1'))).toBe(true);
      expect(bytes.includes(Buffer.from(COMMUNITY))).toBe(false);
      expect(bytes.includes(Buffer.from(WRONG_COMMUNITY))).toBe(false);
    }

    clock.advanceMinutes(24 * 60);
    admin = await server.loginAsAdmin();
    const gone = await server.request<{ code: string }>('GET', `/api/v1/edges/${edgeId}/discoveries/${run.id}`, {
      token: admin,
    });
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('DISCOVERY_RUN_NOT_FOUND');
    expect(await dataSource.query('SELECT id FROM discovery_runs')).toHaveLength(0);
  });
});
