import type { GroupPollPolicyBody, GroupPollPolicyResponse } from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { DeviceGroupsService } from '../device-groups/device-groups.service';
import { effectiveIntervals, parsePollPolicyBody } from './poll-policy';
import { PollPolicyRepository } from './poll-policy.repository';
import { PollingScheduler } from './polling-scheduler';

/**
 * A device group's poll interval overrides (Device Group Management, the caller's groups only). Saving one
 * shortens its devices' due times where the new interval asks for an earlier poll; a longer interval applies
 * from each device's next poll.
 */
@Injectable()
export class GroupPollPolicyService {
  constructor(
    private readonly groups: DeviceGroupsService,
    private readonly policies: PollPolicyRepository,
    private readonly scheduler: PollingScheduler,
    private readonly clock: Clock,
  ) {}

  async get(groupId: string, access: AccessScope): Promise<GroupPollPolicyResponse> {
    await this.groups.assertInScope(access, groupId);
    const row = await this.policies.get(groupId);
    return this.response(
      groupId,
      {
        statusIntervalSeconds: row?.statusIntervalSeconds ?? null,
        fullIntervalSeconds: row?.fullIntervalSeconds ?? null,
      },
      row?.updatedAt ?? null,
    );
  }

  async put(groupId: string, body: unknown, access: AccessScope): Promise<GroupPollPolicyResponse> {
    await this.groups.assertInScope(access, groupId);
    const policy = parsePollPolicyBody(body, this.scheduler.defaultIntervals);
    const now = this.clock.now();
    await this.policies.put(groupId, policy, now);
    await this.scheduler.shortenDueTimes(groupId);
    const cleared = policy.statusIntervalSeconds === null && policy.fullIntervalSeconds === null;
    return this.response(groupId, policy, cleared ? null : now);
  }

  private response(groupId: string, policy: GroupPollPolicyBody, updatedAt: Date | null): GroupPollPolicyResponse {
    return {
      deviceGroupId: groupId,
      ...policy,
      effective: effectiveIntervals([policy], this.scheduler.defaultIntervals),
      updatedAt: updatedAt?.toISOString() ?? null,
    };
  }
}
