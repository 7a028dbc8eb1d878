import { DEVICE_EVENT_MAX_BYTES, DEVICE_EVENT_PATH } from '@fleetward/contracts';
import { DeviceEventParseError, parseDeviceEvent } from '@fleetward/domain/device-event';
import { Logger } from '@nestjs/common';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { type EdgeError } from '../common/edge-error';
import type { EventPollCoordinator } from './event-poll-coordinator';
import type { KnownDeviceRegistry } from './known-device-registry';
import { normalizeAddress } from './known-device-registry';
import {
  EventTooLargeError,
  InvalidDeviceEventError,
  SenderRateLimitedError,
  UnknownSenderError,
  UnsupportedMediaTypeError,
} from './notification.errors';
import type { SenderRateLimiter } from './sender-rate-limiter';

export interface DeviceEventListenerOptions {
  port: number;
  bindAddress: string;
  /** PEM key and certificate: HTTPS when given, plain HTTP otherwise. */
  tls?: { key: string; cert: string };
  registry: KnownDeviceRegistry;
  limiter: SenderRateLimiter;
  coordinator: EventPollCoordinator;
  /** Largest body accepted (default DEVICE_EVENT_MAX_BYTES). */
  maxBytes?: number;
}

export interface RunningDeviceEventListener {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Bytes of an oversized body still read (and dropped) after the 413, so the client sees the answer. */
const DRAIN_LIMIT = 256 * 1024;

function send(res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
    ...headers,
  });
  res.end(json);
}

/** Refusals close the connection, so nothing more is read from that sender after the answer. */
function sendError(res: http.ServerResponse, error: EdgeError, headers: Record<string, string> = {}): void {
  headers = { connection: 'close', ...headers };
  send(
    res,
    error.httpStatus,
    {
      code: error.code,
      message: error.message,
      ...(error instanceof InvalidDeviceEventError ? { reason: error.reason } : {}),
    },
    headers,
  );
}

/**
 * Receives device notifications (`POST /device-events`, XML) on its own HTTP or HTTPS port. Checks, in order: path
 * and method, sender (403 unless a known device or allowed by CIDR), rate limit (429), content type (415), size
 * (413 from Content-Length before reading, or as soon as the stream passes the limit), then parses strictly (400).
 * An accepted event answers 202 and triggers the coordinator's immediate poll.
 */
export async function startDeviceEventListener(
  options: DeviceEventListenerOptions,
): Promise<RunningDeviceEventListener> {
  const scheme = options.tls ? 'https' : 'http';
  const logger = new Logger(`DeviceEvents:${scheme}`);
  const maxBytes = options.maxBytes ?? DEVICE_EVENT_MAX_BYTES;

  const handle: http.RequestListener = (req, res) => {
    const sender = normalizeAddress(req.socket.remoteAddress ?? '');
    const path = (req.url ?? '').split('?')[0];
    if (path !== DEVICE_EVENT_PATH) {
      send(
        res,
        404,
        { code: 'NOT_FOUND', message: `device events are posted to ${DEVICE_EVENT_PATH}` },
        { connection: 'close' },
      );
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'use POST' }, { allow: 'POST', connection: 'close' });
      req.resume();
      return;
    }
    const verdict = options.registry.check(sender);
    if (!verdict.known && !verdict.allowed) {
      logger.warn(`refused device event from unknown sender ${sender}`);
      sendError(res, new UnknownSenderError(`${sender} is not a device this edge polls`));
      req.resume();
      return;
    }
    const rate = options.limiter.take(sender);
    if (!rate.allowed) {
      const seconds = Math.ceil(rate.retryAfterMs / 1000);
      logger.warn(`rate-limited device events from ${sender}`);
      sendError(res, new SenderRateLimitedError(`too many events from ${sender}; retry later`, seconds), {
        'retry-after': String(seconds),
      });
      req.resume();
      return;
    }
    const contentType = req.headers['content-type'];
    if (contentType !== undefined && !/^(application|text)\/([\w.+-]*\+)?xml\s*(;|$)/i.test(contentType)) {
      sendError(res, new UnsupportedMediaTypeError(`expected application/xml, got ${contentType.slice(0, 60)}`));
      req.resume();
      return;
    }
    const tooLarge = (): void => {
      logger.warn(`refused oversized device event from ${sender}`);
      sendError(res, new EventTooLargeError(`the body exceeds ${maxBytes} bytes`));
    };
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      // Answered before reading; `connection: close` makes Node drop the socket once the answer is written.
      tooLarge();
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > maxBytes + DRAIN_LIMIT) req.destroy();
        return;
      }
      if (size > maxBytes) {
        refused = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      if (refused) return;
      let event;
      try {
        event = parseDeviceEvent(Buffer.concat(chunks));
      } catch (error) {
        if (!(error instanceof DeviceEventParseError)) {
          logger.error(`device event from ${sender} could not be read`, error instanceof Error ? error.stack : '');
          send(res, 500, { code: 'INTERNAL', message: 'Internal server error' });
          return;
        }
        logger.warn(`refused malformed device event from ${sender}: ${error.reason}`);
        sendError(res, new InvalidDeviceEventError(error.message, error.reason));
        return;
      }
      const outcome = options.coordinator.accept(sender, event, verdict.known ? verdict.target : undefined);
      logger.log(`device event ${event.type} from ${sender} (serial ${event.serial}): ${outcome}`);
      send(res, 202, { accepted: true, poll: outcome });
    });
  };

  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handle)
    : http.createServer(handle);
  // A slow or silent sender cannot hold a connection for long.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 50;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.bindAddress, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.bindAddress === '0.0.0.0' ? '127.0.0.1' : options.bindAddress;
  return {
    port,
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${DEVICE_EVENT_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
