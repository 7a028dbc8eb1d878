import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceGroupsModule } from '../device-groups/device-groups.module';
import { DevicesModule } from '../devices/devices.module';
import { SettingsModule } from '../settings/settings.module';
import { AlertingModule } from './alerting/alerting.module';
import { AlertTargetLock } from './alerts/alert-target-lock';
import {
  AlertEntity,
  AlertNotificationEntity,
  DeviceAlertWatchEntity,
  DeviceGroupAlertSettingsEntity,
} from './alerts/alert.entities';
import { AlertRepository } from './alerts/alert.repository';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { MonitoringService } from './monitoring.service';
import { AlertNotifier } from './notifications/alert-notifier.service';
import { GroupAlertSettingsController } from './notifications/group-alert-settings.controller';
import { GroupAlertSettingsService } from './notifications/group-alert-settings.service';

/**
 * Monitoring: alerts from polls (persisted lifecycle, one open alert per condition), mail and webhook
 * notifications to the recipients of each device's groups, per-group alert policy, and the alerts API.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      AlertEntity,
      AlertNotificationEntity,
      DeviceAlertWatchEntity,
      DeviceGroupAlertSettingsEntity,
    ]),
    AlertingModule,
    DevicesModule,
    DeviceGroupsModule,
    SettingsModule,
  ],
  controllers: [AlertsController, GroupAlertSettingsController],
  providers: [
    AlertTargetLock,
    AlertRepository,
    AlertsService,
    AlertNotifier,
    GroupAlertSettingsService,
    MonitoringService,
  ],
  exports: [MonitoringService, AlertsService],
})
export class MonitoringModule {}
