import { Module } from '@nestjs/common';
import { AlertLifecycleService } from './alert-lifecycle.service';
import { AlertingService } from './alerting.service';

/**
 * Pure alerting core (no controllers, no repositories). Needs the global Clock (CoreModule). Not yet imported by
 * AppModule: the monitoring module imports it when it adds the alert repository and the notifier.
 */
@Module({
  providers: [AlertLifecycleService, AlertingService],
  exports: [AlertingService, AlertLifecycleService],
})
export class AlertingModule {}
