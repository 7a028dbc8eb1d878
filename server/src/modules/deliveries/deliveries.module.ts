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
import { DriftResultEntity, TemplateAssignmentEntity } from './drift.entity';
import { DriftRepository } from './drift.repository';
import { DriftService } from './drift.service';
import { TemplateAssignmentsController } from './template-assignments.controller';

/** Deliveries of templates with per-device records, the runner (schedules, retries, restart safety), drift check. */
@Module({
  imports: [
    TypeOrmModule.forFeature([DeliveryEntity, DeliveryDeviceEntity, TemplateAssignmentEntity, DriftResultEntity]),
    DeviceGroupsModule,
    DevicesModule,
    TemplatesModule,
    UsersModule,
    DeviceSettingsModule,
  ],
  controllers: [DeliveriesController, TemplateAssignmentsController],
  providers: [DeliveryRepository, DeliveriesService, DeliveryRunner, DriftRepository, DriftService],
  exports: [DeliveriesService, DeliveryRunner, DriftService],
})
export class DeliveriesModule {}
