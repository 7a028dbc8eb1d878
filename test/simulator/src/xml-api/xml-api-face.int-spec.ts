import { buildXmlApiRequest, XML_API_MAX_BYTES } from '@fleetward/contracts';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatedDevice, type Simulator } from '../simulator';

describe('simulator XML API face (HTTP and HTTPS)', () => {
  let sim: Simulator;
  let device: SimulatedDevice;
  let pinned: Agent;

  const post = async (body: string, tls = false, path = '/fwapi/v1') => {
    const api = device.xmlApi!;
    const url = tls ? `https://${device.address}:${api.tlsPort}${path}` : `http://${device.address}:${api.port}${path}`;
    const res = await fetch(url, { method: 'POST', body, dispatcher: tls ? pinned : undefined });
    return { status: res.status, text: await res.text() };
  };
  const get = (password: string) => buildXmlApiRequest({ adminPassword: password, op: 'get', keys: ['time.timeZone'] });

  beforeAll(async () => {
    sim = await startSimulator({
      devices: 2,
      baseAddress: '127.23.3.1',
      port: 16_426,
      families: ['i-series', 'oem-4000i'],
      xmlApi: { port: 0, tlsPort: 0 },
      adminPassword: 'sim-admin-pass',
    });
    device = sim.devices[0]!;
    pinned = new Agent({ connect: { ca: sim.deviceCertificatePem, checkServerIdentity: () => undefined } });
  });

  afterAll(async () => {
    await sim?.stop();
    await pinned?.close();
  });

  it('serves only the families that have an XML API', () => {
    expect(device.xmlApi).not.toBeNull();
    expect(sim.devices[1]!.xmlApi).toBeNull();
  });

  it('answers a GetSettings with the configured admin password over HTTP and over pinned HTTPS', async () => {
    for (const tls of [false, true]) {
      const res = await post(get('sim-admin-pass'), tls);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<Setting key="time.timeZone" status="ok"><Value>Asia/Tokyo</Value></Setting>');
    }
  });

  it('answers a wrong admin password with an AUTH_FAILED document (401) and the default one no longer works', async () => {
    const res = await post(get('fleetward-admin'));
    expect(res.status).toBe(401);
    expect(res.text).toContain('<Error code="AUTH_FAILED">administrator password is wrong</Error>');
  });

  it('refuses malformed, DTD-carrying, oversized and misrouted requests with their error documents', async () => {
    const cases: [string, number, string, string?][] = [
      ['<FwRequest><Auth>', 400, 'MALFORMED_REQUEST'],
      ['<FwRequest><GetSettings/></FwRequest>', 400, 'MALFORMED_REQUEST'],
      [
        '<!DOCTYPE FwRequest [<!ENTITY x SYSTEM "file:///etc/passwd">]><FwRequest>&x;</FwRequest>',
        400,
        'MALFORMED_REQUEST',
      ],
      [`<FwRequest>${'x'.repeat(XML_API_MAX_BYTES)}</FwRequest>`, 413, 'TOO_LARGE'],
      [get('sim-admin-pass'), 400, 'MALFORMED_REQUEST', '/other'],
    ];
    for (const [body, status, code, path] of cases) {
      const res = await post(body, false, path);
      expect(res.status, body.slice(0, 40)).toBe(status);
      expect(res.text).toContain(`<Error code="${code}">`);
    }
    expect(device.settings.applyCount).toBe(0);
  });

  it('applies per setting: applied, rejected with the device reason, unsupported, malformed', async () => {
    const xml =
      '<FwRequest version="1"><Auth><AdminPassword>sim-admin-pass</AdminPassword></Auth><SetSettings>' +
      '<Setting key="identity.location"><Value>Kyoto 2F</Value></Setting>' +
      '<Setting key="time.timeZone"><Value>Etc/GMT+3</Value></Setting>' +
      '<Setting key="service.cePassword"><Value>ce-password-1</Value></Setting>' +
      '<Setting key="power.sleepAfterMinutes"><Value>later</Value></Setting>' +
      '</SetSettings></FwRequest>';
    const res = await post(xml, true);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Result key="identity.location" status="applied"/>');
    expect(res.text).toContain(
      '<Result key="time.timeZone" status="rejected" code="VALUE_REFUSED">time zone Etc/GMT+3 is not in the device&apos;s zone table</Result>',
    );
    expect(res.text).toContain('<Result key="service.cePassword" status="unsupported" code="UNSUPPORTED">');
    expect(res.text).toContain('<Result key="power.sleepAfterMinutes" status="rejected" code="VALUE_MALFORMED">');
    expect(device.settings.peek('identity.location')).toBe('Kyoto 2F');
    expect(device.model.settings.location).toBe('Kyoto 2F');
  });

  it('drops connections while the device is unreachable', async () => {
    device.inject('unreachable');
    try {
      await expect(post(get('sim-admin-pass'))).rejects.toThrow();
    } finally {
      device.clear('unreachable');
    }
  });
});
