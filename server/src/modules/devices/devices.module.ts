import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceGroupsModule } from '../device-groups/device-groups.module';
import { EdgesModule } from '../edges/edges.module';
import { DeviceGroupDevicesController } from './device-group-devices.controller';
import { DeviceEntity, DeviceGroupMemberEntity } from './device.entity';
import { DeviceRepository } from './device.repository';
import { DevicesController } from './devices.controller';
import { DevicesService } from './devices.service';

/** Minimal devices and their device-group membership; the monitoring issue fills the device record. */
@Module({
  imports: [TypeOrmModule.forFeature([DeviceEntity, DeviceGroupMemberEntity]), DeviceGroupsModule, EdgesModule],
  controllers: [DevicesController, DeviceGroupDevicesController],
  providers: [DeviceRepository, DevicesService],
  exports: [DevicesService],
})
export class DevicesModule {}
