import type { DeviceSortField, DeviceState } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { DeviceGroupScope } from '../device-groups/device-group-scope';
import { HistoryRepository, type IngestHistoryRows } from '../history/history.repository';
import type { IngestPlan } from './device-ingest';
import { DeviceEntity, DeviceGroupMemberEntity } from './device.entity';

export interface InventoryPageQuery {
  page: number;
  pageSize: number;
  search?: string | undefined;
  groupId?: string | undefined;
  edgeId?: string | undefined;
  status?: DeviceState | undefined;
  vendor?: string | undefined;
  sort: DeviceSortField;
  order: 'asc' | 'desc';
}

export interface InventoryRow {
  device: DeviceEntity;
  /** Every group of the device (the service narrows it to the caller's scope). */
  groupIds: string[];
}

/** Configuration columns an RW user sets (secrets already encrypted by the service). */
export interface DeviceConfigUpdate {
  name?: string;
  address?: string;
  edgeId?: string | null;
  port?: number;
  location?: string | null;
  snmpSettings?: string | null;
  snmpSecretEncrypted?: string | null;
  adminPasswordEncrypted?: string | null;
  updatedAt: Date;
}

const SORT_COLUMNS: Record<Exclude<DeviceSortField, 'status'>, string> = {
  name: 'd.name',
  address: 'd.address',
  model: 'd.model',
  lastSeen: 'd.last_seen_at',
};

/** Status sorts by severity, most urgent first in ascending order; any other value (ok) comes after these. */
const STATUS_BUCKETS = ['error', 'unreachable', 'warning', 'unknown'] as const;

/** COUNT(*) of a query without joins (TypeORM's getCount counts DISTINCT ids, several times slower). */
async function countOf(qb: SelectQueryBuilder<DeviceEntity>): Promise<number> {
  const row = await qb.clone().select('COUNT(*)', 'n').orderBy().getRawOne<{ n: string | number }>();
  return Number(row?.n ?? 0);
}

async function idsOf(qb: SelectQueryBuilder<DeviceEntity>): Promise<string[]> {
  return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Text search columns, also those of the search copy `device_search` (migration 1764000022500). */
const SEARCHED = ['name', 'address', 'serial_number', 'model'] as const;

/** The trigram index finds substrings of at least 3 characters; shorter ones keep the LIKE. */
const TRIGRAM = 3;

/**
 * SQLite: above this many candidate devices (group members, search matches), the list scans a covering devices
 * index in the page's order and tests each device against the candidates (`+d.id IN …`: the unary plus keeps the
 * planner from driving from the candidates), instead of looking up each candidate's wide row and sorting them.
 * Measured at 100,000 devices: 15,000-20,000 candidates cost 60-90 ms CPU by lookup against 5-30 ms by scan; a few
 * hundred candidates cost 1-2 ms by lookup, the scan of 100,000 index entries about 15 ms.
 */
const SQLITE_SCAN_ABOVE = 2000;

/** The device columns one poll's result sets. */
function ingestColumns(plan: IngestPlan): Partial<DeviceEntity> {
  const d = plan.device;
  const columns: Partial<DeviceEntity> = {
    status: d.status,
    statusErrors: JSON.stringify(d.errors),
    lastPollAt: d.lastPollAt,
    lastPollOutcome: d.lastPollOutcome,
    lastPollErrorCode: d.lastPollErrorCode,
    lastPollErrorMessage: d.lastPollErrorMessage,
  };
  if (d.read) {
    Object.assign(columns, {
      vendor: d.read.vendor,
      model: d.read.model,
      serialNumber: d.read.serialNumber,
      firmware: d.read.firmware,
      sysName: d.read.sysName,
      sysLocation: d.read.sysLocation,
      driverId: d.read.driverId,
      counters: JSON.stringify(d.read.counters),
      supplies: JSON.stringify(d.read.supplies),
      trays: JSON.stringify(d.read.trays),
      printerAlerts: JSON.stringify(d.read.alerts),
      unreadable: JSON.stringify(d.read.unreadable),
      lastSeenAt: d.read.lastSeenAt,
    } satisfies Partial<DeviceEntity>);
  }
  return columns;
}

function historyRows(plan: IngestPlan): IngestHistoryRows {
  return { status: plan.statusChange, counters: plan.counterReading, supplies: plan.supplyReadings };
}

/**
 * Inventory reads and writes of the devices table (list with filters and sorting, detail, configuration,
 * poll results). Scoped reads take a required scope, like `DeviceRepository`.
 */
@Injectable()
export class DeviceInventoryRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryRepository,
  ) {}

  async pageInScope(
    scope: DeviceGroupScope,
    query: InventoryPageQuery,
  ): Promise<{ items: InventoryRow[]; total: number }> {
    const qb = this.scoped(scope);
    if (!qb) return { items: [], total: 0 };
    if (query.groupId !== undefined) await this.inGroup(qb, query.groupId);
    if (query.edgeId !== undefined) qb.andWhere('d.edge_id = :edgeId', { edgeId: query.edgeId });
    if (query.status !== undefined) qb.andWhere('d.status = :status', { status: query.status });
    if (query.vendor !== undefined)
      qb.andWhere('LOWER(d.vendor) = :vendor', { vendor: query.vendor.trim().toLowerCase() });
    const search = query.search?.trim();
    // The number of matches is the total when the search is the only condition (every group, no filter).
    const searchOnly =
      scope.allDeviceGroups &&
      query.groupId === undefined &&
      query.edgeId === undefined &&
      query.status === undefined &&
      query.vendor === undefined;
    const matches = search ? await this.matchText(qb, search.toLowerCase(), searchOnly) : undefined;
    const knownTotal = searchOnly ? matches : undefined;
    const offset = (query.page - 1) * query.pageSize;
    // Two steps: the page's ids from a narrow query (the indexes of migration 1764000009000 cover it), then the
    // page's rows. Sorting or skipping whole device rows (with their JSON columns) is what made deep pages slow.
    let total: number;
    let ids: string[];
    if (query.sort === 'status') {
      ({ total, ids } = await this.pageByStatus(qb, query.order, offset, query.pageSize));
    } else {
      total = knownTotal ?? (await countOf(qb));
      const page = qb.clone().select('d.id', 'id');
      const direction = query.order === 'desc' ? 'DESC' : 'ASC';
      const column = SORT_COLUMNS[query.sort];
      // Devices never read (null model / last seen) go last in either direction, on every driver.
      if (query.sort === 'model' || query.sort === 'lastSeen') {
        page.orderBy(`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`, 'ASC').addOrderBy(column, direction);
      } else {
        page.orderBy(column, direction);
      }
      if (query.sort !== 'name') page.addOrderBy('d.name', 'ASC');
      ids = await idsOf(page.addOrderBy('d.id', 'ASC').offset(offset).limit(query.pageSize));
    }
    return { items: await this.withGroups(await this.rowsInOrder(ids)), total };
  }

  async findInScope(scope: DeviceGroupScope, id: string): Promise<InventoryRow | null> {
    const qb = this.scoped(scope);
    if (!qb) return null;
    const row = await qb.andWhere('d.id = :id', { id }).getOne();
    if (!row) return null;
    return (await this.withGroups([row]))[0] ?? null;
  }

  /** Every device in the scope (optionally one group), for reports and exports, ordered by name. */
  async allInScope(scope: DeviceGroupScope, groupId?: string): Promise<InventoryRow[]> {
    const qb = this.scoped(scope);
    if (!qb) return [];
    if (groupId !== undefined) await this.inGroup(qb, groupId);
    const rows = await qb
      .select([
        'd.id',
        'd.name',
        'd.address',
        'd.edgeId',
        'd.serialNumber',
        'd.model',
        'd.vendor',
        'd.status',
        'd.port',
        'd.createdAt',
        'd.updatedAt',
      ])
      .orderBy('d.name', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    return this.withGroups(rows);
  }

  /** Unscoped: the scheduler's ingest and the service's own reads after a scope check. */
  async findById(id: string): Promise<DeviceEntity | null> {
    return this.dataSource.getRepository(DeviceEntity).findOne({ where: { id } });
  }

  /** `em`: inside a caller's transaction (a delivery records its outcome and the credentials it changed at once). */
  async updateConfig(id: string, update: DeviceConfigUpdate, em?: EntityManager): Promise<void> {
    await (em ?? this.dataSource.manager).getRepository(DeviceEntity).update({ id }, update);
  }

  /** Unscoped, like `findById`: the devices of a batch of poll results (missing ones are absent). */
  async findByIds(ids: readonly string[]): Promise<DeviceEntity[]> {
    const repo = this.dataSource.getRepository(DeviceEntity);
    const out: DeviceEntity[] = [];
    for (let i = 0; i < ids.length; i += 500) out.push(...(await repo.findBy({ id: In(ids.slice(i, i + 500)) })));
    return out;
  }

  /** Writes one poll's result: the device's columns and its history rows, in one transaction. */
  async applyIngest(id: string, plan: IngestPlan): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(DeviceEntity).update({ id }, ingestColumns(plan));
      await this.history.append(em, id, historyRows(plan));
    });
  }

  /**
   * Writes several polls' results in one transaction: each device's columns (one UPDATE per device: the columns
   * differ per device), the history rows of all of them (multi-row INSERTs), then `alsoInside` (what follows an
   * ingest, e.g. alerts) in the same transaction. Nothing is written when any of it fails.
   */
  async applyIngests(
    ingests: readonly { id: string; plan: IngestPlan }[],
    alsoInside: (em: EntityManager) => Promise<void>,
  ): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const devices = em.getRepository(DeviceEntity);
      for (const { id, plan } of ingests) await devices.update({ id }, ingestColumns(plan));
      await this.history.appendMany(
        em,
        ingests.map(({ id, plan }) => ({ deviceId: id, ...historyRows(plan) })),
      );
      await alsoInside(em);
    });
  }

  /**
   * A page sorted by status severity (then name, id). The status has five values: count each (that is also the
   * total), then read the page from the one or two status buckets it overlaps, each in (status, name, id) index
   * order, instead of sorting every device by a CASE expression.
   */
  private async pageByStatus(
    qb: SelectQueryBuilder<DeviceEntity>,
    order: 'asc' | 'desc',
    offset: number,
    limit: number,
  ): Promise<{ total: number; ids: string[] }> {
    const counts = await qb
      .clone()
      .select('d.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('d.status')
      .getRawMany<{ status: string; n: string | number }>();
    const perRank = new Array<number>(STATUS_BUCKETS.length + 1).fill(0);
    const others: string[] = [];
    let total = 0;
    for (const c of counts) {
      const rank = STATUS_BUCKETS.indexOf(c.status as (typeof STATUS_BUCKETS)[number]);
      if (rank === -1) others.push(c.status);
      perRank[rank === -1 ? STATUS_BUCKETS.length : rank]! += Number(c.n);
      total += Number(c.n);
    }
    const ranks = perRank.map((_, rank) => rank);
    if (order === 'desc') ranks.reverse();
    const ids: string[] = [];
    let start = 0;
    for (const rank of ranks) {
      const size = perRank[rank]!;
      const from = Math.max(offset + ids.length - start, 0);
      if (ids.length < limit && from < size) {
        const bucket = qb.clone().select('d.id', 'id');
        // The last bucket is normally "ok" alone: an equality keeps it in (status, name, id) index order too;
        // NOT IN would make the database walk the whole name index.
        const status =
          rank < STATUS_BUCKETS.length ? STATUS_BUCKETS[rank] : others.length === 1 ? others[0] : undefined;
        if (status !== undefined) bucket.andWhere('d.status = :bucketStatus', { bucketStatus: status });
        else bucket.andWhere('d.status NOT IN (:...bucketStatuses)', { bucketStatuses: [...STATUS_BUCKETS] });
        ids.push(
          ...(await idsOf(
            bucket
              .orderBy('d.name', 'ASC')
              .addOrderBy('d.id', 'ASC')
              .offset(from)
              .limit(limit - ids.length),
          )),
        );
      }
      start += size;
    }
    return { total, ids };
  }

  /**
   * Devices of one group, read from the members table (its primary key starts with the group id) instead of
   * probing the members for every device (EXISTS per row).
   */
  private async inGroup(qb: SelectQueryBuilder<DeviceEntity>, groupId: string): Promise<void> {
    const members = qb
      .subQuery()
      .select('fm.device_id')
      .from(DeviceGroupMemberEntity, 'fm')
      .where('fm.device_group_id = :groupId')
      .getQuery();
    let scan = false;
    if (this.isSqlite()) {
      const row = await this.dataSource
        .getRepository(DeviceGroupMemberEntity)
        .createQueryBuilder('fm')
        .select('COUNT(*)', 'n')
        .where('fm.device_group_id = :groupId', { groupId })
        .getRawOne<{ n: number }>();
      scan = Number(row?.n ?? 0) > SQLITE_SCAN_ABOVE;
    }
    qb.andWhere(`${scan ? '+' : ''}d.id IN ${members}`, { groupId });
  }

  private isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  /**
   * Devices with `text` (lower-cased) in the name, address, serial number or model: exactly the devices
   * `LOWER(column) LIKE '%text%'` finds, through the search copy of decision record 0018 where there is one.
   * - SQLite: the trigram FTS5 table holds the lower-cased columns, case-sensitive, so a phrase of 3 or more
   *   characters matches exactly the rows whose lower-cased column contains it (LIKE folds ASCII only, and
   *   neither side has an ASCII capital left).
   * - PostgreSQL: the same LIKE over the narrow lower-cased copy (pg_trgm GIN indexes when available).
   * - Otherwise, and for shorter text on SQLite: the LIKE over the devices table.
   * Returns the number of matching devices when it comes from the search copy alone (on SQLite always: it picks
   * the plan; on PostgreSQL when `countMatches`), else undefined.
   */
  private async matchText(
    qb: SelectQueryBuilder<DeviceEntity>,
    text: string,
    countMatches: boolean,
  ): Promise<number | undefined> {
    const pattern = `%${escapeLike(text)}%`;
    if (this.isSqlite() && [...text].length >= TRIGRAM) {
      const searchPhrase = `"${text.replace(/"/g, '""')}"`;
      const match = 'SELECT device_search.rowid FROM device_search WHERE device_search MATCH :searchPhrase';
      const row = await this.dataSource
        .createQueryBuilder()
        .select('COUNT(*)', 'n')
        .from('device_search', 'device_search')
        .where('device_search MATCH :searchPhrase', { searchPhrase })
        .getRawOne<{ n: number }>();
      const matches = Number(row?.n ?? 0);
      qb.andWhere(`${matches > SQLITE_SCAN_ABOVE ? '+' : ''}d.rowid IN (${match})`, { searchPhrase });
      return matches;
    }
    if (this.dataSource.options.type === 'postgres') {
      const any = SEARCHED.map((c) => `s.${c} LIKE :pattern ESCAPE '\\'`).join(' OR ');
      qb.andWhere(`d.id IN (SELECT s.device_id FROM device_search s WHERE ${any})`, { pattern });
      if (!countMatches) return undefined;
      const row = await this.dataSource
        .createQueryBuilder()
        .select('COUNT(*)', 'n')
        .from('device_search', 's')
        .where(any, { pattern })
        .getRawOne<{ n: string | number }>();
      return Number(row?.n ?? 0);
    }
    qb.andWhere(
      new Brackets((w) => {
        for (const column of SEARCHED) w.orWhere(`LOWER(d.${column}) LIKE :pattern ESCAPE '\\'`, { pattern });
      }),
    );
    return undefined;
  }

  /** Full rows of `ids`, in the order of `ids`. */
  private async rowsInOrder(ids: readonly string[]): Promise<DeviceEntity[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.getRepository(DeviceEntity).findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is DeviceEntity => r !== undefined);
  }

  private scoped(scope: DeviceGroupScope): SelectQueryBuilder<DeviceEntity> | null {
    const qb = this.dataSource.getRepository(DeviceEntity).createQueryBuilder('d');
    if (scope.allDeviceGroups) return qb.where('1 = 1');
    if (scope.deviceGroupIds.size === 0) return null;
    const inScope = qb
      .subQuery()
      .select('1')
      .from(DeviceGroupMemberEntity, 'sm')
      .where('sm.device_id = d.id')
      .andWhere('sm.device_group_id IN (:...scopeIds)')
      .getQuery();
    return qb.where(`EXISTS ${inScope}`, { scopeIds: [...scope.deviceGroupIds] });
  }

  private async withGroups(rows: DeviceEntity[]): Promise<InventoryRow[]> {
    const groups = new Map<string, string[]>(rows.map((r) => [r.id, []]));
    const ids = [...groups.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const members = await this.dataSource
        .getRepository(DeviceGroupMemberEntity)
        .find({ where: { deviceId: In(ids.slice(i, i + 500)) } });
      for (const m of members) groups.get(m.deviceId)?.push(m.deviceGroupId);
    }
    return rows.map((device) => ({ device, groupIds: (groups.get(device.id) ?? []).sort() }));
  }
}
