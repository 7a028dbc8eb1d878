import {
  DEVICE_EVENT_CONTENT_TYPE,
  renderDeviceEventXml,
  type DeviceEventOutboxItem,
  type DeviceEventsResponse,
  type PollBatchResponse,
} from '@fleetward/contracts';
import forge from 'node-forge';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../test/simulator/src/index';
import { startEdge, type RunningEdge } from '../main';

// Everything on loopback 127.6.x: edge API + listeners on 127.6.0.1, simulated devices on 127.6.1.x / 127.6.2.x.
const TOKEN = 'notify-test-token-0123456789';
const EDGE_HOST = '127.6.0.1';
const NOTIFY_HTTP_PORT = 15811;
const NOTIFY_HTTPS_PORT = 15812;
const SIM_HTTP = { baseAddress: '127.6.1.1', port: 16611 };
const SIM_HTTPS = { baseAddress: '127.6.2.1', port: 16612 };

/** A certificate for 127.6.0.1, configured as the edge's API certificate (the listeners must serve it too). */
function certificateFor(ip: string): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const attrs = [{ name: 'commonName', value: 'edge.notify.test' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip }] }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { key: privateKey, cert: forge.pki.certificateToPem(cert) };
}

/** POSTs raw bytes to the HTTP listener from `localAddress` (the "device"). */
function postRaw(
  localAddress: string,
  body: Buffer | string,
  options: { contentLength?: boolean; contentType?: string; path?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    const req = http.request(
      {
        host: EDGE_HOST,
        port: NOTIFY_HTTP_PORT,
        path: options.path ?? '/device-events',
        method: 'POST',
        localAddress,
        agent: false,
        headers: {
          'content-type': options.contentType ?? DEVICE_EVENT_CONTENT_TYPE,
          ...(options.contentLength === false ? { 'transfer-encoding': 'chunked' } : { 'content-length': data.length }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const eventXml = (address: string, detail = 'test'): string =>
  renderDeviceEventXml({ serial: 'SN-TEST', address, type: 'error', time: '2026-01-15T09:00:00.000Z', detail });

describe('device notifications: simulator → edge listeners → immediate poll → outbox', () => {
  let edge: RunningEdge;
  let simHttp: Simulator;
  let simHttps: Simulator;
  let dataDir: string;
  let dispatcher: Agent;
  let tls: { key: string; cert: string };

  const api = async <T>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${edge.url}${route}`, {
      method,
      dispatcher,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  const pollViaEdge = async (host: string, port: number): Promise<void> => {
    const res = await api<PollBatchResponse>('POST', '/api/v1/poll', {
      targets: [{ host, port, snmp: { version: '2c', community: 'public' }, timeoutMs: 1000, retries: 1 }],
    });
    expect(res.status).toBe(200);
    expect(res.body.summary.ok).toBe(1);
  };

  /** Long-polls the outbox until an item matches, or fails at the deadline (no fixed sleeps). */
  const waitForItem = async (
    match: (item: DeviceEventOutboxItem) => boolean,
    deadlineMs = 15_000,
  ): Promise<DeviceEventOutboxItem> => {
    const deadline = Date.now() + deadlineMs;
    let after: string | undefined;
    while (Date.now() < deadline) {
      const waitMs = Math.max(0, Math.min(2_000, deadline - Date.now()));
      const query = new URLSearchParams({ waitMs: String(waitMs), ...(after ? { after } : {}) });
      const res = await api<DeviceEventsResponse>('GET', `/api/v1/device-events?${query.toString()}`);
      expect(res.status).toBe(200);
      const found = res.body.items.find(match);
      if (found) return found;
      after = res.body.nextCursor;
    }
    throw new Error(`no matching device event within ${deadlineMs} ms`);
  };

  const jammedFrom = (host: string) => (item: DeviceEventOutboxItem) =>
    item.sender === host && item.result?.ok === true && item.result.status.errors.includes('jammed');

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'fw-edge-notify-'));
    tls = certificateFor(EDGE_HOST);
    writeFileSync(path.join(dataDir, 'cert.pem'), tls.cert);
    writeFileSync(path.join(dataDir, 'key.pem'), tls.key);
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: EDGE_HOST,
        FLEETWARD_EDGE_TOKEN: TOKEN,
        FLEETWARD_EDGE_DATA_DIR: dataDir,
        FLEETWARD_EDGE_TLS_CERT: path.join(dataDir, 'cert.pem'),
        FLEETWARD_EDGE_TLS_KEY: path.join(dataDir, 'key.pem'),
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: String(NOTIFY_HTTP_PORT),
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: String(NOTIFY_HTTPS_PORT),
        FLEETWARD_EDGE_NOTIFY_RATE_LIMIT: '5',
        FLEETWARD_EDGE_NOTIFY_RATE_WINDOW_MS: '3600000', // one window for the whole file: no timing luck
      },
      { logger: false },
    );
    dispatcher = new Agent({ connect: { ca: tls.cert } });
    simHttp = await startSimulator({
      devices: 5,
      ...SIM_HTTP,
      families: ['generic'],
      seed: 11,
      notify: { url: edge.notify.http?.url ?? 'http://missing' },
    });
    simHttps = await startSimulator({
      devices: 1,
      ...SIM_HTTPS,
      families: ['generic'],
      seed: 12,
      notify: { url: edge.notify.https?.url ?? 'https://missing', ca: tls.cert },
    });
  });

  afterAll(async () => {
    await simHttp?.stop();
    await simHttps?.stop();
    await edge?.close();
    await dispatcher?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves both listeners on the configured ports', () => {
    expect(edge.notify.http?.url).toBe(`http://${EDGE_HOST}:${NOTIFY_HTTP_PORT}/device-events`);
    expect(edge.notify.https?.url).toBe(`https://${EDGE_HOST}:${NOTIFY_HTTPS_PORT}/device-events`);
  });

  it('a jam pushed over HTTP (5001-style listener) leads to an immediate poll whose snapshot shows it', async () => {
    const device = simHttp.device('127.6.1.1');
    await pollViaEdge(device.address, SIM_HTTP.port);
    device.inject('jam');
    const item = await waitForItem(jammedFrom(device.address));
    expect(item.event).toMatchObject({
      type: 'error',
      address: device.address,
      serial: device.model.identity.serialNumber,
    });
    expect(item.result).toMatchObject({ ok: true, target: { host: device.address, port: SIM_HTTP.port } });
    expect(JSON.stringify(item)).not.toContain('public'); // the community is never echoed
    expect(simHttp.notifier?.stats.failed).toBe(0);
  });

  it('a jam pushed over HTTPS (5002-style listener, same certificate as the API) does the same', async () => {
    const device = simHttps.device('127.6.2.1');
    await pollViaEdge(device.address, SIM_HTTPS.port);
    device.inject('jam');
    const item = await waitForItem(jammedFrom(device.address));
    expect(item.result).toMatchObject({ ok: true, target: { host: device.address } });
    expect(simHttps.notifier?.stats.failed).toBe(0);
  });

  it('refuses a sender the edge never polled with 403, whatever it sends', async () => {
    const res = await postRaw('127.6.9.9', eventXml('127.6.9.9'));
    expect(res).toEqual({
      status: 403,
      body: { code: 'UNKNOWN_SENDER', message: '127.6.9.9 is not a device this edge polls' },
    });
  });

  it('accepts a device once the server had the edge identify it', async () => {
    const before = await postRaw('127.6.1.5', eventXml('127.6.1.5'));
    expect(before.status).toBe(403);
    const identified = await api<{ ok: boolean }>('POST', '/api/v1/identify', {
      target: { host: '127.6.1.5', port: SIM_HTTP.port, snmp: { version: '2c', community: 'public' }, timeoutMs: 1000 },
    });
    expect(identified.body.ok).toBe(true);
    const after = await postRaw('127.6.1.5', eventXml('127.6.1.5', 'after identify'));
    expect(after).toEqual({ status: 202, body: { accepted: true, poll: 'polling' } });
    const item = await waitForItem((i) => i.sender === '127.6.1.5' && i.event.detail === 'after identify');
    expect(item.result?.ok).toBe(true);
  });

  it('refuses a malformed body or an unknown event type with 400 and a clear message', async () => {
    await pollViaEdge('127.6.1.2', SIM_HTTP.port);
    const broken = await postRaw('127.6.1.2', '<DeviceEvent xmlns="urn:fleetward:device-event:1"><Serial>x');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ code: 'DEVICE_EVENT_INVALID', reason: 'malformedXml' });
    expect(broken.body['message']).toMatch(/not well-formed XML/);
    const unknownType = await postRaw(
      '127.6.1.2',
      eventXml('127.6.1.2').replace('<Type>error</Type>', '<Type>boom</Type>'),
    );
    expect(unknownType.status).toBe(400);
    expect(unknownType.body).toMatchObject({ code: 'DEVICE_EVENT_INVALID', reason: 'unknownType' });
    const json = await postRaw('127.6.1.2', '{}', { contentType: 'application/json' });
    expect(json.status).toBe(415);
    const wrongPath = await postRaw('127.6.1.2', eventXml('127.6.1.2'), { path: '/elsewhere' });
    expect(wrongPath.status).toBe(404);
  });

  it('refuses an oversized body with 413, declared or streamed', async () => {
    await pollViaEdge('127.6.1.3', SIM_HTTP.port);
    const big = Buffer.alloc(20_000, 'a');
    const declared = await postRaw('127.6.1.3', big);
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const streamed = await postRaw('127.6.1.3', big, { contentLength: false });
    expect(streamed.status).toBe(413);
  });

  it('rate-limits a chatty device (429 with Retry-After) and still polls for what it accepted', async () => {
    await pollViaEdge('127.6.1.4', SIM_HTTP.port);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await postRaw('127.6.1.4', eventXml('127.6.1.4', `burst ${i}`))).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    // The last accepted event is in the outbox, on its own poll or as the latest of a coalesced follow-up poll.
    const last = await waitForItem((item) => item.sender === '127.6.1.4' && item.event.detail === 'burst 4');
    expect(last.result?.ok).toBe(true);
  });

  it('requires the edge token for the outbox and validates its query', async () => {
    const res = await fetch(`${edge.url}/api/v1/device-events`, { dispatcher });
    expect(res.status).toBe(401);
    expect((await api('GET', '/api/v1/device-events?waitMs=99999')).status).toBe(400);
    expect((await api('GET', '/api/v1/device-events?after=nonsense')).status).toBe(400);
  });
});
