import type { DeviceSortField, DeviceState } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, type SelectQueryBuilder } from 'typeorm';
import type { DeviceGroupScope } from '../device-groups/device-group-scope';
import { HistoryRepository } from '../history/history.repository';
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

/** Status sorts by severity, most urgent first in ascending order. */
const STATUS_RANK =
  "CASE d.status WHEN 'error' THEN 0 WHEN 'unreachable' THEN 1 WHEN 'warning' THEN 2 WHEN 'unknown' THEN 3 ELSE 4 END";

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
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
    if (query.groupId !== undefined) {
      const inGroup = qb
        .subQuery()
        .select('1')
        .from(DeviceGroupMemberEntity, 'fm')
        .where('fm.device_id = d.id')
        .andWhere('fm.device_group_id = :groupId')
        .getQuery();
      qb.andWhere(`EXISTS ${inGroup}`, { groupId: query.groupId });
    }
    if (query.edgeId !== undefined) qb.andWhere('d.edge_id = :edgeId', { edgeId: query.edgeId });
    if (query.status !== undefined) qb.andWhere('d.status = :status', { status: query.status });
    if (query.vendor !== undefined)
      qb.andWhere('LOWER(d.vendor) = :vendor', { vendor: query.vendor.trim().toLowerCase() });
    const search = query.search?.trim();
    if (search) {
      const pattern = `%${escapeLike(search.toLowerCase())}%`;
      qb.andWhere(
        new Brackets((w) => {
          for (const column of ['d.name', 'd.address', 'd.serial_number', 'd.model']) {
            w.orWhere(`LOWER(${column}) LIKE :pattern ESCAPE '\\'`, { pattern });
          }
        }),
      );
    }
    const total = await qb.getCount();
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    if (query.sort === 'status') {
      qb.orderBy(STATUS_RANK, direction);
    } else {
      const column = SORT_COLUMNS[query.sort];
      // Devices never read (null model / last seen) go last in either direction, on every driver.
      if (query.sort === 'model' || query.sort === 'lastSeen') {
        qb.orderBy(`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`, 'ASC').addOrderBy(column, direction);
      } else {
        qb.orderBy(column, direction);
      }
    }
    if (query.sort !== 'name') qb.addOrderBy('d.name', 'ASC');
    const rows = await qb
      .addOrderBy('d.id', 'ASC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getMany();
    return { items: await this.withGroups(rows), total };
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
    if (groupId !== undefined) {
      const inGroup = qb
        .subQuery()
        .select('1')
        .from(DeviceGroupMemberEntity, 'fm')
        .where('fm.device_id = d.id')
        .andWhere('fm.device_group_id = :groupId')
        .getQuery();
      qb.andWhere(`EXISTS ${inGroup}`, { groupId });
    }
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

  async updateConfig(id: string, update: DeviceConfigUpdate): Promise<void> {
    await this.dataSource.getRepository(DeviceEntity).update({ id }, update);
  }

  /** Writes one poll's result: the device's columns and its history rows, in one transaction. */
  async applyIngest(id: string, plan: IngestPlan): Promise<void> {
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
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(DeviceEntity).update({ id }, columns);
      await this.history.append(em, id, {
        status: plan.statusChange,
        counters: plan.counterReading,
        supplies: plan.supplyReadings,
      });
    });
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
