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
import type { DevicePoller } from './poller/device-poller';

export interface RunningEdge {
  url: string;
  port: number;
  /** PEM of the certificate served (self-signed unless configured). */
  certificate: string;
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
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    certificate: tls.cert,
    close: async () => {
      app.get<DevicePoller>(DEVICE_POLLER).close();
      await app.close();
    },
  };
}

if (require.main === module) {
  startEdge(process.env).then(
    (edge) => new Logger('Edge').log(`edge API listening on ${edge.url}`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
