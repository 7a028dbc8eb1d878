import { type DynamicModule, Module } from '@nestjs/common';
import { type Clock } from './common/clock/clock';
import { type AppConfig } from './infra/config/app-config';
import { CoreModule } from './infra/core/core.module';
import { type MasterKeys } from './infra/crypto/master-key';
import { DatabaseModule } from './infra/database/database.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { DeliveriesModule } from './modules/deliveries/deliveries.module';
import { DeviceGroupsModule } from './modules/device-groups/device-groups.module';
import { DevicesModule } from './modules/devices/devices.module';
import { EdgesModule } from './modules/edges/edges.module';
import { MonitoringModule } from './modules/monitoring/monitoring.module';
import { PollingModule } from './modules/polling/polling.module';
import { RolesModule } from './modules/roles/roles.module';
import { SettingsModule } from './modules/settings/settings.module';
import { SystemModule } from './modules/system/system.module';
import { TemplatesModule } from './modules/templates/templates.module';
import { UsersModule } from './modules/users/users.module';

export interface AppModuleOptions {
  config: AppConfig;
  clock: Clock;
  masterKeys: MasterKeys;
}

/** The server: core services, database, then the feature modules. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        DatabaseModule,
        AuditModule,
        UsersModule,
        AuthModule,
        RolesModule,
        DeviceGroupsModule,
        DevicesModule,
        EdgesModule,
        SettingsModule,
        MonitoringModule,
        SystemModule,
        PollingModule,
        TemplatesModule,
        DeliveriesModule,
      ],
    };
  }
}
