import { SETTINGS_FILE_MAX_BYTES, SETTINGS_FILE_XML_NAMESPACE } from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { v2 as webdav } from 'webdav-server';
import { EdgeError } from '../../common/edge-error';

/**
 * The edge's WebDAV face for settings files devices pull (SPEC §2: "WebDAV (device pulls from edge)"), on
 * `webdav-server`. Access model (docs/decisions/0011-settings-file-transports.md):
 * - each pending operation gets its own folder `/ops/<token>/` — 32 random bytes, base64url — holding one
 *   `settings.xml`; the device PUTs `result.xml` into the same folder;
 * - every request must come from the address of the device the operation is for (the connection's source address),
 *   so even a leaked URL is useless from anywhere else; the file itself is sealed with the device's admin password;
 * - a device learns its folder from `GET /inbox`, answered per source address (204 when nothing waits) — in a real
 *   product this is the device's configured "settings pull URL";
 * - nothing else exists: no listing (PROPFIND), no other method or path (403/404), one result per operation,
 *   bodies bounded by the settings-file limit; the folder is removed when the operation ends.
 */

export interface WebDavSettingsDropOptions {
  /** Listen address (the edge's bind address). */
  hostname: string;
  /** TCP port; 0 = any free port. */
  port: number;
  /** HTTPS with the edge's certificate (recommended); plain HTTP when null. */
  tls: { key: string; cert: string } | null;
  /** Random folder names (injectable for tests). */
  token?: () => string;
}

export class SettingsPullTimeoutError extends EdgeError {
  readonly code = 'DEVICE_UNREACHABLE';
  override readonly httpStatus = 504;
}

export class SettingsResultWaitTimeoutError extends EdgeError {
  readonly code = 'SETTINGS_RESULT_TIMEOUT';
  override readonly httpStatus = 504;
}

export interface PublishedSettingsFile {
  readonly operationId: string;
  /** URL path of the settings file. */
  readonly path: string;
  /** Whether the device has fetched the settings file. */
  readonly pulled: boolean;
  /**
   * Waits for the device's result: rejects with SettingsPullTimeoutError when the file is not pulled within
   * `pullTimeoutMs`, with SettingsResultWaitTimeoutError when no result follows within `resultTimeoutMs` of the pull.
   */
  result(limits: { pullTimeoutMs: number; resultTimeoutMs: number }): Promise<Buffer>;
  /** Removes the folder (idempotent). */
  withdraw(): Promise<void>;
}

interface Pending {
  token: string;
  operationId: string;
  deviceAddress: string;
  pulled: boolean;
  result: Buffer | null;
  waiters: Set<() => void>;
}

const normaliseAddress = (address: string | undefined): string =>
  (address ?? '').replace(/^::ffff:/i, '').toLowerCase();

export class WebDavSettingsDrop {
  private readonly pending = new Map<string, Pending>();
  private readonly nextToken: () => string;

  private constructor(
    private readonly server: webdav.WebDAVServer,
    private readonly http: Server,
    readonly url: string,
    options: WebDavSettingsDropOptions,
  ) {
    this.nextToken = options.token ?? (() => randomBytes(32).toString('base64url'));
  }

  static async start(options: WebDavSettingsDropOptions): Promise<WebDavSettingsDrop> {
    // `hostname` must be given to the constructor: start({hostname}) ignores it and binds every interface.
    const server = new webdav.WebDAVServer({
      hostname: options.hostname,
      port: options.port,
      serverName: 'Fleetward edge',
      ...(options.tls ? { https: { key: options.tls.key, cert: options.tls.cert } } : {}),
    });
    const http = await new Promise<Server>((resolve, reject) => {
      server.start((s) => resolve(s as Server));
      // start() creates the server synchronously: a listen error (port in use) must reject, not crash the edge.
      (server as unknown as { server: Server }).server.once('error', reject);
    });
    const address = http.address() as AddressInfo;
    const host = address.address.includes(':') ? `[${address.address}]` : address.address;
    const drop = new WebDavSettingsDrop(
      server,
      http,
      `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
      options,
    );
    await new Promise<void>((resolve, reject) =>
      server
        .rootFileSystem()
        .addSubTree(server.createExternalContext(), { ops: webdav.ResourceType.Directory }, (error) =>
          error ? reject(error) : resolve(),
        ),
    );
    server.beforeRequest((ctx, next) => drop.guard(ctx, next));
    server.afterRequest((ctx, next) => {
      void drop.collect(ctx).finally(next);
    });
    return drop;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Publishes one sealed settings file for one device; the caller waits for the result and withdraws it. */
  async publish(request: { operationId: string; deviceAddress: string; file: Buffer }): Promise<PublishedSettingsFile> {
    const token = this.nextToken();
    const entry: Pending = {
      token,
      operationId: request.operationId,
      deviceAddress: normaliseAddress(request.deviceAddress),
      pulled: false,
      result: null,
      waiters: new Set(),
    };
    const ops = await this.server.getResourceAsync(this.server.createExternalContext(), '/ops');
    await new Promise<void>((resolve, reject) => {
      ops.addSubTree({ [token]: { 'settings.xml': request.file.toString('utf8') } }, (error) =>
        error ? reject(error) : resolve(),
      );
    });
    this.pending.set(token, entry);
    const wait = (until: () => boolean, ms: number): Promise<boolean> =>
      new Promise((resolve) => {
        if (until()) return resolve(true);
        const check = () => {
          if (!until()) return;
          clearTimeout(timer);
          entry.waiters.delete(check);
          resolve(true);
        };
        const timer = setTimeout(() => {
          entry.waiters.delete(check);
          resolve(until());
        }, ms);
        entry.waiters.add(check);
      });
    return {
      operationId: request.operationId,
      path: `/ops/${token}/settings.xml`,
      get pulled() {
        return entry.pulled;
      },
      result: async ({ pullTimeoutMs, resultTimeoutMs }) => {
        if (!(await wait(() => entry.pulled, pullTimeoutMs))) {
          throw new SettingsPullTimeoutError(
            `the device ${request.deviceAddress} did not pull its settings file within ${pullTimeoutMs} ms`,
          );
        }
        if (!(await wait(() => entry.result !== null, resultTimeoutMs))) {
          throw new SettingsResultWaitTimeoutError(
            `the device ${request.deviceAddress} pulled its settings file but wrote no result within ${resultTimeoutMs} ms`,
          );
        }
        return entry.result!;
      },
      withdraw: () => this.withdraw(token),
    };
  }

  async close(): Promise<void> {
    for (const token of [...this.pending.keys()]) await this.withdraw(token);
    this.http.closeAllConnections();
    await this.server.stopAsync();
  }

  private async withdraw(token: string): Promise<void> {
    if (!this.pending.delete(token)) return;
    const ctx = this.server.createExternalContext();
    const folder = await this.server.getResourceAsync(ctx, `/ops/${token}`).catch(() => null);
    await folder?.deleteAsync().catch(() => undefined);
  }

  private refuse(ctx: webdav.HTTPRequestContext, status: number): void {
    ctx.setCode(status);
    ctx.exit();
  }

  /** Access control before webdav-server sees the request (see the class comment). */
  private guard(ctx: webdav.HTTPRequestContext, next: () => void): void {
    const method = ctx.request.method ?? '';
    const from = normaliseAddress(ctx.request.socket.remoteAddress);
    const path = ctx.requested.path.toString();
    if (path === '/inbox' && method === 'GET') {
      const mine = [...this.pending.values()].filter((p) => p.deviceAddress === from && p.result === null);
      if (mine.length === 0) return this.refuse(ctx, 204);
      const files = mine
        .map(
          (p) =>
            `<File operationId="${p.operationId}" href="/ops/${p.token}/settings.xml" result="/ops/${p.token}/result.xml"/>`,
        )
        .join('');
      const body = `<?xml version="1.0" encoding="UTF-8"?><Inbox xmlns="${SETTINGS_FILE_XML_NAMESPACE}">${files}</Inbox>`;
      ctx.response.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store' });
      ctx.response.end(body);
      return;
    }
    const m = /^\/ops\/([A-Za-z0-9_-]{16,64})\/(settings|result)\.xml$/.exec(path);
    const entry = m ? this.pending.get(m[1]!) : undefined;
    // Unknown folders and other devices' folders look the same: not found.
    if (!m || !entry || entry.deviceAddress !== from) return this.refuse(ctx, path === '/' ? 403 : 404);
    if (m[2] === 'settings' && (method === 'GET' || method === 'HEAD')) return next();
    if (m[2] === 'result' && method === 'PUT') {
      if (!entry.pulled || entry.result !== null) return this.refuse(ctx, 409);
      const length = Number(ctx.request.headers['content-length'] ?? NaN);
      if (!Number.isInteger(length)) return this.refuse(ctx, 411);
      if (length > SETTINGS_FILE_MAX_BYTES) return this.refuse(ctx, 413);
      return next();
    }
    return this.refuse(ctx, 405);
  }

  /** After webdav-server answered: note the pull, and read a stored result. */
  private async collect(ctx: webdav.HTTPRequestContext): Promise<void> {
    const m = /^\/ops\/([A-Za-z0-9_-]{16,64})\/(settings|result)\.xml$/.exec(ctx.requested.path.toString());
    const entry = m ? this.pending.get(m[1]!) : undefined;
    const status = ctx.response.statusCode;
    if (!m || !entry || status < 200 || status >= 300) return;
    if (m[2] === 'settings' && ctx.request.method === 'GET') entry.pulled = true;
    if (m[2] === 'result' && ctx.request.method === 'PUT') {
      const resource = await this.server.getResourceAsync(this.server.createExternalContext(), ctx.requested.path);
      const stream = await resource.openReadStreamAsync(true);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
      entry.result = Buffer.concat(chunks);
    }
    for (const waiter of [...entry.waiters]) waiter();
  }
}
