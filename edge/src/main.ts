import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import 'reflect-metadata';
import { EdgeExceptionFilter } from './api/edge-exception.filter';
import { EdgeModule } from './api/edge.module';
import { DEVICE_POLLER } from './api/edge.tokens';
import { loadEdgeConfig } from './config/env.schema';
import { loadOrCreateTls } from './config/tls';
import { startDeviceEventListener, type RunningDeviceEventListener } from './notifications/device-event-listener';
import { DeviceEventOutbox } from './notifications/device-event-outbox';
import { EventPollCoordinator } from './notifications/event-poll-coordinator';
import { KnownDeviceRegistry } from './notifications/known-device-registry';
import { SenderRateLimiter } from './notifications/sender-rate-limiter';
import type { DevicePoller } from './poller/device-poller';

export interface RunningEdge {
  url: string;
  port: number;
  /** PEM of the certificate served (self-signed unless configured). */
  certificate: string;
  /** Device-notification listeners (`null` when disabled with port 0). */
  notify: { http: RunningDeviceEventListener | null; https: RunningDeviceEventListener | null };
  close(): Promise<void>;
}

/** Boots the edge HTTPS API from environment-style variables (validated; throws listing every bad key). */
export async function startEdge(
  env: Record<string, string | undefined>,
  options: { logger?: false } = {},
): Promise<RunningEdge> {
  const config = loadEdgeConfig(env);
  const tls = loadOrCreateTls({ dataDir: config.dataDir, files: config.tls });
  const app = await NestFactory.create<NestExpressApplication>(EdgeModule.forConfig(config), {
    httpsOptions: { key: tls.key, cert: tls.cert },
    logger: options.logger === false ? false : ['error', 'warn', 'log'],
    bodyParser: true,
  });
  app.useBodyParser('json', { limit: '8mb' });
  app.useGlobalFilters(new EdgeExceptionFilter());
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.bindAddress);
  const server = app.getHttpServer() as { address(): AddressInfo };
  const port = server.address().port;
  const host = config.http.bindAddress === '0.0.0.0' ? '127.0.0.1' : config.http.bindAddress;
  const notifyBase = {
    bindAddress: config.notify.bindAddress,
    registry: app.get(KnownDeviceRegistry),
    limiter: app.get(SenderRateLimiter),
    coordinator: app.get(EventPollCoordinator),
  };
  const listeners: RunningDeviceEventListener[] = [];
  const closeListeners = () => Promise.all(listeners.map((l) => l.close()));
  let notify: RunningEdge['notify'];
  try {
    const notifyHttp =
      config.notify.httpPort === 0
        ? null
        : await startDeviceEventListener({ ...notifyBase, port: config.notify.httpPort });
    if (notifyHttp) listeners.push(notifyHttp);
    const notifyHttps =
      config.notify.httpsPort === 0
        ? null
        : await startDeviceEventListener({
            ...notifyBase,
            port: config.notify.httpsPort,
            tls: { key: tls.key, cert: tls.cert },
          });
    if (notifyHttps) listeners.push(notifyHttps);
    notify = { http: notifyHttp, https: notifyHttps };
  } catch (error) {
    await closeListeners();
    app.get<DevicePoller>(DEVICE_POLLER).close();
    await app.close();
    throw error;
  }
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    certificate: tls.cert,
    notify,
    close: async () => {
      await closeListeners();
      app.get(DeviceEventOutbox).close();
      await app.get(EventPollCoordinator).idle();
      app.get<DevicePoller>(DEVICE_POLLER).close();
      await app.close();
    },
  };
}

if (require.main === module) {
  startEdge(process.env).then(
    (edge) => {
      const logger = new Logger('Edge');
      logger.log(`edge API listening on ${edge.url}`);
      for (const l of [edge.notify.http, edge.notify.https]) if (l) logger.log(`device events accepted at ${l.url}`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
