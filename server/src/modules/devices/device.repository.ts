import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, type SelectQueryBuilder } from 'typeorm';
import type { DeviceGroupScope } from '../device-groups/device-group-scope';
import { DeviceEntity, DeviceGroupMemberEntity } from './device.entity';

export interface DeviceRecord {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly edgeId: string | null;
  /** Every group of the device (the service narrows it to the caller's scope before answering). */
  readonly groupIds: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface DeviceInsertConfig {
  port?: number;
  location?: string | null;
  snmpSettings?: string | null;
  snmpSecretEncrypted?: string | null;
  adminPasswordEncrypted?: string | null;
}

export interface DevicePageQuery {
  readonly page: number;
  readonly pageSize: number;
  readonly search?: string | undefined;
  /** Only devices in this group (the caller must reach it: the service checks). */
  readonly groupId?: string | undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The only code that touches the devices and device_group_members tables. Reads take a required scope. */
@Injectable()
export class DeviceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async pageInScope(
    scope: DeviceGroupScope,
    query: DevicePageQuery,
  ): Promise<{ items: DeviceRecord[]; total: number }> {
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
    const search = query.search?.trim();
    if (search) {
      const pattern = `%${escapeLike(search.toLowerCase())}%`;
      qb.andWhere(
        new Brackets((w) => {
          w.where("LOWER(d.name) LIKE :pattern ESCAPE '\\'", { pattern }).orWhere(
            "LOWER(d.address) LIKE :pattern ESCAPE '\\'",
            { pattern },
          );
        }),
      );
    }
    const [rows, total] = await qb
      .orderBy('d.name', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: await this.withGroups(rows), total };
  }

  async findInScope(scope: DeviceGroupScope, id: string): Promise<DeviceRecord | null> {
    const qb = this.scoped(scope);
    if (!qb) return null;
    const row = await qb.andWhere('d.id = :id', { id }).getOne();
    if (!row) return null;
    const [record] = await this.withGroups([row]);
    return record ?? null;
  }

  /** The ids among `ids` that exist and are visible in the scope. */
  async existingIdsInScope(scope: DeviceGroupScope, ids: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    const qb = this.scoped(scope);
    if (!qb || unique.length === 0) return new Set();
    const rows = await qb.andWhere('d.id IN (:...ids)', { ids: unique }).select('d.id').getMany();
    return new Set(rows.map((r) => r.id));
  }

  async insert(device: {
    id: string;
    name: string;
    address: string;
    edgeId: string | null;
    groupIds: readonly string[];
    now: Date;
    /** Inventory configuration (port, location, encrypted credentials) written with the row. */
    config?: DeviceInsertConfig;
  }): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(DeviceEntity).insert({
        ...(device.config ?? {}),
        id: device.id,
        name: device.name,
        address: device.address,
        edgeId: device.edgeId,
        createdAt: device.now,
        updatedAt: device.now,
      });
      const groupIds = [...new Set(device.groupIds)];
      if (groupIds.length > 0) {
        await em
          .getRepository(DeviceGroupMemberEntity)
          .insert(groupIds.map((deviceGroupId) => ({ deviceGroupId, deviceId: device.id })));
      }
    });
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(DeviceGroupMemberEntity).delete({ deviceId: id });
      await em.getRepository(DeviceEntity).delete({ id });
    });
  }

  /** Adds devices to a group; devices already in it are left as they are. Returns how many were added. */
  async addToGroup(groupId: string, deviceIds: readonly string[]): Promise<number> {
    const unique = [...new Set(deviceIds)];
    if (unique.length === 0) return 0;
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(DeviceGroupMemberEntity);
      const existing = new Set(
        (await repo.find({ where: { deviceGroupId: groupId, deviceId: In(unique) } })).map((m) => m.deviceId),
      );
      const missing = unique.filter((id) => !existing.has(id));
      if (missing.length > 0) await repo.insert(missing.map((deviceId) => ({ deviceGroupId: groupId, deviceId })));
      return missing.length;
    });
  }

  /** Removes one device from a group; false when it was not a member. */
  async removeFromGroup(groupId: string, deviceId: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(DeviceGroupMemberEntity)
      .delete({ deviceGroupId: groupId, deviceId });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Devices are visible through any group in the scope; a device in no group is visible only to a
   * scope with every group. Null when the scope reaches nothing.
   */
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

  private async withGroups(rows: DeviceEntity[]): Promise<DeviceRecord[]> {
    if (rows.length === 0) return [];
    const links = await this.dataSource
      .getRepository(DeviceGroupMemberEntity)
      .find({ where: { deviceId: In(rows.map((r) => r.id)) } });
    const byDevice = new Map<string, string[]>();
    for (const link of links) {
      const list = byDevice.get(link.deviceId) ?? [];
      list.push(link.deviceGroupId);
      byDevice.set(link.deviceId, list);
    }
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      address: row.address,
      edgeId: row.edgeId ?? null,
      groupIds: (byDevice.get(row.id) ?? []).sort(),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }
}
