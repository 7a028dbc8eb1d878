import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EdgeClient } from '../../edge-client';
import { DeviceGroupsModule } from '../device-groups/device-groups.module';
import { DevicesModule } from '../devices/devices.module';
import { EdgesModule } from '../edges/edges.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { DiscoveryRunEntity } from './discovery-run.entity';
import { DiscoveryRunRepository } from './discovery-run.repository';
import { DiscoveryController } from './discovery.controller';
import { DiscoveryService } from './discovery.service';
import { GroupPollPolicyController } from './group-poll-policy.controller';
import { GroupPollPolicyService } from './group-poll-policy.service';
import { GroupPollPolicyEntity } from './poll-policy.entity';
import { PollPolicyRepository } from './poll-policy.repository';
import { PollScheduleEntity } from './poll-schedule.entity';
import { PollScheduleRepository } from './poll-schedule.repository';
import { PollingScheduler } from './polling-scheduler';

/**
 * Scheduled polling of the devices through their edges (with per-group interval overrides), the edges'
 * device-event outboxes, and discovery through an edge with adoption of what it found.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PollScheduleEntity, GroupPollPolicyEntity, DiscoveryRunEntity]),
    DeviceGroupsModule,
    DevicesModule,
    EdgesModule,
    MonitoringModule,
  ],
  controllers: [GroupPollPolicyController, DiscoveryController],
  providers: [
    { provide: EdgeClient, useFactory: () => new EdgeClient() },
    PollScheduleRepository,
    PollPolicyRepository,
    PollingScheduler,
    GroupPollPolicyService,
    DiscoveryRunRepository,
    DiscoveryService,
  ],
  exports: [PollingScheduler, EdgeClient],
})
export class PollingModule {}
