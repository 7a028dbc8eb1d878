import type { DeviceSortField } from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseConfig } from '../../infra/config/app-config';
import { buildDataSourceOptions } from '../../infra/database/data-source-options';
import { DeviceGroupEntity } from '../device-groups/device-group.entity';
import { DeviceGroupRepository } from '../device-groups/device-group.repository';
import { HistoryRepository } from '../history/history.repository';
import { DeviceInventoryRepository } from './device-inventory.repository';
import { DeviceEntity, DeviceGroupMemberEntity } from './device.entity';

/**
 * The device list's paging on a real database (SQLite file; PostgreSQL in a fresh schema with DATABASE_URL): every
 * page of every sort must be the slice of one total order, also across the status buckets the status sort reads
 * one after the other (DeviceInventoryRepository.pageByStatus) and with a group filter or a narrowed scope.
 */
const NOW = new Date('2026-01-15T09:00:00.000Z');
const ALL = { allDeviceGroups: true, deviceGroupIds: new Set<string>() };
const STATES = ['ok', 'warning', 'error', 'unknown', 'unreachable', 'ok', 'ok', 'error'];
const RANK: Record<string, number> = { error: 0, unreachable: 1, warning: 2, unknown: 3, ok: 4, legacy: 4 };
const DEVICES = 97;
const GROUP_A = '10000000-0000-4000-8000-00000000000a';
const GROUP_B = '10000000-0000-4000-8000-00000000000b';

interface Seeded {
  id: string;
  name: string;
  status: string;
  model: string | null;
  groups: string[];
}

describe('device list paging on a real database', () => {
  let dir: string;
  let db: DataSource;
  let pgSchema: string | undefined;
  const pgUrl = process.env.DATABASE_URL;
  let sut: DeviceInventoryRepository;
  const seeded: Seeded[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fleetward-inventory-'));
    let config: DatabaseConfig;
    if (pgUrl) {
      pgSchema = `fw_inventory_${randomBytes(5).toString('hex')}`;
      const admin = new DataSource({ type: 'postgres', url: pgUrl });
      await admin.initialize();
      await admin.query(`CREATE SCHEMA "${pgSchema}"`);
      await admin.destroy();
      config = { type: 'postgres', url: pgUrl, schema: pgSchema };
    } else {
      config = { type: 'sqlite', file: path.join(dir, 'inventory.sqlite') };
    }
    db = new DataSource({
      ...buildDataSourceOptions(config),
      entities: [DeviceEntity, DeviceGroupMemberEntity, DeviceGroupEntity],
    });
    await db.initialize();
    const groups = new DeviceGroupRepository(db);
    await groups.insert({ id: GROUP_A, name: 'A', description: '', now: NOW });
    await groups.insert({ id: GROUP_B, name: 'B', description: '', now: NOW });
    for (let i = 0; i < DEVICES; i++) {
      // Names repeat (ties are broken by id) and are not in id order.
      const d: Seeded = {
        id: `00000000-0000-4000-8000-${String((i * 37) % DEVICES).padStart(12, '0')}`,
        name: `mfp-${String(i % 41).padStart(3, '0')}`,
        status: STATES[i % STATES.length]!,
        model: i % 9 === 0 ? null : `model-${i % 4}`,
        groups: i % 3 === 0 ? [GROUP_A, GROUP_B] : i % 3 === 1 ? [GROUP_A] : [],
      };
      seeded.push(d);
      await db.getRepository(DeviceEntity).insert({
        id: d.id,
        name: d.name,
        address: `10.0.0.${i}`,
        port: 161,
        status: d.status,
        model: d.model,
        createdAt: NOW,
        updatedAt: NOW,
      });
      for (const g of d.groups)
        await db.getRepository(DeviceGroupMemberEntity).insert({ deviceGroupId: g, deviceId: d.id });
    }
    sut = new DeviceInventoryRepository(db, new HistoryRepository(db));
  });

  afterAll(async () => {
    await db?.destroy();
    if (pgUrl && pgSchema) {
      const admin = new DataSource({ type: 'postgres', url: pgUrl });
      await admin.initialize();
      await admin.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
      await admin.destroy();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const byNameId = (a: Seeded, b: Seeded): number =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

  function expected(sort: DeviceSortField, order: 'asc' | 'desc', devices: readonly Seeded[]): string[] {
    const sign = order === 'desc' ? -1 : 1;
    return [...devices]
      .sort((a, b) => {
        if (sort === 'status') return sign * (RANK[a.status]! - RANK[b.status]!) || byNameId(a, b);
        if (sort === 'model') {
          if ((a.model === null) !== (b.model === null)) return a.model === null ? 1 : -1;
          const c = a.model === b.model ? 0 : (a.model ?? '') < (b.model ?? '') ? -1 : 1;
          return sign * c || byNameId(a, b);
        }
        // By name in either direction; ties always by id ascending.
        return sign * (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1);
      })
      .map((d) => d.id);
  }

  async function allPages(
    sort: DeviceSortField,
    order: 'asc' | 'desc',
    pageSize: number,
    extra: { groupId?: string; scope?: typeof ALL } = {},
  ): Promise<{ ids: string[]; totals: number[] }> {
    const ids: string[] = [];
    const totals: number[] = [];
    for (let page = 1; page <= Math.ceil(seeded.length / pageSize) + 1; page++) {
      const r = await sut.pageInScope(extra.scope ?? ALL, { page, pageSize, sort, order, groupId: extra.groupId });
      ids.push(...r.items.map((i) => i.device.id));
      totals.push(r.total);
    }
    return { ids, totals };
  }

  it.each([
    ['status', 'asc'],
    ['status', 'desc'],
    ['name', 'asc'],
    ['name', 'desc'],
    ['model', 'asc'],
  ] as const)(
    'sort %s %s: the pages of 7 join up to the whole list in order, with the right total',
    async (sort, order) => {
      const { ids, totals } = await allPages(sort, order, 7);
      expect(ids).toEqual(expected(sort, order, seeded));
      expect(new Set(totals)).toEqual(new Set([DEVICES]));
    },
  );

  it('status sort with a group filter and with a one-group scope pages across the buckets too', async () => {
    const inA = seeded.filter((d) => d.groups.includes(GROUP_A));
    const filtered = await allPages('status', 'asc', 5, { groupId: GROUP_B });
    expect(filtered.ids).toEqual(
      expected(
        'status',
        'asc',
        seeded.filter((d) => d.groups.includes(GROUP_B)),
      ),
    );
    const scoped = await allPages('status', 'desc', 6, {
      scope: { allDeviceGroups: false, deviceGroupIds: new Set([GROUP_A]) },
    });
    expect(scoped.ids).toEqual(expected('status', 'desc', inA));
    expect(scoped.totals[0]).toBe(inA.length);
  });

  it('a page past the end is empty and still reports the total; the rows carry their groups', async () => {
    const past = await sut.pageInScope(ALL, { page: 99, pageSize: 10, sort: 'status', order: 'asc' });
    expect(past).toEqual({ items: [], total: DEVICES });
    const first = await sut.pageInScope(ALL, { page: 1, pageSize: 3, sort: 'name', order: 'asc' });
    const d = seeded.find((s) => s.id === first.items[0]!.device.id)!;
    expect(first.items[0]!.groupIds).toEqual([...d.groups].sort());
    expect(first.items[0]!.device.address).toMatch(/^10\.0\.0\./);
  });

  // Last: it adds a device.
  it('a status outside the five (an old row) sorts with "ok", mixed by name, across pages', async () => {
    const odd: Seeded = {
      id: '00000000-0000-4000-8000-000000009999',
      name: 'mfp-020',
      status: 'legacy',
      model: null,
      groups: [],
    };
    await db.getRepository(DeviceEntity).insert({
      id: odd.id,
      name: odd.name,
      address: '10.0.1.1',
      port: 161,
      status: odd.status,
      createdAt: NOW,
      updatedAt: NOW,
    });
    seeded.push(odd);
    const { ids, totals } = await allPages('status', 'asc', 8);
    expect(ids).toEqual(expected('status', 'asc', seeded));
    expect(totals[0]).toBe(DEVICES + 1);
  });
});
