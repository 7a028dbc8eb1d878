import { type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import 'reflect-metadata';
import { AppModule } from './app.module';
import { REQUIRED_PERMISSION_EXTENSION } from './common/auth/auth.metadata';
import { type Clock, SystemClock } from './common/clock/clock';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { correlationIdMiddleware } from './common/http/correlation-id';
import { createValidationPipe } from './common/http/validation.pipe';
import { AppConfig } from './infra/config/app-config';
import { type EnvInput, LOG_LEVELS, type LogLevel } from './infra/config/env.schema';
import { productVersion } from './infra/config/repo-root';
import { loadMasterKeys } from './infra/crypto/master-key';
import { webConsoleHandlers } from './infra/http/web-console';
import { ensureTlsMaterial } from './infra/tls/tls-certificate';
import { AuditRecorder } from './modules/audit/audit-recorder';
import { type AdminBootstrapResult, AdminBootstrapService } from './modules/users/admin-bootstrap.service';

export const API_PREFIX = 'api/v1';
export const JSON_BODY_LIMIT = '1mb';

export interface ServerAppOptions {
  /** Replaces the system clock (tests move time with it). */
  clock?: Clock;
}

export interface ServerApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** PEM of the certificate the server presents (tests trust exactly this one). */
  certificatePem: string;
  /** The first start created the Super Admin (and possibly a password to print once). */
  adminBootstrap: AdminBootstrapResult;
  openApi: OpenAPIObject;
}

export interface StartedServer extends ServerApp {
  port: number;
  /** `https://localhost:<port>/` (the console). */
  consoleUrl: string;
  close(): Promise<void>;
}

function loggerLevels(level: LogLevel): NestLogLevel[] {
  return LOG_LEVELS.slice(LOG_LEVELS.indexOf(level));
}

/**
 * Builds the whole server from a flat environment (validated; throws ConfigError listing every bad key):
 * data dir, master key, TLS material, database + migrations, Nest app with every middleware. Does not listen.
 */
export async function createServerApp(env: EnvInput, options: ServerAppOptions = {}): Promise<ServerApp> {
  const config = AppConfig.fromEnv(env);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const masterKeys = loadMasterKeys(config.masterKey);
  const tls = ensureTlsMaterial({
    certFile: config.tls.certFile,
    keyFile: config.tls.keyFile,
    generate: config.tls.generated,
  });
  const clock = options.clock ?? new SystemClock();

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, clock, masterKeys }), {
    httpsOptions: { cert: tls.cert, key: tls.key },
    logger: loggerLevels(config.logLevel),
    bodyParser: false,
    abortOnError: false,
  });
  app.set('x-powered-by', false);
  app.use(correlationIdMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Angular and Swagger UI set inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: [],
        },
      },
    }),
  );
  // Before the body parser, so that requests refused for a malformed or oversized body are audited too.
  app.use(app.get(AuditRecorder).middleware());
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  for (const handler of webConsoleHandlers(config.webDir)) app.use(handler);

  app.setGlobalPrefix(API_PREFIX, { exclude: ['api/health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  await app.init();
  const openApi = buildOpenApi(app);
  SwaggerModule.setup('api/docs', app, openApi, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });

  return { app, config, certificatePem: tls.cert, adminBootstrap: app.get(AdminBootstrapService).result, openApi };
}

/** createServerApp + listen on the configured address and port (port 0: any free port). */
export async function startServer(env: EnvInput, options: ServerAppOptions = {}): Promise<StartedServer> {
  const server = await createServerApp(env, options);
  try {
    await server.app.listen(server.config.http.port, server.config.http.bindAddress);
  } catch (error) {
    await server.app.close();
    throw error;
  }
  const address = (server.app.getHttpServer() as { address(): AddressInfo | string | null }).address();
  const port = typeof address === 'object' && address !== null ? address.port : server.config.http.port;
  return {
    ...server,
    port,
    consoleUrl: `https://localhost:${port}/`,
    close: () => server.app.close(),
  };
}

/** The OpenAPI document; each operation's description says which permission it needs. */
export function buildOpenApi(app: NestExpressApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fleetward API')
      .setDescription(
        'REST API of the Fleetward server. Authenticate with `Authorization: Bearer <access token or fwp_ API token>`. ' +
          `Every operation carries \`${REQUIRED_PERMISSION_EXTENSION}\`: the function permissions (any of) it needs, or "unauthenticated".`,
      )
      .setVersion(productVersion())
      .addBearerAuth()
      .build(),
  );
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const) {
      const operation = item[method] as (Record<string, unknown> & { description?: string }) | undefined;
      if (!operation) continue;
      const required = operation[REQUIRED_PERMISSION_EXTENSION];
      const sentence =
        required === 'unauthenticated'
          ? 'No authentication needed.'
          : Array.isArray(required)
            ? `Requires the ${required.map((p) => `\`${String(p)}\``).join(' or ')} permission.`
            : undefined;
      if (sentence)
        operation.description = operation.description ? `${operation.description}\n\n${sentence}` : sentence;
    }
  }
  return document;
}
