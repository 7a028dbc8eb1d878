import type { DiscoverResponse, EdgeHealthResponse, IdentifyResponse, PollBatchResponse } from '@fleetward/contracts';
import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import type { EdgeConfig } from '../config/env.schema';
import { discover } from '../discovery/discovery.service';
import { KnownDeviceRegistry } from '../notifications/known-device-registry';
import type { DevicePoller } from '../poller/device-poller';
import { DEVICE_POLLER, EDGE_CONFIG } from './edge.tokens';
import { discoverSchema, identifySchema, parseBody, pollBatchSchema } from './request.schemas';
import { EdgeTokenGuard } from './token.guard';

const startedAt = Date.now();
/** Edge software version (health answer, activation). */
export const EDGE_VERSION = '0.1.0';

@Controller('api')
@UseGuards(EdgeTokenGuard)
export class EdgeController {
  constructor(
    @Inject(EDGE_CONFIG) private readonly config: EdgeConfig,
    @Inject(DEVICE_POLLER) private readonly poller: DevicePoller,
    @Inject(KnownDeviceRegistry) private readonly knownDevices: KnownDeviceRegistry,
  ) {}

  @Get('health')
  health(): EdgeHealthResponse {
    return { status: 'ok', version: EDGE_VERSION, uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000) };
  }

  @Post('v1/identify')
  @HttpCode(200)
  async identify(@Body() body: unknown): Promise<IdentifyResponse> {
    const { target } = parseBody(identifySchema, body);
    const withDefaults = this.withDefaults(target);
    this.knownDevices.register(withDefaults); // so this device's notifications are accepted and trigger a poll
    const r = await this.poller.identify(withDefaults);
    const where = { host: r.target.host, port: r.target.port };
    return r.ok
      ? { ok: true, target: where, identity: r.identity, driver: r.driver }
      : { ok: false, target: where, error: r.error };
  }

  @Post('v1/poll')
  @HttpCode(200)
  async poll(@Body() body: unknown): Promise<PollBatchResponse> {
    const { targets } = parseBody(pollBatchSchema(this.config.poll.maxBatch), body);
    const started = performance.now();
    const resolved = targets.map((t) => this.withDefaults(t));
    for (const t of resolved) this.knownDevices.register(t); // accept and act on these devices' notifications
    const results = await this.poller.pollMany(resolved, this.config.poll.concurrency);
    const ok = results.filter((r) => r.ok).length;
    return {
      results,
      summary: {
        total: results.length,
        ok,
        failed: results.length - ok,
        durationMs: Math.round(performance.now() - started),
      },
    };
  }

  @Post('v1/discover')
  @HttpCode(200)
  async discover(@Body() body: unknown): Promise<DiscoverResponse> {
    const req = parseBody(discoverSchema, body);
    return discover({ ...req, maxAddresses: this.config.discover.maxAddresses });
  }

  private withDefaults<T extends { timeoutMs?: number; retries?: number }>(t: T): T {
    return {
      ...t,
      timeoutMs: t.timeoutMs ?? this.config.poll.timeoutMs,
      retries: t.retries ?? this.config.poll.retries,
    };
  }
}
