import type { DeviceListItemResponse, Page } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceEntity, DeviceGroupMemberEntity } from '../../server/src/modules/devices/device.entity';
import { startTestServer, type TestServer } from '../support';
import { createGroup, expectStatus, userWithRole } from './access-helpers';

const DEVICES = 10_000;
const RUNS = 20;
const STATES = ['ok', 'ok', 'ok', 'warning', 'error', 'unknown', 'unreachable'];
const MODELS = ['FW-C4000i', 'FW-M300', 'LaserJet 400', 'imageRUNNER 2630', 'bizhub C300i'];
const VENDORS = ['Fleetward Test', 'HP', 'Canon', 'Konica Minolta'];

/**
 * Seeds 10,000 devices straight into the database (4 groups) and times the device list over HTTPS:
 * paging, sorting, filters and search, for a user with every group and one limited to one group.
 * Prints the p95 of each query (timing is printed, not asserted: it depends on the machine).
 */
describe(`device list with ${DEVICES.toLocaleString('en')} devices`, () => {
  let server: TestServer;
  let admin: string;
  let scoped: string;
  let groups: string[];

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.loginAsAdmin();
    groups = [];
    for (const name of ['North', 'South', 'East', 'West']) groups.push((await createGroup(server, admin, name)).id);
    await seedDevices(server.server.app.get(DataSource), groups);
    scoped = (
      await userWithRole(server, admin, 'north-viewer', {
        permissions: [Permission.DeviceManagementRo],
        deviceGroupIds: [groups[0]!],
      })
    ).token;
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  async function timed(label: string, token: string, query: string): Promise<Page<DeviceListItemResponse>> {
    const durations: number[] = [];
    let last: Page<DeviceListItemResponse> | undefined;
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      const res = await server.request<Page<DeviceListItemResponse>>('GET', `/api/v1/devices${query}`, { token });
      durations.push(performance.now() - started);
      last = expectStatus(res, 200, label);
    }
    durations.sort((a, b) => a - b);
    const p95 = durations[Math.ceil(0.95 * durations.length) - 1]!;
    const p50 = durations[Math.floor(0.5 * durations.length)]!;
    console.log(
      `[devices-list-scale] ${server.database.type} ${label.padEnd(34)} p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  (total ${last!.total})`,
    );
    return last!;
  }

  it('pages, sorts, filters and searches; a one-group user sees only that group', async () => {
    const first = await timed('first page by name', admin, '?pageSize=50');
    expect(first.total).toBe(DEVICES);
    expect(first.items).toHaveLength(50);
    const deep = await timed('page 150 by name', admin, '?page=150&pageSize=50');
    expect(deep.items[0]!.name).toBe(deviceName(149 * 50));
    const status = await timed('sort by status (severity)', admin, '?sort=status&pageSize=50');
    expect(status.items[0]!.status).toBe('error');
    const seen = await timed('sort by lastSeen desc', admin, '?sort=lastSeen&order=desc&pageSize=50');
    expect(seen.items[0]!.lastSeen! >= seen.items[1]!.lastSeen!).toBe(true);
    await timed('sort by model', admin, '?sort=model&pageSize=50');
    const errors = await timed('filter status=error', admin, '?status=error');
    expect(errors.total).toBe(Math.floor(DEVICES / STATES.length) + (DEVICES % STATES.length > 4 ? 1 : 0));
    const vendor = await timed('filter vendor + group', admin, `?vendor=hp&groupId=${groups[1]!}`);
    expect(vendor.items.every((d) => d.vendor === 'HP' && d.groupIds.includes(groups[1]!))).toBe(true);
    const serial = await timed('search serial', admin, '?search=SN-0004242');
    expect(serial.items.map((d) => d.name)).toEqual([deviceName(4242)]);
    const search = await timed('search model substring', admin, '?search=bizhub&pageSize=50');
    expect(search.total).toBe(DEVICES / MODELS.length);
    const mine = await timed('one-group user, sort by status', scoped, '?sort=status&pageSize=50');
    expect(mine.total).toBe(DEVICES / groups.length);
    expect(mine.items.every((d) => d.groupIds.length === 1 && d.groupIds[0] === groups[0])).toBe(true);
    const mineSearch = await timed('one-group user, search', scoped, '?search=SN-0004243');
    expect(mineSearch.total).toBe(0); // device 4243 is in group South
  });
});

function deviceName(i: number): string {
  return `mfp-${String(i).padStart(5, '0')}`;
}

async function seedDevices(db: DataSource, groupIds: string[]): Promise<void> {
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  const devices: Partial<DeviceEntity>[] = [];
  const members: DeviceGroupMemberEntity[] = [];
  for (let i = 0; i < DEVICES; i += 1) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const never = i % 50 === 0;
    devices.push({
      id,
      name: deviceName(i),
      address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      port: 161,
      status: STATES[i % STATES.length]!,
      vendor: VENDORS[i % VENDORS.length]!,
      model: MODELS[i % MODELS.length]!,
      serialNumber: `SN-${String(i).padStart(7, '0')}`,
      lastSeenAt: never ? null : new Date(base + i * 60_000),
      createdAt: new Date(base),
      updatedAt: new Date(base),
    });
    members.push({ deviceGroupId: groupIds[i % groupIds.length]!, deviceId: id });
  }
  await db.transaction(async (em) => {
    for (let i = 0; i < devices.length; i += 200) {
      await em.getRepository(DeviceEntity).insert(devices.slice(i, i + 200));
      await em.getRepository(DeviceGroupMemberEntity).insert(members.slice(i, i + 200));
    }
  });
}
