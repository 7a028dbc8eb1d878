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
import { SettingsFileTransports } from './drivers/settings-file/settings-file-transports';
import { startDeviceEventListener, type RunningDeviceEventListener } from './notifications/device-event-listener';
import { DeviceEventOutbox } from './notifications/device-event-outbox';
import { EventPollCoordinator } from './notifications/event-poll-coordinator';
import { KnownDeviceRegistry } from './notifications/known-device-registry';
import { SenderRateLimiter } from './notifications/sender-rate-limiter';
import type { DevicePoller } from './poller/device-poller';
import { WebDavSettingsDrop } from './protocols/webdav';

export interface RunningEdge {
  url: string;
  port: number;
  /** PEM of the certificate served (self-signed unless configured). */
  certificate: string;
  /** Device-notification listeners (`null` when disabled with port 0). */
  notify: { http: RunningDeviceEventListener | null; https: RunningDeviceEventListener | null };
  /** WebDAV drop for settings files devices pull (`null` when FLEETWARD_EDGE_WEBDAV_PORT is 0). */
  webdav: { url: string; port: number } | null;
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
  let webdav: WebDavSettingsDrop | null = null;
  const transports = app.get(SettingsFileTransports);
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
    if (config.settingsFiles.webdav.port !== 0) {
      webdav = await WebDavSettingsDrop.start({
        hostname: config.settingsFiles.webdav.bindAddress,
        port: config.settingsFiles.webdav.port,
        tls: { key: tls.key, cert: tls.cert },
      });
      transports.webdav = webdav;
    }
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
    webdav: webdav ? { url: webdav.url, port: webdav.port } : null,
    close: async () => {
      await closeListeners();
      transports.webdav = null;
      await webdav?.close();
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
      if (edge.webdav) logger.log(`settings files served to devices at ${edge.webdav.url}`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
