import { buildXmlApiResponse } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { XmlApiClient, type XmlApiTransport } from './xml-api-client';
import { DeviceAuthError, DeviceMalformedAnswerError } from './xml-api.errors';

const answering =
  (status: number, body: string, seen: { url?: string; body?: string } = {}): XmlApiTransport =>
  (exchange) => {
    seen.url = exchange.url;
    seen.body = exchange.body;
    return Promise.resolve({ status, body });
  };

describe('XmlApiClient', () => {
  it('posts a GetSettings document to 50003 over TLS by default and returns the per-key answers', async () => {
    const seen: { url?: string; body?: string } = {};
    const client = new XmlApiClient({
      host: '127.23.5.5',
      adminPassword: 'pw',
      transport: answering(
        200,
        buildXmlApiResponse({ status: 'ok', settings: [{ key: 'time.timeZone', status: 'ok', value: 'UTC' }] }),
        seen,
      ),
    });
    expect(await client.getSettings(['time.timeZone'])).toEqual([{ key: 'time.timeZone', status: 'ok', value: 'UTC' }]);
    expect(seen.url).toBe('https://127.23.5.5:50003/fwapi/v1');
    expect(seen.body).toContain('<GetSettings><Key>time.timeZone</Key></GetSettings>');
  });

  it('maps an AUTH_FAILED document to DeviceAuthError', async () => {
    const client = new XmlApiClient({
      host: 'h',
      adminPassword: 'wrong',
      tls: false,
      transport: answering(401, buildXmlApiResponse({ status: 'error', code: 'AUTH_FAILED', message: 'no' })),
    });
    await expect(client.setSettings({ 'time.timeZone': 'UTC' })).rejects.toBeInstanceOf(DeviceAuthError);
  });

  it('treats anything that is not a document of the contract as a malformed answer', async () => {
    for (const body of [
      '<html>login</html>',
      'not xml at all <',
      '<!DOCTYPE x><FwResponse status="ok"/>',
      buildXmlApiResponse({ status: 'ok', results: [] }),
    ]) {
      const client = new XmlApiClient({ host: 'h', adminPassword: 'pw', transport: answering(200, body) });
      await expect(client.getSettings(null)).rejects.toBeInstanceOf(DeviceMalformedAnswerError);
    }
  });
});
