import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { createSelfSignedCertificate } from '../tls/tls-certificate';
import { InvalidWebhookSettingsError, WebhookDeliveryError } from './mail.errors';
import { verifyWebhookSignature, WebhookNotifier } from './webhook-notifier';

const SECRET = 'whsec-0123456789abcdef';

interface Hit {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function startReceiver(options: { status?: number; delayMs?: number; tls?: { key: string; cert: string } } = {}) {
  const hits: Hit[] = [];
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      setTimeout(() => {
        res.writeHead(options.status ?? 204);
        res.end();
      }, options.delayMs ?? 0);
    });
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/hooks/fleetward?team=ops`,
    hits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const alert = {
  id: 'a-1',
  severity: 'critical' as const,
  summary: 'Paper jam',
  detail: null,
  openedAt: '2026-01-15T09:00:00.000Z',
  state: 'open',
};
const device = {
  id: 'dev-1',
  name: 'Finance MFP',
  model: 'FW-4000i',
  serialNumber: 'SN1',
  address: '127.1.0.5',
  location: 'Tokyo HQ 3F',
};

describe('WebhookNotifier against a local HTTP(S) server', () => {
  const cleanups: (() => Promise<void>)[] = [];
  let tls: { key: string; cert: string };
  beforeAll(() => {
    tls = createSelfSignedCertificate({ host: 'localhost' });
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('POSTs signed JSON that the receiver can verify', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.stop);
    const clock = new FakeClock('2026-01-15T09:00:05.000Z');
    const sut = new WebhookNotifier({ settings: { url: receiver.url, secret: SECRET }, clock });
    cleanups.push(() => sut.close());

    await expect(sut.sendAlert('alert.opened', alert, device, 'https://fw.example.com')).resolves.toEqual({
      status: 204,
    });

    const hit = receiver.hits[0] as Hit;
    expect(hit.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(hit.headers['x-fleetward-event']).toBe('alert.opened');
    expect(hit.headers['x-fleetward-timestamp']).toBe('2026-01-15T09:00:05.000Z');
    expect(hit.headers['x-fleetward-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(JSON.parse(hit.body)).toEqual({
      event: 'alert.opened',
      sentAt: '2026-01-15T09:00:05.000Z',
      alert,
      device,
      link: 'https://fw.example.com/devices/dev-1',
    });
    const check = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({
        secret: SECRET,
        body: hit.body,
        signature: hit.headers['x-fleetward-signature'] as string,
        timestamp: hit.headers['x-fleetward-timestamp'] as string,
        now: clock.now(),
        ...over,
      });
    expect(check({})).toBe(true);
    expect(check({ secret: 'another-secret-000000' })).toBe(false);
    expect(check({ body: hit.body.replace('Paper jam', 'All fine') })).toBe(false);
    expect(check({ timestamp: '2026-01-15T09:00:06.000Z' })).toBe(false);
    expect(check({ now: new Date('2026-01-15T09:10:00.000Z') })).toBe(false); // replayed too late
    expect(check({ signature: undefined })).toBe(false);
    expect(hit.body).not.toContain(SECRET);
  });

  it('sends a test call over HTTPS, trusting the given CA only', async () => {
    const receiver = await startReceiver({ tls });
    cleanups.push(receiver.stop);
    const sut = new WebhookNotifier({ settings: { url: receiver.url, secret: SECRET, ca: tls.cert } });
    cleanups.push(() => sut.close());
    await expect(sut.sendTest()).resolves.toEqual({ status: 204 });
    expect(JSON.parse(receiver.hits[0]?.body ?? '{}')).toMatchObject({ event: 'test' });

    const untrusting = new WebhookNotifier({ settings: { url: receiver.url, secret: SECRET } });
    cleanups.push(() => untrusting.close());
    const error = await untrusting.sendTest().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookDeliveryError);
    expect((error as Error).message).toMatch(/self[- ]signed|unable to verify/i);
  });

  it('fails clearly on a non-2xx answer, a timeout and a closed port', async () => {
    const refusing = await startReceiver({ status: 401 });
    cleanups.push(refusing.stop);
    const sut = new WebhookNotifier({ settings: { url: refusing.url, secret: SECRET } });
    cleanups.push(() => sut.close());
    const refused = await sut.sendTest().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'WEBHOOK_DELIVERY_FAILED', httpStatus: 401 });
    expect((refused as Error).message).toMatch(
      /^Webhook http:\/\/127\.0\.0\.1:\d+\/hooks\/fleetward answered HTTP 401$/,
    );

    const slow = await startReceiver({ delayMs: 1500 });
    cleanups.push(slow.stop);
    const impatient = new WebhookNotifier({ settings: { url: slow.url, secret: SECRET }, timeoutMs: 200 });
    cleanups.push(() => impatient.close());
    await expect(impatient.sendTest()).rejects.toThrow(/no answer within 200 ms/);

    const gone = await startReceiver();
    await gone.stop();
    const nowhere = new WebhookNotifier({ settings: { url: gone.url, secret: SECRET } });
    cleanups.push(() => nowhere.close());
    await expect(nowhere.sendTest()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses bad settings', () => {
    expect(() => new WebhookNotifier({ settings: { url: 'ftp://x', secret: 'short' } })).toThrow(
      InvalidWebhookSettingsError,
    );
    let error: unknown;
    try {
      new WebhookNotifier({ settings: { url: 'https://u:p@example.com/x', secret: 'short', ca: 'nope' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidWebhookSettingsError);
    {
      expect((error as InvalidWebhookSettingsError).problems).toEqual([
        'url must not carry credentials; the signature authenticates',
        'secret must have at least 16 characters',
        'ca must be PEM certificates',
      ]);
    }
  });
});
