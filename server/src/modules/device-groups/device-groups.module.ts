import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceGroupEntity } from './device-group.entity';
import { DeviceGroupRepository } from './device-group.repository';
import { DeviceGroupsController } from './device-groups.controller';
import { DeviceGroupsService } from './device-groups.service';

/** Device Group Management. Group membership of devices is served by the devices module. */
@Module({
  imports: [TypeOrmModule.forFeature([DeviceGroupEntity])],
  controllers: [DeviceGroupsController],
  providers: [DeviceGroupRepository, DeviceGroupsService],
  exports: [DeviceGroupsService],
})
export class DeviceGroupsModule {}
