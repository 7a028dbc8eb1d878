import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceGroupsModule } from '../device-groups/device-groups.module';
import { DevicesModule } from '../devices/devices.module';
import { TemplatesModule } from '../templates/templates.module';
import { UsersModule } from '../users/users.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryRunner } from './delivery-runner';
import { DeliveryDeviceEntity, DeliveryEntity } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';
import { DeviceSettingsModule } from './device-settings.module';

/** Deliveries of templates with per-device records, the runner (schedules, retries, restart safety). */
@Module({
  imports: [
    TypeOrmModule.forFeature([DeliveryEntity, DeliveryDeviceEntity]),
    DeviceGroupsModule,
    DevicesModule,
    TemplatesModule,
    UsersModule,
    DeviceSettingsModule,
  ],
  controllers: [DeliveriesController],
  providers: [DeliveryRepository, DeliveriesService, DeliveryRunner],
  exports: [DeliveriesService, DeliveryRunner],
})
export class DeliveriesModule {}
