import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceGroupsModule } from '../device-groups/device-groups.module';
import { EdgesModule } from '../edges/edges.module';
import { HistoryModule } from '../history/history.module';
import { DeviceGroupDevicesController } from './device-group-devices.controller';
import { DeviceInventoryRepository } from './device-inventory.repository';
import { DeviceInventoryService } from './device-inventory.service';
import { DeviceEntity, DeviceGroupMemberEntity } from './device.entity';
import { DeviceRepository } from './device.repository';
import { DevicesController } from './devices.controller';
import { DevicesService } from './devices.service';
import { PollIngestHooks } from './poll-ingest-hooks';

/**
 * Devices: records with encrypted credentials, group membership, what polls found (`ingestPoll`, for the
 * scheduler), history queries, meter reads and fleet reports; every read scoped to the caller's groups.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([DeviceEntity, DeviceGroupMemberEntity]),
    DeviceGroupsModule,
    EdgesModule,
    HistoryModule,
  ],
  controllers: [DevicesController, DeviceGroupDevicesController],
  providers: [DeviceRepository, DevicesService, DeviceInventoryRepository, DeviceInventoryService, PollIngestHooks],
  exports: [DevicesService, DeviceInventoryService, PollIngestHooks],
})
export class DevicesModule {}
