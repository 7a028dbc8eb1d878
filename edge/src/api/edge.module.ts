import { type DynamicModule, Module } from '@nestjs/common';
import type { EdgeConfig } from '../config/env.schema';
import { DevicePoller } from '../poller/device-poller';
import { SnmpClientPool } from '../poller/snmp-client-pool';
import { EdgeController } from './edge.controller';
import { DEVICE_POLLER, EDGE_CONFIG } from './edge.tokens';
import { EdgeTokenGuard } from './token.guard';

@Module({})
export class EdgeModule {
  static forConfig(config: EdgeConfig, poller?: DevicePoller): DynamicModule {
    return {
      module: EdgeModule,
      controllers: [EdgeController],
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
        EdgeTokenGuard,
      ],
    };
  }
}
