import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { isUniqueViolation } from '../../infra/database/unique-violation';
import { DeviceGroupMemberEntity } from '../devices/device.entity';
import type { DeviceGroupScope } from './device-group-scope';
import { DeviceGroupEntity } from './device-group.entity';
import { DeviceGroupNameTakenError } from './device-group.errors';

export interface DeviceGroupRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly deviceCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

interface RawGroupRow {
  id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
  device_count: string | number | null;
}

const normalize = (name: string): string => name.trim().toLowerCase();

/** The only code that touches the device_groups table. Reads are scoped by a required DeviceGroupScope. */
@Injectable()
export class DeviceGroupRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listInScope(scope: DeviceGroupScope): Promise<DeviceGroupRecord[]> {
    const qb = this.scoped(scope, this.selectWithCounts());
    if (!qb) return [];
    const rows = await qb.orderBy('g.name', 'ASC').getRawMany<RawGroupRow>();
    return rows.map(toRecord);
  }

  async findInScope(scope: DeviceGroupScope, id: string): Promise<DeviceGroupRecord | null> {
    const qb = this.scoped(scope, this.selectWithCounts());
    if (!qb) return null;
    const row = await qb.andWhere('g.id = :id', { id }).getRawOne<RawGroupRow>();
    return row ? toRecord(row) : null;
  }

  /** The ids among `ids` that exist and lie in the scope. */
  async existingIdsInScope(scope: DeviceGroupScope, ids: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Set();
    const qb = this.scoped(
      scope,
      this.dataSource.getRepository(DeviceGroupEntity).createQueryBuilder('g').select('g.id', 'id'),
    );
    if (!qb) return new Set();
    const rows = await qb.andWhere('g.id IN (:...ids)', { ids: unique }).getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  async findIdByName(name: string): Promise<string | null> {
    const row = await this.dataSource.getRepository(DeviceGroupEntity).findOne({
      where: { nameNormalized: normalize(name) },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  async insert(group: { id: string; name: string; description: string; now: Date }): Promise<void> {
    await this.guardName(group.name, () =>
      this.dataSource.getRepository(DeviceGroupEntity).insert({
        id: group.id,
        name: group.name.trim(),
        nameNormalized: normalize(group.name),
        description: group.description,
        createdAt: group.now,
        updatedAt: group.now,
      }),
    );
  }

  async update(id: string, patch: { name?: string; description?: string; now: Date }): Promise<void> {
    const values: Partial<DeviceGroupEntity> = { updatedAt: patch.now };
    if (patch.name !== undefined) {
      values.name = patch.name.trim();
      values.nameNormalized = normalize(patch.name);
    }
    if (patch.description !== undefined) values.description = patch.description;
    await this.guardName(patch.name ?? '', () =>
      this.dataSource.getRepository(DeviceGroupEntity).update({ id }, values),
    );
  }

  /** Deletes the group; its memberships and role links go with it (ON DELETE CASCADE). Devices stay. */
  async delete(id: string): Promise<void> {
    await this.dataSource.getRepository(DeviceGroupEntity).delete({ id });
  }

  private selectWithCounts(): SelectQueryBuilder<DeviceGroupEntity> {
    return this.dataSource
      .getRepository(DeviceGroupEntity)
      .createQueryBuilder('g')
      .select(['g.id AS id', 'g.name AS name', 'g.description AS description'])
      .addSelect('g.created_at', 'created_at')
      .addSelect('g.updated_at', 'updated_at')
      .addSelect(
        (sub) => sub.select('COUNT(*)').from(DeviceGroupMemberEntity, 'm').where('m.device_group_id = g.id'),
        'device_count',
      );
  }

  /** Restricts to the scope; null when the scope reaches no group at all (nothing to query). */
  private scoped(
    scope: DeviceGroupScope,
    qb: SelectQueryBuilder<DeviceGroupEntity>,
  ): SelectQueryBuilder<DeviceGroupEntity> | null {
    if (scope.allDeviceGroups) return qb.where('1 = 1');
    if (scope.deviceGroupIds.size === 0) return null;
    return qb.where('g.id IN (:...scopeIds)', { scopeIds: [...scope.deviceGroupIds] });
  }

  private async guardName(name: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DeviceGroupNameTakenError(name.trim());
      throw error;
    }
  }
}

function toRecord(row: RawGroupRow): DeviceGroupRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    deviceCount: Number(row.device_count ?? 0),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
