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
 * The device list's text search through the search copy (migration 1764000022500, decision record 0018) on a real
 * database (SQLite file; PostgreSQL in a fresh schema with DATABASE_URL): it must find exactly the devices the plain
 * `LOWER(column) LIKE '%text%'` over the devices table finds, for short and long text, wildcards, quotes, capitals
 * and non-ASCII letters, and follow every write of the searched columns (the triggers).
 */
const NOW = new Date('2026-01-15T09:00:00.000Z');
const ALL = { allDeviceGroups: true, deviceGroupIds: new Set<string>() };
const GROUP = '10000000-0000-4000-8000-00000000000a';
const BULK_GROUP = '10000000-0000-4000-8000-00000000000b';

const NAMES = [
  'Bizhub C300i front desk',
  'BIZHUB-2',
  'biz hub',
  'a%b_c\\d',
  'Ünïcode Äpfel',
  'äpfel lower',
  '\u212Aelvin sign',
  'kelvin plain',
  'İstanbul office',
  'istanbul annex',
  'say "hello"',
  "O'Brien's printer",
  'tab\there',
  '日本語プリンタ',
  '日本語',
];
const MODELS = ['bizhub C300i', 'LaserJet 400', 'imageRUNNER 2630', null, 'FW-M300'];

const SEARCHES = [
  'bizhub',
  'BizHub',
  'biz',
  'bi',
  'b',
  'z h',
  '%b_',
  'b_c',
  '\\d',
  '"hello"',
  '"',
  "o'b",
  'ü',
  'äpf',
  'Äpf',
  'ÜNÏ',
  'kelvin',
  'elvin',
  'i̇st',
  'İst',
  'stanbul',
  '10.0.',
  '10.0.0.1',
  'sn-0000',
  'SN-00000012',
  'c300i',
  'laserjet 4',
  'tab\th',
  '日本語',
  '本語プ',
  'zzz-none',
];

describe('device text search on a real database', () => {
  let dir: string;
  let db: DataSource;
  let pgSchema: string | undefined;
  const pgUrl = process.env.DATABASE_URL;
  let sut: DeviceInventoryRepository;
  const ids: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fleetward-search-'));
    let config: DatabaseConfig;
    if (pgUrl) {
      pgSchema = `fw_search_${randomBytes(5).toString('hex')}`;
      const admin = new DataSource({ type: 'postgres', url: pgUrl });
      await admin.initialize();
      await admin.query(`CREATE SCHEMA "${pgSchema}"`);
      await admin.destroy();
      config = { type: 'postgres', url: pgUrl, schema: pgSchema };
    } else {
      config = { type: 'sqlite', file: path.join(dir, 'search.sqlite') };
    }
    db = new DataSource({
      ...buildDataSourceOptions(config),
      entities: [DeviceEntity, DeviceGroupMemberEntity, DeviceGroupEntity],
    });
    await db.initialize();
    await new DeviceGroupRepository(db).insert({ id: GROUP, name: 'A', description: '', now: NOW });
    await new DeviceGroupRepository(db).insert({ id: BULK_GROUP, name: 'B', description: '', now: NOW });
    for (let i = 0; i < 60; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      ids.push(id);
      await db.getRepository(DeviceEntity).insert({
        id,
        name: `${NAMES[i % NAMES.length]!} ${i}`,
        address: `10.0.${i % 3}.${i}`,
        port: 161,
        status: i % 2 === 0 ? 'ok' : 'error',
        model: MODELS[i % MODELS.length] ?? null,
        serialNumber: i % 7 === 0 ? null : `SN-${String(i).padStart(8, '0')}`,
        createdAt: NOW,
        updatedAt: NOW,
      });
      if (i % 4 === 0) await db.getRepository(DeviceGroupMemberEntity).insert({ deviceGroupId: GROUP, deviceId: id });
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

  /** The reference: the plain LIKE over the devices table, as the list searched before the search copy. */
  async function likeIds(text: string): Promise<string[]> {
    const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const pg = db.options.type === 'postgres';
    const p = pg ? '$1' : '?';
    const any = ['name', 'address', 'serial_number', 'model']
      .map((c) => `LOWER(d.${c}) LIKE ${p} ESCAPE '\\'`)
      .join(' OR ');
    const sql = `SELECT d.id AS id FROM devices d WHERE (${any}) ORDER BY d.name, d.id`;
    const rows = await db.query<{ id: string }[]>(sql, pg ? [pattern] : [pattern, pattern, pattern, pattern]);
    return rows.map((r) => r.id);
  }

  async function searchIds(text: string, groupId?: string): Promise<{ ids: string[]; total: number }> {
    const r = await sut.pageInScope(ALL, { page: 1, pageSize: 500, sort: 'name', order: 'asc', search: text, groupId });
    return { ids: r.items.map((i) => i.device.id), total: r.total };
  }

  it('the migration made the search copy (FTS5 on SQLite, a table on PostgreSQL)', async () => {
    const rows = await db.query<{ n: string | number }[]>(
      db.options.type === 'postgres'
        ? `SELECT COUNT(*) AS n FROM device_search`
        : `SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'device_search' AND sql LIKE '%fts5%trigram%'`,
    );
    expect(Number(rows[0]!.n)).toBe(db.options.type === 'postgres' ? 60 : 1);
  });

  it.each(SEARCHES)('search %j finds exactly what LIKE finds, in name order, with that total', async (text) => {
    const expected = await likeIds(text);
    const got = await searchIds(text);
    expect(got.ids).toEqual(expected);
    expect(got.total).toBe(expected.length);
  });

  it('the reference itself finds something for most searches (the comparison is not vacuous)', async () => {
    let nonEmpty = 0;
    for (const text of SEARCHES) if ((await likeIds(text)).length > 0) nonEmpty++;
    expect(nonEmpty).toBeGreaterThanOrEqual(SEARCHES.length - 6);
  });

  it('search combines with a group filter and a status sort', async () => {
    const got = await sut.pageInScope(ALL, {
      page: 1,
      pageSize: 500,
      sort: 'status',
      order: 'asc',
      search: 'bizhub',
      groupId: GROUP,
    });
    const member = (await likeIds('bizhub')).filter((id) => ids.indexOf(id) % 4 === 0);
    expect(new Set(got.items.map((i) => i.device.id))).toEqual(new Set(member));
    expect(got.total).toBe(member.length);
    expect(member.length).toBeGreaterThan(0);
  });

  // Last: they change the devices.
  it('follows renames, poll results, new and deleted devices (the triggers)', async () => {
    const repo = db.getRepository(DeviceEntity);
    await repo.update({ id: ids[1]! }, { name: 'Renamed Quokka' });
    await repo.update({ id: ids[2]! }, { model: 'Wombat 9000', serialNumber: 'WB-777' });
    await repo.update({ id: ids[3]! }, { status: 'warning', lastPollAt: NOW }); // no searched column
    await repo.update({ id: ids[5]! }, { address: 'printer-echidna.example' });
    await repo.delete({ id: ids[0]! });
    await repo.insert({
      id: '00000000-0000-4000-8000-000000000999',
      name: 'Fresh platypus',
      address: '10.9.9.9',
      port: 161,
      status: 'ok',
      createdAt: NOW,
      updatedAt: NOW,
    });
    for (const text of ['quokka', 'wombat', 'wb-777', 'echidna', 'platypus', 'bizhub', 'mfp', 'front desk 0']) {
      const expected = await likeIds(text);
      expect((await searchIds(text)).ids, text).toEqual(expected);
    }
    expect((await searchIds('quokka')).ids).toEqual([ids[1]]);
    expect((await searchIds('front desk 0')).ids).toEqual([]);
    expect((await searchIds('wb-777')).ids).toEqual([ids[2]]);
    expect((await searchIds('platypus')).total).toBe(1);
  });

  // Last: it adds 2,100 devices. Above 2,000 candidates SQLite scans an index instead of looking candidates up
  // (SQLITE_SCAN_ABOVE): the pages and totals must be the same.
  it('many matches and a big group give the same pages and totals (the scan plan on SQLite)', async () => {
    const bulk: Partial<DeviceEntity>[] = [];
    for (let i = 0; i < 2100; i++) {
      bulk.push({
        id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
        name: `Bulk ${String((i * 7919) % 2100).padStart(4, '0')}`,
        address: `10.8.${i >> 8}.${i & 255}`,
        port: 161,
        status: ['ok', 'error', 'warning', 'unknown', 'unreachable'][i % 5]!,
        model: 'BulkJet',
        createdAt: NOW,
        updatedAt: NOW,
      });
    }
    for (let i = 0; i < bulk.length; i += 200) {
      const chunk = bulk.slice(i, i + 200);
      await db.getRepository(DeviceEntity).insert(chunk);
      await db
        .getRepository(DeviceGroupMemberEntity)
        .insert(chunk.map((d) => ({ deviceGroupId: BULK_GROUP, deviceId: d.id! })));
    }
    for (const text of ['bulk', 'bulkjet', 'bulk 1']) {
      const expected = await likeIds(text);
      for (const page of [1, 7, 40]) {
        const r = await sut.pageInScope(ALL, { page, pageSize: 50, sort: 'name', order: 'asc', search: text });
        expect(r.total, text).toBe(expected.length);
        expect(
          r.items.map((i) => i.device.id),
          `${text} page ${page}`,
        ).toEqual(expected.slice((page - 1) * 50, page * 50));
      }
    }
    const rank: Record<string, number> = { error: 0, unreachable: 1, warning: 2, unknown: 3, ok: 4 };
    const inGroup = [...bulk].sort(
      (a, b) =>
        rank[b.status!]! - rank[a.status!]! ||
        (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : a.id! < b.id! ? -1 : 1),
    );
    for (const page of [1, 10, 42]) {
      const r = await sut.pageInScope(ALL, { page, pageSize: 50, sort: 'status', order: 'desc', groupId: BULK_GROUP });
      expect(r.total).toBe(2100);
      expect(r.items.map((i) => i.device.id)).toEqual(inGroup.slice((page - 1) * 50, page * 50).map((d) => d.id));
    }
    const byName = await sut.pageInScope(ALL, { page: 3, pageSize: 50, sort: 'name', order: 'asc', groupId: GROUP });
    expect(byName.total).toBe(ids.filter((_, i) => i % 4 === 0 && i !== 0).length);
  });
});
