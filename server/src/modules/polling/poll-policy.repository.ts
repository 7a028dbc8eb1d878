import type { GroupPollPolicyBody } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { DeviceGroupMemberEntity } from '../devices/device.entity';
import { GroupPollPolicyEntity } from './poll-policy.entity';

/** The only code that touches `device_group_poll_policies`; reads group membership to resolve a device's policies. */
@Injectable()
export class PollPolicyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(groupId: string): Promise<GroupPollPolicyEntity | null> {
    return this.dataSource.getRepository(GroupPollPolicyEntity).findOneBy({ deviceGroupId: groupId });
  }

  /** Replaces a group's override; both null removes the row (the group is back on the defaults). */
  async put(groupId: string, policy: GroupPollPolicyBody, now: Date): Promise<void> {
    const repo = this.dataSource.getRepository(GroupPollPolicyEntity);
    if (policy.statusIntervalSeconds === null && policy.fullIntervalSeconds === null) {
      await repo.delete({ deviceGroupId: groupId });
      return;
    }
    const values = {
      statusIntervalSeconds: policy.statusIntervalSeconds,
      fullIntervalSeconds: policy.fullIntervalSeconds,
      updatedAt: now,
    };
    const updated = await repo.update({ deviceGroupId: groupId }, values);
    if ((updated.affected ?? 0) === 0) await repo.insert({ deviceGroupId: groupId, ...values });
  }

  /** Per device, the overrides of the groups it is in (devices in no group with an override are absent). */
  async policiesOfDevices(deviceIds: readonly string[]): Promise<Map<string, GroupPollPolicyBody[]>> {
    const result = new Map<string, GroupPollPolicyBody[]>();
    if (deviceIds.length === 0) return result;
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('m.device_id', 'deviceId')
      .addSelect('p.status_interval_seconds', 'status')
      .addSelect('p.full_interval_seconds', 'full')
      .from(DeviceGroupMemberEntity, 'm')
      .innerJoin(GroupPollPolicyEntity, 'p', 'p.device_group_id = m.device_group_id')
      .where({ deviceId: In([...deviceIds]) })
      .getRawMany<{ deviceId: string; status: unknown; full: unknown }>();
    for (const r of rows) {
      const list = result.get(r.deviceId) ?? [];
      list.push({ statusIntervalSeconds: seconds(r.status), fullIntervalSeconds: seconds(r.full) });
      result.set(r.deviceId, list);
    }
    return result;
  }

  /** Ids of the devices in a group. */
  async deviceIdsOfGroup(groupId: string): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(DeviceGroupMemberEntity)
      .find({ where: { deviceGroupId: groupId }, select: { deviceId: true } });
    return rows.map((r) => r.deviceId);
  }
}

function seconds(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
