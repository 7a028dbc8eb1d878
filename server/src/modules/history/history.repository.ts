import type { DeviceState, PrinterErrorName } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, LessThan, type ObjectLiteral } from 'typeorm';
import { newId } from '../../infra/database/column-types';
import type { DownsampleRow } from './downsampling';
import { DeviceCounterReadingEntity, DeviceStatusHistoryEntity, DeviceSupplyReadingEntity } from './history.entities';

export type HistoryTable = 'status' | 'counters' | 'supplies';

const ENTITY = {
  status: DeviceStatusHistoryEntity,
  counters: DeviceCounterReadingEntity,
  supplies: DeviceSupplyReadingEntity,
} as const;

export interface CounterRow {
  deviceId: string;
  at: Date;
  total: number | null;
  black: number | null;
  color: number | null;
  print: number | null;
  copy: number | null;
  scan: number | null;
  fax: number | null;
}

export interface SupplyRow {
  at: Date;
  index: number;
  description: string | null;
  type: string | null;
  color: string | null;
  remainingPercent: number | null;
  state: string;
}

export interface StatusRow {
  at: Date;
  status: DeviceState;
  errors: PrinterErrorName[];
  message: string | null;
}

/** Parameters per statement stay far below every driver's limit (SQLite 32,766; SQL Server 2,100). */
const CHUNK = 500;

/** Rows per multi-row INSERT: at most 2,000 bound parameters (SQL Server's limit is 2,100). */
const INSERT_ROWS = { status: 300, counters: 200, supplies: 200 } as const;

/** The history rows of one ingest (`IngestPlan`'s). */
export interface IngestHistoryRows {
  status: StatusRow | null;
  counters: Omit<CounterRow, 'deviceId'> | null;
  supplies: SupplyRow[];
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function toCounterRow(r: DeviceCounterReadingEntity): CounterRow {
  return {
    deviceId: r.deviceId,
    at: r.at,
    total: r.total ?? null,
    black: r.black ?? null,
    color: r.color ?? null,
    print: r.print ?? null,
    copy: r.copy ?? null,
    scan: r.scan ?? null,
    fax: r.fax ?? null,
  };
}

/**
 * The only code that touches the history tables. Callers pass device ids they already checked against
 * the caller's scope (the devices service does), so these queries take plain ids.
 */
@Injectable()
export class HistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends the rows of one ingest inside the caller's transaction. */
  async append(em: EntityManager, deviceId: string, rows: IngestHistoryRows): Promise<void> {
    await this.appendMany(em, [{ deviceId, ...rows }]);
  }

  /**
   * Appends the rows of several ingests inside the caller's transaction: one multi-row INSERT per table (in chunks
   * that keep every driver under its limit of bound parameters), rows in the order of `ingests`.
   */
  async appendMany(em: EntityManager, ingests: readonly ({ deviceId: string } & IngestHistoryRows)[]): Promise<void> {
    const status: Partial<DeviceStatusHistoryEntity>[] = [];
    const counters: Partial<DeviceCounterReadingEntity>[] = [];
    const supplies: Partial<DeviceSupplyReadingEntity>[] = [];
    for (const { deviceId, ...rows } of ingests) {
      if (rows.status) {
        status.push({
          id: newId(),
          deviceId,
          at: rows.status.at,
          status: rows.status.status,
          errors: JSON.stringify(rows.status.errors),
          message: rows.status.message,
        });
      }
      if (rows.counters) counters.push({ id: newId(), deviceId, ...rows.counters });
      for (const s of rows.supplies) {
        supplies.push({
          id: newId(),
          deviceId,
          at: s.at,
          supplyIndex: s.index,
          description: s.description,
          type: s.type,
          color: s.color,
          remainingPercent: s.remainingPercent,
          state: s.state,
        });
      }
    }
    for (const part of chunks(status, INSERT_ROWS.status)) {
      await em.getRepository(DeviceStatusHistoryEntity).insert(part);
    }
    for (const part of chunks(counters, INSERT_ROWS.counters)) {
      await em.getRepository(DeviceCounterReadingEntity).insert(part);
    }
    for (const part of chunks(supplies, INSERT_ROWS.supplies)) {
      await em.getRepository(DeviceSupplyReadingEntity).insert(part);
    }
  }

  async counterSeries(deviceId: string, from: Date, to: Date): Promise<CounterRow[]> {
    const rows = await this.range(DeviceCounterReadingEntity, deviceId, from, to).getMany();
    return rows.map(toCounterRow);
  }

  async supplySeries(deviceId: string, from: Date, to: Date): Promise<SupplyRow[]> {
    const rows = await this.range(DeviceSupplyReadingEntity, deviceId, from, to)
      .addOrderBy('h.supply_index', 'ASC')
      .getMany();
    return rows.map((r) => ({
      at: r.at,
      index: r.supplyIndex,
      description: r.description ?? null,
      type: r.type ?? null,
      color: r.color ?? null,
      remainingPercent: r.remainingPercent ?? null,
      state: r.state,
    }));
  }

  async statusSeries(deviceId: string, from: Date, to: Date): Promise<StatusRow[]> {
    const rows = await this.range(DeviceStatusHistoryEntity, deviceId, from, to).getMany();
    return rows.map((r) => ({
      at: r.at,
      status: r.status as DeviceState,
      errors: JSON.parse(r.errors) as PrinterErrorName[],
      message: r.message ?? null,
    }));
  }

  /**
   * Meter-read bounds of each device for [from, to]: `first` is the last reading at or before `from`,
   * else the first reading inside the period; `last` is the last reading at or before `to`.
   */
  async meterBounds(
    deviceIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<Map<string, { first: CounterRow | null; last: CounterRow | null }>> {
    const out = new Map<string, { first: CounterRow | null; last: CounterRow | null }>();
    const fromIso = from.toISOString();
    const toIso = to.toISOString();
    for (const ids of chunks([...new Set(deviceIds)])) {
      const baseline = await this.boundary(ids, 'MAX', 'r2.at <= :from', { from: fromIso });
      const inPeriod = await this.boundary(ids, 'MIN', 'r2.at >= :from AND r2.at <= :to', {
        from: fromIso,
        to: toIso,
      });
      const last = await this.boundary(ids, 'MAX', 'r2.at <= :to', { to: toIso });
      for (const id of ids) {
        const first = baseline.get(id) ?? inPeriod.get(id) ?? null;
        out.set(id, { first, last: first ? (last.get(id) ?? null) : null });
      }
    }
    return out;
  }

  async deleteOlderThan(table: HistoryTable, cutoff: Date): Promise<number> {
    const result = await this.dataSource.getRepository<ObjectLiteral>(ENTITY[table]).delete({ at: LessThan(cutoff) });
    return result.affected ?? 0;
  }

  /** Oldest row time of a table before `before` (where downsampling starts when it never ran). */
  async oldestBefore(table: 'counters' | 'supplies', before: Date): Promise<Date | null> {
    const row = await this.dataSource
      .getRepository<ObjectLiteral>(ENTITY[table])
      .createQueryBuilder('h')
      .select('MIN(h.at)', 'oldest')
      .where('h.at < :before', { before: before.toISOString() })
      .getRawOne<{ oldest: string | null }>();
    return row?.oldest ? new Date(row.oldest) : null;
  }

  /** Rows of a time window (for downsampling one day at a time). */
  async rowsBetween(table: 'counters' | 'supplies', from: Date, to: Date): Promise<DownsampleRow[]> {
    const qb = this.dataSource
      .getRepository<ObjectLiteral>(ENTITY[table])
      .createQueryBuilder('h')
      .select(['h.id', 'h.deviceId', 'h.at'])
      .where('h.at >= :from AND h.at < :to', { from: from.toISOString(), to: to.toISOString() });
    if (table === 'supplies') qb.addSelect('h.supplyIndex');
    const rows = (await qb.getMany()) as (DeviceCounterReadingEntity | DeviceSupplyReadingEntity)[];
    return rows.map((r) => ({
      id: r.id,
      deviceId: r.deviceId,
      at: r.at,
      ...('supplyIndex' in r ? { key: r.supplyIndex } : {}),
    }));
  }

  async deleteIds(table: 'counters' | 'supplies', ids: readonly string[]): Promise<void> {
    for (const part of chunks(ids)) {
      await this.dataSource.getRepository<ObjectLiteral>(ENTITY[table]).delete({ id: In(part) });
    }
  }

  private range<T extends ObjectLiteral>(entity: new () => T, deviceId: string, from: Date, to: Date) {
    return this.dataSource
      .getRepository(entity)
      .createQueryBuilder('h')
      .where('h.device_id = :deviceId', { deviceId })
      .andWhere('h.at >= :from AND h.at <= :to', { from: from.toISOString(), to: to.toISOString() })
      .orderBy('h.at', 'ASC')
      .limit(20_000);
  }

  /** The reading at MIN/MAX(at) under `condition` per device (ties: the greatest id). */
  private async boundary(
    ids: readonly string[],
    fn: 'MIN' | 'MAX',
    condition: string,
    params: Record<string, string>,
  ): Promise<Map<string, CounterRow>> {
    const repo = this.dataSource.getRepository(DeviceCounterReadingEntity);
    const qb = repo.createQueryBuilder('r');
    const sub = qb
      .subQuery()
      .select(`${fn}(r2.at)`)
      .from(DeviceCounterReadingEntity, 'r2')
      .where('r2.device_id = r.device_id')
      .andWhere(condition)
      .getQuery();
    const rows = await qb
      .where('r.device_id IN (:...ids)', { ids })
      .andWhere(`r.at = ${sub}`, params)
      .orderBy('r.id', 'ASC')
      .getMany();
    const out = new Map<string, CounterRow>();
    for (const row of rows) out.set(row.deviceId, toCounterRow(row));
    return out;
  }
}
