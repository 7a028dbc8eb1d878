import type { DeviceEventDocument } from '@fleetward/contracts';
import forge from 'node-forge';
import { generateKeyPairSync } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- Node-only parser, kept out of the @fleetward/domain index (web imports it)
import { parseDeviceEvent } from '../../../../libs/domain/src/device-event';
import { startSimulator, type Simulator } from '../simulator';
import { SimulatorOptionsError } from '../simulator.errors';
import { DeviceEventPusher } from './device-event-pusher';

interface Hit {
  remoteAddress: string | undefined;
  contentType: string | undefined;
  body: string;
}

type Server = http.Server | https.Server;

/** A small event receiver on 127.0.0.1 that records each POST and answers `status` (after `delayMs`). */
async function startReceiver(options: { status?: number; delayMs?: number; tls?: { key: string; cert: string } } = {}) {
  const hits: Hit[] = [];
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({
        remoteAddress: req.socket.remoteAddress,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      setTimeout(() => {
        res.writeHead(options.status ?? 202, { 'content-type': 'text/plain' });
        res.end('ok');
      }, options.delayMs ?? 0);
    });
  };
  const server: Server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  return {
    url: `${scheme}://127.0.0.1:${port}/device-events`,
    hits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function selfSignedForLoopback(): { key: string; cert: string } {
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
  const attrs = [{ name: 'commonName', value: 'edge.test' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { key: privateKey, cert: forge.pki.certificateToPem(cert) };
}

const event: DeviceEventDocument = {
  serial: 'SN1',
  address: '127.2.7.1',
  type: 'error',
  time: '2026-01-15T09:00:00.000Z',
  detail: 'jam',
};

describe('device notifications from the simulator', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('pushes a DeviceEvent from the device address when a fault is injected and cleared, and when toner runs low', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.stop);
    const errors: string[] = [];
    const sim: Simulator = await startSimulator({
      devices: 2,
      baseAddress: '127.2.7.1',
      port: 16194,
      families: ['generic'],
      clock: { now: () => Date.parse('2026-01-15T09:00:00.000Z') },
      notify: { url: receiver.url, onError: (address, message) => errors.push(`${address} ${message}`) },
    });
    cleanups.push(() => sim.stop());
    const device = sim.device('127.2.7.2');

    device.inject('jam');
    await sim.notifier?.idle();
    expect(receiver.hits).toHaveLength(1);
    const hit = receiver.hits[0] as Hit;
    expect(hit.remoteAddress).toBe('127.2.7.2');
    expect(hit.contentType).toBe('application/xml; charset=utf-8');
    expect(parseDeviceEvent(hit.body)).toEqual({
      serial: device.model.identity.serialNumber,
      address: '127.2.7.2',
      type: 'error',
      time: '2026-01-15T09:00:00.000Z',
      detail: 'alertRaised jam: Paper jam',
    });

    device.clear('jam');
    device.inject('tonerLow');
    device.sleep();
    await sim.notifier?.idle();
    const docs = receiver.hits.slice(1).map((h) => parseDeviceEvent(h.body));
    expect(docs.map((d) => [d.type, d.detail])).toEqual([
      ['error', 'alertCleared jam: Paper jam'],
      ['supplyLow', expect.stringMatching(/^alertRaised markerTonerAlmostEmpty: .*low$/) as unknown],
      ['statusChange', 'power save: asleep'],
    ]);
    expect(errors).toEqual([]);
    expect(sim.notifier?.stats).toEqual({ sent: 4, failed: 0, dropped: 0 });
  });

  it('pushes over HTTPS, trusting the given CA', async () => {
    const tls = selfSignedForLoopback();
    const receiver = await startReceiver({ tls });
    cleanups.push(receiver.stop);
    const sut = new DeviceEventPusher({ url: receiver.url, ca: tls.cert });
    cleanups.push(() => sut.close());
    await expect(sut.push(event, '127.2.7.1')).resolves.toEqual({ ok: true, status: 202, error: null });
    expect(parseDeviceEvent(receiver.hits[0]?.body ?? '')).toEqual(event);
    expect(receiver.hits[0]?.remoteAddress).toBe('127.2.7.1');

    const untrusting = new DeviceEventPusher({ url: receiver.url });
    const outcome = await untrusting.push(event);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/self[- ]signed|unable to verify/i);
  });

  it('reports refusals, timeouts and closed ports without throwing', async () => {
    const refusing = await startReceiver({ status: 403 });
    cleanups.push(refusing.stop);
    const errors: string[] = [];
    const sut = new DeviceEventPusher({ url: refusing.url, onError: (a, m) => errors.push(`${a}: ${m}`) });
    await expect(sut.push(event)).resolves.toEqual({ ok: false, status: 403, error: 'HTTP 403' });
    expect(errors).toEqual([`127.2.7.1: push to ${refusing.url} failed: HTTP 403`]);

    const slow = await startReceiver({ delayMs: 2000 });
    cleanups.push(slow.stop);
    const impatient = new DeviceEventPusher({ url: slow.url, timeoutMs: 200 });
    await expect(impatient.push(event)).resolves.toMatchObject({
      ok: false,
      status: null,
      error: 'no answer within 200 ms',
    });

    const gone = await startReceiver();
    await gone.stop();
    const nowhere = new DeviceEventPusher({ url: gone.url });
    expect((await nowhere.push(event)).error).toMatch(/ECONNREFUSED/);
    expect(nowhere.stats).toEqual({ sent: 0, failed: 1, dropped: 0 });
  });

  it('bounds the queue: a flood of events is dropped beyond maxQueue, counted', async () => {
    const slow = await startReceiver({ delayMs: 100 });
    cleanups.push(slow.stop);
    const sut = new DeviceEventPusher({ url: slow.url, concurrency: 1, maxQueue: 2 });
    const outcomes = await Promise.all([sut.push(event), sut.push(event), sut.push(event), sut.push(event)]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false]);
    expect(outcomes[3]?.error).toBe('queue full, event dropped');
    expect(sut.stats).toEqual({ sent: 3, failed: 0, dropped: 1 });
    await sut.close();
    expect(await sut.push(event)).toEqual({ ok: false, status: null, error: 'pusher closed' });
  });

  it('refuses bad notify options before binding anything', async () => {
    await expect(
      startSimulator({ devices: 1, baseAddress: '127.2.7.9', port: 16195, notify: { url: 'ftp://127.0.0.1/x' } }),
    ).rejects.toThrow(SimulatorOptionsError);
    expect(() => new DeviceEventPusher({ url: 'not a url' })).toThrow('notify url is not a URL: not a url');
    expect(() => new DeviceEventPusher({ url: 'http://127.0.0.1:1/x', ca: 'x' })).toThrow(
      'only meaningful for an https url',
    );
  });
});
