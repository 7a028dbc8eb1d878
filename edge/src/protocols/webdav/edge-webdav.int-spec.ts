import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, type RunningEdge } from '../../main';

const BIND = '127.25.0.2';

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function request(url: string, method: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca, checkServerIdentity: () => undefined }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('edge WebDAV drop for settings files (startEdge)', () => {
  let dataDir: string;
  let edge: RunningEdge;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'fw-edge-webdav-'));
    port = await freePort(BIND);
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: BIND,
        FLEETWARD_EDGE_TOKEN: 'x'.repeat(32),
        FLEETWARD_EDGE_DATA_DIR: dataDir,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
        FLEETWARD_EDGE_WEBDAV_PORT: String(port),
      },
      { logger: false },
    );
  });
  afterAll(async () => {
    await edge?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves HTTPS with the edge certificate on the bind address; an empty inbox and nothing listable', async () => {
    expect(edge.webdav).toEqual({ url: `https://${BIND}:${port}`, port, certificate: edge.certificate });
    expect(await request(`${edge.webdav!.url}/inbox`, 'GET', edge.certificate)).toBe(204);
    expect(await request(`${edge.webdav!.url}/`, 'PROPFIND', edge.certificate)).toBe(403);
    expect(await request(`${edge.webdav!.url}/ops/whatever-token-0000/settings.xml`, 'GET', edge.certificate)).toBe(
      404,
    );
  });

  it('is off by default', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fw-edge-webdav-off-'));
    const off = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: BIND,
        FLEETWARD_EDGE_TOKEN: 'x'.repeat(32),
        FLEETWARD_EDGE_DATA_DIR: dir,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
      },
      { logger: false },
    );
    try {
      expect(off.webdav).toBeNull();
    } finally {
      await off.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
