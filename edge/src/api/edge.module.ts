import { type DynamicModule, Module } from '@nestjs/common';
import type { EdgeConfig } from '../config/env.schema';
import { familyDriverRegistry } from '../drivers/drivers';
import { SettingsFileTransports } from '../drivers/settings-file/settings-file-transports';
import { DeviceEventOutbox } from '../notifications/device-event-outbox';
import { DeviceEventsController } from '../notifications/device-events.controller';
import { EventPollCoordinator } from '../notifications/event-poll-coordinator';
import { KnownDeviceRegistry } from '../notifications/known-device-registry';
import { SenderRateLimiter } from '../notifications/sender-rate-limiter';
import { DevicePoller } from '../poller/device-poller';
import { SnmpClientPool } from '../poller/snmp-client-pool';
import { SettingsController } from '../settings/settings.controller';
import { SettingsService } from '../settings/settings.service';
import { EdgeAuth } from './edge-auth';
import { EdgeController } from './edge.controller';
import { DEVICE_POLLER, EDGE_CONFIG, SETTINGS_SERVICE } from './edge.tokens';
import { EdgeTokenGuard } from './token.guard';

@Module({})
export class EdgeModule {
  static forConfig(config: EdgeConfig, poller?: DevicePoller, auth?: EdgeAuth): DynamicModule {
    const edgeAuth = auth ?? (config.token !== null ? EdgeAuth.token(config.token) : new EdgeAuth({ kind: 'pending' }));
    return {
      module: EdgeModule,
      controllers: [EdgeController, DeviceEventsController, SettingsController],
      providers: [
        { provide: EDGE_CONFIG, useValue: config },
        {
          provide: DEVICE_POLLER,
          useValue:
            poller ??
            new DevicePoller({
              pool: new SnmpClientPool({
                timeoutMs: config.poll.timeoutMs,
                retries: config.poll.retries,
                shareSocket: true,
              }),
            }),
        },
        { provide: EdgeAuth, useValue: edgeAuth },
        EdgeTokenGuard,
        { provide: SettingsFileTransports, useValue: new SettingsFileTransports(config.settingsFiles) },
        // Settings (issue 5): the family drivers over the poller's SNMP sessions; operations remembered in dataDir.
        // The settings-file families (WebDAV pull, SMB share) come first: they need the edge's WebDAV drop.
        {
          provide: SETTINGS_SERVICE,
          inject: [DEVICE_POLLER, SettingsFileTransports],
          useFactory: (devicePoller: DevicePoller, transports: SettingsFileTransports) =>
            new SettingsService({
              pool: devicePoller.pool,
              dataDir: config.dataDir,
              timeoutMs: config.poll.timeoutMs,
              registry: familyDriverRegistry(transports.driverFactories()),
            }),
        },
        // Device notifications (see ../notifications): the listeners themselves are started by startEdge.
        {
          provide: KnownDeviceRegistry,
          useValue: new KnownDeviceRegistry({ maxDevices: config.notify.maxDevices, allow: config.notify.allow }),
        },
        { provide: DeviceEventOutbox, useValue: new DeviceEventOutbox({ capacity: config.notify.outboxCapacity }) },
        { provide: SenderRateLimiter, useValue: new SenderRateLimiter(config.notify.rateLimit) },
        {
          provide: EventPollCoordinator,
          inject: [DEVICE_POLLER, DeviceEventOutbox],
          useFactory: (devicePoller: DevicePoller, outbox: DeviceEventOutbox) =>
            new EventPollCoordinator({ poller: devicePoller, outbox }),
        },
      ],
    };
  }
}
