import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import 'reflect-metadata';
import { activateEdge, loadActivation, type StoredActivation } from './activation/edge-activation';
import { EdgeAuth } from './api/edge-auth';
import { EdgeExceptionFilter } from './api/edge-exception.filter';
import { EDGE_VERSION } from './api/edge.controller';
import { EdgeModule } from './api/edge.module';
import { DEVICE_POLLER } from './api/edge.tokens';
import { EdgeConfigError, loadEdgeConfig } from './config/env.schema';
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
  /** PEM of the certificate served (the one the server issued once activated; else self-signed unless configured). */
  certificate: string;
  /** The activation this edge runs with (mutual TLS), or null in the manual bearer-token mode. */
  activation: StoredActivation | null;
  /** Device-notification listeners (`null` when disabled with port 0). */
  notify: { http: RunningDeviceEventListener | null; https: RunningDeviceEventListener | null };
  /**
   * WebDAV drop for settings files devices pull (`null` when FLEETWARD_EDGE_WEBDAV_PORT is 0); `certificate` is the
   * PEM it serves (the edge's own TLS certificate, also after activation: devices do not hold the server's CA).
   */
  webdav: { url: string; port: number; certificate: string } | null;
  close(): Promise<void>;
}

/**
 * Boots the edge HTTPS API from environment-style variables (validated; throws listing every bad key).
 *
 * Modes (docs/decisions/0007): a stored activation in the data dir → mutual TLS with it; else an activation code →
 * listen, activate against the server (pinned by the code's fingerprint), switch to the issued certificate and
 * mutual TLS; else the manual bearer-token fallback. A refused activation rejects with a one-line message.
 */
export async function startEdge(
  env: Record<string, string | undefined>,
  options: { logger?: false } = {},
): Promise<RunningEdge> {
  const config = loadEdgeConfig(env);
  const tls = loadOrCreateTls({ dataDir: config.dataDir, files: config.tls });
  let activation = loadActivation(config.dataDir);
  const activating = activation === null && config.activation !== null;
  if (activation === null && !activating && config.token === null) {
    throw new EdgeConfigError([
      'FLEETWARD_EDGE_ACTIVATION_CODE (with FLEETWARD_EDGE_SERVER_URL) is required to activate this edge ' +
        '(or FLEETWARD_EDGE_TOKEN for the manual mode)',
    ]);
  }
  const auth =
    activation !== null || activating
      ? new EdgeAuth(activation !== null ? { kind: 'mutualTls' } : { kind: 'pending' })
      : EdgeAuth.token(config.token!);
  // With mutual TLS the handshake asks for a client certificate; the guard refuses any that is not the server's.
  // (rejectUnauthorized stays false so that a refusal is a clear 401 and the notification HTTPS port is unaffected.)
  const httpsOptions =
    activation !== null
      ? {
          key: activation.keyPem,
          cert: activation.certificatePem,
          ca: activation.caPem,
          requestCert: true,
          rejectUnauthorized: false,
        }
      : activating
        ? { key: tls.key, cert: tls.cert, requestCert: true, rejectUnauthorized: false }
        : { key: tls.key, cert: tls.cert };
  const app = await NestFactory.create<NestExpressApplication>(EdgeModule.forConfig(config, undefined, auth), {
    httpsOptions,
    logger: options.logger === false ? false : ['error', 'warn', 'log'],
    bodyParser: true,
  });
  app.useBodyParser('json', { limit: '8mb' });
  app.useGlobalFilters(new EdgeExceptionFilter());
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.bindAddress);
  const server = app.getHttpServer() as HttpsServer;
  const port = (server.address() as AddressInfo).port;
  const host = config.http.bindAddress === '0.0.0.0' ? '127.0.0.1' : config.http.bindAddress;
  const ownUrl = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (activating && config.activation) {
    try {
      activation = await activateEdge({
        dataDir: config.dataDir,
        serverUrl: config.activation.serverUrl,
        code: config.activation.code,
        publicUrl: config.publicUrl ?? ownUrl,
        version: EDGE_VERSION,
      });
    } catch (error) {
      app.get<DevicePoller>(DEVICE_POLLER).close();
      await app.close();
      throw error;
    }
    server.setSecureContext({ key: activation.keyPem, cert: activation.certificatePem, ca: activation.caPem });
    auth.mode = { kind: 'mutualTls' };
  }
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
    url: ownUrl,
    port,
    certificate: activation?.certificatePem ?? tls.cert,
    activation,
    notify,
    webdav: webdav ? { url: webdav.url, port: webdav.port, certificate: tls.cert } : null,
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
      if (edge.activation) logger.log(`activated as edge ${edge.activation.edgeId} of ${edge.activation.serverUrl}`);
      for (const l of [edge.notify.http, edge.notify.https]) if (l) logger.log(`device events accepted at ${l.url}`);
      if (edge.webdav) logger.log(`settings files served to devices at ${edge.webdav.url}`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
