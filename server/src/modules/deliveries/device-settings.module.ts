import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DevicesModule } from '../devices/devices.module';
import { EdgesModule } from '../edges/edges.module';
import { PollingModule } from '../polling/polling.module';
import { DeviceSettingsAccessEntity } from './device-settings-access.entity';
import { DeviceSettingsAccessRepository } from './device-settings-access.repository';
import { DeviceSettingsController } from './device-settings.controller';
import { DeviceSettingsService } from './device-settings.service';

/** Device settings through the edges (access, capabilities, read, apply); used by templates and deliveries. */
@Module({
  imports: [
    TypeOrmModule.forFeature([DeviceSettingsAccessEntity]),
    AuditModule,
    DevicesModule,
    EdgesModule,
    PollingModule,
  ],
  controllers: [DeviceSettingsController],
  providers: [DeviceSettingsAccessRepository, DeviceSettingsService],
  exports: [DeviceSettingsService],
})
export class DeviceSettingsModule {}
