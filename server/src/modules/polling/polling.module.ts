import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EdgeClient } from '../../edge-client';
import { DevicesModule } from '../devices/devices.module';
import { EdgesModule } from '../edges/edges.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { PollScheduleEntity } from './poll-schedule.entity';
import { PollScheduleRepository } from './poll-schedule.repository';
import { PollingScheduler } from './polling-scheduler';

/** Scheduled polling of the devices through their edges, and the edges' device-event outboxes. */
@Module({
  imports: [TypeOrmModule.forFeature([PollScheduleEntity]), DevicesModule, EdgesModule, MonitoringModule],
  providers: [{ provide: EdgeClient, useFactory: () => new EdgeClient() }, PollScheduleRepository, PollingScheduler],
  exports: [PollingScheduler, EdgeClient],
})
export class PollingModule {}
