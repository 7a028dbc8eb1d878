import type {
  CounterReadingResponse,
  DeviceDetailResponse,
  DeviceListItemResponse,
  ErrorResponse,
  FleetReportResponse,
  HistoryResponse,
  MeterReadsResponse,
  Page,
  StatusChangeResponse,
  SupplyReadingResponse,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceInventoryService } from '../../server/src/modules/devices/device-inventory.service';
import { deviceSnapshot, failedPoll, supply } from '../../server/src/modules/devices/testing/snapshot.factory';
import { HistoryMaintenance } from '../../server/src/modules/history/history-maintenance.service';
import { FakeClock, startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support';
import { createEdge, createGroup, expectStatus, makeRole } from './access-helpers';

const COMMUNITY = 'c0mmunity-Secret-42';
const AUTH_KEY = 'auth-Key-Secret-9876';
const PRIV_KEY = 'priv-Key-Secret-5432';
const ADMIN_PASSWORD = 'Device-Admin-Pw-777';

/**
 * Device inventory over real HTTPS (SQLite, or PostgreSQL with DATABASE_URL): credentials stored
 * encrypted and never returned, poll results ingested, history, meter reads, fleet report, and scope:
 * alice (Device Management RO, group G1 only) never sees G2's devices anywhere.
 */
describe('devices: inventory, history, meter reads and scope (HTTP)', () => {
  const clock = new FakeClock('2026-03-01T08:00:00.000Z');
  let server: TestServer;
  let admin: string;
  let inventory: DeviceInventoryService;
  let g1: string;
  let g2: string;
  let edge1: string;
  let edge2: string;
  let d1: DeviceDetailResponse;
  let d2: DeviceDetailResponse;
  let d3: DeviceDetailResponse;
  const PASSWORD = 'Inventory-Test-Pw-1!';
  /** Tokens by user name; renewed by signing in again when the test clock moved past their expiry. */
  const tokens = new Map<string, string>();
  const alice = { token: 'alice' };
  const bob = { token: 'bob' };
  const carol = { token: 'carol' };

  async function call<T>(method: string, path: string, user: string, body?: unknown) {
    const send = async () =>
      server.request<T>(method, `/api/v1${path}`, {
        token: tokens.get(user)!,
        ...(body === undefined ? {} : { body }),
      });
    let res = await send();
    if (res.status === 401) {
      tokens.set(user, (await server.login(user, user === 'admin' ? TEST_ADMIN_PASSWORD : PASSWORD)).accessToken);
      res = await send();
    }
    return res;
  }

  async function scopedUser(name: string, permissions: Permission[], deviceGroupIds: string[], edgeIds: string[]) {
    const { user, token } = await server.createUser(name, { password: PASSWORD });
    tokens.set(name, token);
    await makeRole(server, tokens.get('admin')!, {
      name: `role of ${name}`,
      permissions,
      deviceGroupIds,
      edgeIds,
      memberIds: [user.id],
    });
  }

  async function expectError(
    p: Promise<{ status: number; body: unknown; text: string }>,
    status: number,
    code: string,
  ) {
    const res = await p;
    expect(res.status, res.text).toBe(status);
    expect((res.body as ErrorResponse).code).toBe(code);
    return res.body as ErrorResponse;
  }

  async function poll(deviceId: string, result: unknown, advanceMinutes = 5): Promise<void> {
    clock.advanceMinutes(advanceMinutes);
    await inventory.ingestPoll(deviceId, result);
  }

  beforeAll(async () => {
    server = await startTestServer({ clock });
    admin = 'admin';
    tokens.set('admin', await server.loginAsAdmin());
    inventory = server.server.app.get(DeviceInventoryService);
    const adminToken = tokens.get('admin')!;
    g1 = (await createGroup(server, adminToken, 'G1')).id;
    g2 = (await createGroup(server, adminToken, 'G2')).id;
    edge1 = (await createEdge(server, adminToken, 'edge-1')).id;
    edge2 = (await createEdge(server, adminToken, 'edge-2')).id;
    const create = async (body: Record<string, unknown>) =>
      expectStatus(
        await call<DeviceDetailResponse>('POST', '/devices', admin, body),
        201,
        `create ${String(body.name)}`,
      );
    d1 = await create({
      name: 'mfp-1',
      address: '127.1.0.1',
      groupIds: [g1],
      edgeId: edge1,
      location: 'HQ 3F copy room',
      snmp: { version: '2c', community: COMMUNITY },
      adminPassword: ADMIN_PASSWORD,
    });
    d2 = await create({
      name: 'mfp-2',
      address: 'printer-2.example.test',
      port: 1161,
      groupIds: [g2],
      edgeId: edge2,
      snmp: {
        version: '3',
        user: 'fleet',
        level: 'authPriv',
        authProtocol: 'sha256',
        authKey: AUTH_KEY,
        privProtocol: 'aes',
        privKey: PRIV_KEY,
      },
    });
    d3 = await create({ name: 'mfp-3', address: 'fe80::1', groupIds: [g1], edgeId: edge2 });
    await scopedUser('alice', [Permission.DeviceManagementRo], [g1], []);
    await scopedUser('bob', [Permission.DeviceManagementRw], [g1], [edge1]);
    await scopedUser('carol', [Permission.DeviceManagementRw], [g1], [edge1, edge2]);
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('credentials', () => {
    it('are never returned: the API tells only what is set', async () => {
      expect(d1.snmp).toEqual({
        version: '2c',
        hasCommunity: true,
        v3User: null,
        level: null,
        authProtocol: null,
        privProtocol: null,
        hasAuthKey: false,
        hasPrivKey: false,
        context: null,
      });
      expect(d1).toMatchObject({ hasAdminPassword: true, location: 'HQ 3F copy room', port: 161, status: 'unknown' });
      expect(d2.snmp).toMatchObject({
        version: '3',
        v3User: 'fleet',
        level: 'authPriv',
        hasAuthKey: true,
        hasPrivKey: true,
      });
      expect(d2.port).toBe(1161);
      expect(d3.snmp).toBeNull();
      const texts = [
        (await call('GET', `/devices/${d1.id}`, admin)).text,
        (await call('GET', `/devices/${d2.id}`, admin)).text,
        (await call('GET', '/devices', admin)).text,
      ];
      for (const text of texts)
        for (const secret of [COMMUNITY, AUTH_KEY, PRIV_KEY, ADMIN_PASSWORD]) expect(text).not.toContain(secret);
    });

    it('are stored encrypted (the database holds no plaintext) and decrypt for the poll target', async () => {
      const db = server.server.app.get(DataSource);
      const rows = await db.query<Record<string, string | null>[]>(
        'SELECT snmp_secret_encrypted, admin_password_encrypted, snmp_settings FROM devices',
      );
      const dump = JSON.stringify(rows);
      for (const secret of [COMMUNITY, AUTH_KEY, PRIV_KEY, ADMIN_PASSWORD]) expect(dump).not.toContain(secret);
      expect(rows.filter((r) => r.snmp_secret_encrypted?.startsWith('v1:'))).toHaveLength(2);
      expect(await inventory.pollTarget(d2.id)).toEqual({
        host: 'printer-2.example.test',
        port: 1161,
        snmp: {
          version: '3',
          user: 'fleet',
          level: 'authPriv',
          authProtocol: 'sha256',
          authKey: AUTH_KEY,
          privProtocol: 'aes',
          privKey: PRIV_KEY,
        },
      });
      await expect(inventory.pollTarget(d3.id)).rejects.toMatchObject({ code: 'DEVICE_CREDENTIALS_MISSING' });
    });

    it('bad input gets a clear error naming each field', async () => {
      const bad = await expectError(
        call('POST', '/devices', admin, { name: 'x', address: 'not an address!', port: 70000, groupIds: [g1] }),
        400,
        'VALIDATION_FAILED',
      );
      expect(bad.details?.map((d) => d.field).sort()).toEqual(['address', 'port']);
      const v3 = await expectError(
        call('POST', '/devices', admin, {
          name: 'x',
          address: '127.1.0.9',
          groupIds: [g1],
          snmp: { version: '3', user: 'u', level: 'authPriv', authProtocol: 'sha', authKey: 'short' },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(v3.details?.map((d) => d.field).sort()).toEqual(['snmp.authKey', 'snmp.privKey', 'snmp.privProtocol']);
      await expectError(
        call('POST', '/devices', admin, { name: 'x', address: '127.1.0.9', groupIds: [g1], snmp: { version: '4' } }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('an update replaces or clears credentials; secrets stay write-only', async () => {
      const updated = expectStatus(
        await call<DeviceDetailResponse>('PATCH', `/devices/${d3.id}`, admin, {
          snmp: { version: '1', community: 'public-ish' },
          location: 'Annex',
        }),
        200,
        'patch',
      );
      expect(updated).toMatchObject({ location: 'Annex', snmp: { version: '1', hasCommunity: true } });
      const cleared = expectStatus(
        await call<DeviceDetailResponse>('PATCH', `/devices/${d3.id}`, admin, { snmp: null }),
        200,
        'clear',
      );
      expect(cleared.snmp).toBeNull();
    });
  });

  describe('ingest and the device page', () => {
    it('a successful poll fills identity, status, supplies, trays, counters and last seen', async () => {
      await poll(d1.id, deviceSnapshot());
      const page = expectStatus(await call<DeviceDetailResponse>('GET', `/devices/${d1.id}`, admin), 200, 'detail');
      expect(page).toMatchObject({
        status: 'ok',
        vendor: 'Fleetward Test',
        model: 'FW-C4000i',
        serialNumber: 'SN-0001',
        identity: { firmware: '2.1.0', sysName: 'mfp-1', sysLocation: 'HQ 3F' },
        driverId: 'generic',
        lastSeen: clock.now().toISOString(),
        lastPoll: { at: clock.now().toISOString(), outcome: 'ok', errorCode: null },
      });
      expect(page.supplies.map((s) => [s.index, s.remainingPercent])).toEqual([
        [1, 80],
        [2, 40],
      ]);
      expect(page.trays[0]).toMatchObject({ name: 'Tray 1', level: 250 });
      expect(page.counters).toMatchObject({ total: 1000, black: 700, color: 300, scan: null });
    });

    it('a failed poll marks the device unreachable and keeps the last good read', async () => {
      const lastSeen = clock.now().toISOString();
      await poll(
        d2.id,
        deviceSnapshot({ identity: { ...deviceSnapshot().identity, serialNumber: 'SN-0002', model: 'FW-M300' } }),
      );
      await poll(
        d2.id,
        failedPoll({ error: { code: 'wrongAuthentication', message: 'Wrong SNMPv3 authentication key' } }),
      );
      const page = expectStatus(await call<DeviceDetailResponse>('GET', `/devices/${d2.id}`, admin), 200, 'detail');
      expect(page).toMatchObject({
        status: 'unreachable',
        serialNumber: 'SN-0002',
        lastPoll: {
          outcome: 'failed',
          errorCode: 'wrongAuthentication',
          errorMessage: 'Wrong SNMPv3 authentication key',
        },
      });
      expect(page.lastSeen! > lastSeen).toBe(true);
      expect(page.lastSeen! < page.lastPoll!.at).toBe(true);
    });

    it('an unknown device is refused', async () => {
      await expect(
        inventory.ingestPoll('0b7d3a52-5f1e-4c7a-9d0e-3f6f1c2b9a10', deviceSnapshot()),
      ).rejects.toMatchObject({
        code: 'DEVICE_NOT_FOUND',
      });
    });
  });

  describe('history', () => {
    it('keeps counter readings (not identical repeats), supply levels and status transitions only', async () => {
      await poll(d1.id, deviceSnapshot()); // unchanged: no new rows
      await poll(d1.id, deviceSnapshot({ counters: { total: 1100, black: 780, color: 320 } }));
      await poll(
        d1.id,
        deviceSnapshot({
          counters: { total: 1150, black: 800, color: 350 },
          status: { device: 'warning', printer: 'idle', errors: ['jammed'], rawErrorState: '0400', overall: 'error' },
          supplies: [
            supply({ index: 1, remainingPercent: 60 }),
            supply({ index: 2, color: 'cyan', remainingPercent: 35 }),
          ],
        }),
      );
      await poll(d1.id, deviceSnapshot({ counters: { total: 1150, black: 800, color: 350 } }));
      const counters = expectStatus(
        await call<HistoryResponse<CounterReadingResponse>>('GET', `/devices/${d1.id}/history/counters`, admin),
        200,
        'counters',
      );
      expect(counters.items.map((r) => r.total)).toEqual([1000, 1100, 1150]);
      const status = expectStatus(
        await call<HistoryResponse<StatusChangeResponse>>('GET', `/devices/${d1.id}/history/status`, admin),
        200,
        'status',
      );
      expect(status.items.map((r) => [r.status, r.errors])).toEqual([
        ['ok', []],
        ['error', ['jammed']],
        ['ok', []],
      ]);
      const supplies = expectStatus(
        await call<HistoryResponse<SupplyReadingResponse>>('GET', `/devices/${d1.id}/history/supplies`, admin),
        200,
        'supplies',
      );
      expect(supplies.items.filter((r) => r.index === 1).map((r) => r.remainingPercent)).toEqual([80, 60, 80]);
    });

    it('a time range narrows the series; a reversed range is refused', async () => {
      const to = new Date(clock.now().getTime() - 7 * 60_000).toISOString(); // before the 1150 reading
      const narrow = expectStatus(
        await call<HistoryResponse<CounterReadingResponse>>(
          'GET',
          `/devices/${d1.id}/history/counters?from=2026-03-01T00:00:00.000Z&to=${to}`,
          admin,
        ),
        200,
        'narrow',
      );
      expect(narrow.items.map((r) => r.total)).toEqual([1000, 1100]);
      await expectError(
        call('GET', `/devices/${d1.id}/history/counters?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`, admin),
        400,
        'INVALID_TIME_RANGE',
      );
      await expectError(
        call('GET', `/devices/${d1.id}/history/counters?from=yesterday`, admin),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('list: sorting, filtering, search', () => {
    it('sorts by status severity, filters by status, vendor, edge and searches serial and model', async () => {
      const byStatus = expectStatus(
        await call<Page<DeviceListItemResponse>>('GET', '/devices?sort=status', admin),
        200,
        'sort',
      );
      expect(byStatus.items.map((d) => [d.name, d.status])).toEqual([
        ['mfp-2', 'unreachable'],
        ['mfp-3', 'unknown'],
        ['mfp-1', 'ok'],
      ]);
      const unreachable = expectStatus(
        await call<Page<DeviceListItemResponse>>('GET', '/devices?status=unreachable', admin),
        200,
        'filter',
      );
      expect(unreachable.items.map((d) => d.name)).toEqual(['mfp-2']);
      const lastSeen = expectStatus(
        await call<Page<DeviceListItemResponse>>('GET', '/devices?sort=lastSeen&order=desc', admin),
        200,
        'lastSeen',
      );
      expect(lastSeen.items.map((d) => d.name)).toEqual(['mfp-1', 'mfp-2', 'mfp-3']);
      const search = expectStatus(
        await call<Page<DeviceListItemResponse>>('GET', '/devices?search=sn-0002', admin),
        200,
        's',
      );
      expect(search.items.map((d) => d.name)).toEqual(['mfp-2']);
      const model = expectStatus(
        await call<Page<DeviceListItemResponse>>('GET', '/devices?search=c4000', admin),
        200,
        'm',
      );
      expect(model.items.map((d) => d.name)).toEqual(['mfp-1']);
      const vendor = expectStatus(
        await call<Page<DeviceListItemResponse>>('GET', '/devices?vendor=fleetward%20test', admin),
        200,
        'v',
      );
      expect(vendor.total).toBe(2);
      const edge = expectStatus(
        await call<Page<DeviceListItemResponse>>('GET', `/devices?edgeId=${edge2}`, admin),
        200,
        'e',
      );
      expect(edge.items.map((d) => d.name)).toEqual(['mfp-2', 'mfp-3']);
      await expectError(call('GET', '/devices?sort=serial', admin), 400, 'VALIDATION_FAILED');
      await expectError(call('GET', '/devices?status=broken', admin), 400, 'VALIDATION_FAILED');
    });
  });

  describe('meter reads and fleet report', () => {
    it('JSON: first and last reading of the period and pages per type', async () => {
      const res = expectStatus(
        await call<MeterReadsResponse>('GET', '/devices/meter-reads?from=2026-03-01T00:00:00.000Z', admin),
        200,
        'meter reads',
      );
      const one = res.items.find((i) => i.deviceId === d1.id)!;
      expect(one).toMatchObject({
        name: 'mfp-1',
        serialNumber: 'SN-0001',
        groups: ['G1'],
        first: { values: { total: 1000, black: 700, color: 300, scan: null } },
        last: { values: { total: 1150, black: 800, color: 350 } },
        pages: { total: 150, black: 100, color: 50, print: 0, copy: 0, scan: null, fax: null },
      });
      expect(res.items.find((i) => i.deviceId === d3.id)).toMatchObject({ first: null, last: null });
    });

    it('CSV: RFC 4180 with a header, formula-safe cells, the per-type breakdown', async () => {
      await call('PATCH', `/devices/${d1.id}`, admin, { name: '=HYPERLINK("x"),1' });
      const res = await call<string>('GET', '/devices/meter-reads.csv?from=2026-03-01T00:00:00.000Z', admin);
      expect(res.status).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^text\/csv/);
      // The byte order mark (see meter-reads.spec.ts) is dropped by the client's UTF-8 decoding.
      const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toMatch(
        /^Device,Address,Serial number,Model,Groups,First reading at,Last reading at,total first,total last,total pages,/,
      );
      const row = lines.find((l) => l.includes('SN-0001'))!;
      expect(row.startsWith(`"'=HYPERLINK(""x""),1",127.1.0.1,SN-0001,FW-C4000i,G1,`)).toBe(true);
      expect(row).toContain(',1000,1150,150,700,800,100,300,350,50,');
      await call('PATCH', `/devices/${d1.id}`, admin, { name: 'mfp-1' });
    });

    it('fleet report: devices by status and pages per group', async () => {
      const report = expectStatus(
        await call<FleetReportResponse>('GET', '/devices/reports/fleet?from=2026-03-01T00:00:00.000Z', admin),
        200,
        'fleet',
      );
      expect(report.groups.map((g) => [g.name, g.deviceCount, g.pages.total])).toEqual([
        ['G1', 2, 150],
        ['G2', 1, 0],
      ]);
      expect(report.total).toMatchObject({ deviceCount: 3, byStatus: { ok: 1, unreachable: 1, unknown: 1 } });
    });
  });

  describe('scope: alice (RO, G1) never sees G2', () => {
    it('lists and counts only G1 devices', async () => {
      const page = expectStatus(
        await call<Page<DeviceListItemResponse>>('GET', '/devices?sort=status', alice.token),
        200,
        'list',
      );
      expect(page.total).toBe(2);
      expect(page.items.map((d) => d.name)).toEqual(['mfp-3', 'mfp-1']);
      const search = expectStatus(
        await call<Page<DeviceListItemResponse>>('GET', '/devices?search=SN-0002', alice.token),
        200,
        's',
      );
      expect(search.total).toBe(0);
      const unreachable = expectStatus(
        await call<Page<DeviceListItemResponse>>('GET', '/devices?status=unreachable', alice.token),
        200,
        'status',
      );
      expect(unreachable.total).toBe(0);
      await expectError(call('GET', `/devices?groupId=${g2}`, alice.token), 404, 'DEVICE_GROUP_NOT_FOUND');
    });

    it('the device page and every history of a G2 device answer 404', async () => {
      await expectError(call('GET', `/devices/${d2.id}`, alice.token), 404, 'DEVICE_NOT_FOUND');
      for (const kind of ['counters', 'supplies', 'status']) {
        await expectError(call('GET', `/devices/${d2.id}/history/${kind}`, alice.token), 404, 'DEVICE_NOT_FOUND');
      }
      expectStatus(await call('GET', `/devices/${d1.id}/history/counters`, alice.token), 200, 'own history');
    });

    it('the meter-read export and fleet report hold only G1', async () => {
      const json = expectStatus(
        await call<MeterReadsResponse>('GET', '/devices/meter-reads', alice.token),
        200,
        'json',
      );
      expect(json.items.map((i) => i.name).sort()).toEqual(['mfp-1', 'mfp-3']);
      const csv = await call<string>('GET', '/devices/meter-reads.csv', alice.token);
      expect(csv.status).toBe(200);
      expect(csv.text).not.toContain('mfp-2');
      expect(csv.text).not.toContain('SN-0002');
      expect(csv.text.trimEnd().split('\r\n')).toHaveLength(3);
      await expectError(
        call('GET', `/devices/meter-reads.csv?groupId=${g2}`, alice.token),
        404,
        'DEVICE_GROUP_NOT_FOUND',
      );
      const report = expectStatus(
        await call<FleetReportResponse>('GET', '/devices/reports/fleet', alice.token),
        200,
        'r',
      );
      expect(report.groups.map((g) => g.name)).toEqual(['G1']);
      expect(report.total.deviceCount).toBe(2);
    });

    it('RO cannot change a device', async () => {
      await expectError(call('PATCH', `/devices/${d1.id}`, alice.token, { location: 'x' }), 403, 'PERMISSION_DENIED');
      await expectError(
        call('POST', '/devices', alice.token, { name: 'x', address: '127.1.0.9', groupIds: [g1] }),
        403,
        'PERMISSION_DENIED',
      );
    });

    it('RW acts only on devices whose edge it reaches, and never on G2', async () => {
      const ok = expectStatus(
        await call<DeviceDetailResponse>('PATCH', `/devices/${d1.id}`, bob.token, { location: 'Lobby' }),
        200,
        'bob',
      );
      expect(ok.location).toBe('Lobby');
      await expectError(
        call('PATCH', `/devices/${d3.id}`, bob.token, { location: 'x' }),
        403,
        'DEVICE_EDGE_NOT_REACHED',
      );
      await expectError(call('PATCH', `/devices/${d1.id}`, bob.token, { edgeId: edge2 }), 404, 'EDGE_NOT_FOUND');
      await expectError(call('PATCH', `/devices/${d2.id}`, carol.token, { location: 'x' }), 404, 'DEVICE_NOT_FOUND');
      expectStatus(await call('PATCH', `/devices/${d3.id}`, carol.token, { location: 'Annex 2' }), 200, 'carol');
    });
  });

  describe('history maintenance', () => {
    it('retention settings: System Management reads and changes them; bad values are refused', async () => {
      const defaults = expectStatus(await call('GET', '/settings/history', admin), 200, 'get');
      expect(defaults).toEqual({
        counterRetentionDays: 400,
        supplyRetentionDays: 90,
        statusRetentionDays: 90,
        downsampleAfterDays: 30,
      });
      await expectError(
        call('PUT', '/settings/history', admin, { ...(defaults as object), statusRetentionDays: 0 }),
        400,
        'VALIDATION_FAILED',
      );
      await expectError(call('GET', '/settings/history', alice.token), 403, 'PERMISSION_DENIED');
      const changed = {
        counterRetentionDays: 400,
        supplyRetentionDays: 90,
        statusRetentionDays: 90,
        downsampleAfterDays: 30,
      };
      expect(expectStatus(await call('PUT', '/settings/history', admin, changed), 200, 'put')).toEqual(changed);
    });

    it('downsamples old readings to one per device per day and deletes what is past retention', async () => {
      const maintenance = server.server.app.get(HistoryMaintenance);
      // Several readings on one day, then 45 days later: older than the 30-day downsampling threshold.
      clock.set('2026-03-10T06:00:00.000Z');
      for (const total of [2000, 2010, 2020])
        await poll(d1.id, deviceSnapshot({ counters: { total, black: total } }), 60);
      clock.set('2026-04-24T12:00:00.000Z');
      const first = await maintenance.run();
      expect(first.downsampled.counters).toBeGreaterThanOrEqual(2);
      const series = expectStatus(
        await call<HistoryResponse<CounterReadingResponse>>(
          'GET',
          `/devices/${d1.id}/history/counters?from=2026-03-10T00:00:00.000Z&to=2026-03-11T00:00:00.000Z`,
          admin,
        ),
        200,
        'series',
      );
      expect(series.items.map((r) => r.total)).toEqual([2020]);
      const again = await maintenance.run();
      expect(again.downsampled).toEqual({ counters: 0, supplies: 0 });
      // A year and a half later everything but the counters' 400 days is gone.
      clock.set('2027-04-10T00:00:00.000Z');
      const late = await maintenance.run();
      expect(late.deleted.status).toBeGreaterThan(0);
      expect(late.deleted.supplies).toBeGreaterThan(0);
      expect(late.deleted.counters).toBeGreaterThan(0);
      const status = expectStatus(
        await call<HistoryResponse<StatusChangeResponse>>(
          'GET',
          `/devices/${d1.id}/history/status?from=2026-03-01T00:00:00.000Z&to=2027-04-10T00:00:00.000Z`,
          admin,
        ),
        200,
        'status',
      );
      expect(status.items).toEqual([]);
    });
  });
});
