import { describe, expect, it } from 'vitest';
import { Parser } from 'xml2js';
import { settingDefinition, type SettingValues } from './catalogue';
import {
  decodeSettingsMibValue,
  encodeSettingsMibValue,
  settingsMibObjectByOid,
  settingsMibObjectsOf,
} from './settings-mib';
import {
  buildXmlApiRequest,
  buildXmlApiResponse,
  checkXmlDocument,
  readXmlApiRequest,
  readXmlApiResponse,
  settingValueFromXml,
  XML_API_MAX_BYTES,
  XML_API_PARSER_OPTIONS,
  XmlApiFormatError,
} from './xml-api';

const parse = (xml: string): Promise<unknown> => new Parser(XML_API_PARSER_OPTIONS).parseStringPromise(xml);

describe('vendor XML API documents', () => {
  it('round-trips every kind of value through a SetSettings request', async () => {
    const settings = {
      'time.timeZone': 'Asia/Tokyo',
      'power.sleepAfterMinutes': 45,
      'tls.httpsOnly': false,
      'tls.minVersion': 'TLSv1.2',
      'time.ntp': { enabled: true, servers: ['ntp1.example.com', '192.0.2.1'], pollIntervalMinutes: 60 },
      'network.dns': { servers: [], domain: '' },
      'email.smtp': { host: 'smtp.example.com', port: 587, security: 'starttls', fromAddress: 'mfp@example.com' },
      'addressBook.users': [{ id: 'u1', name: 'A & B <C> "D"', email: 'ab@example.com' }],
      'security.adminPassword': "p<a>ss'&word",
    } satisfies SettingValues;
    const xml = buildXmlApiRequest({
      adminPassword: 'admin & <pw>',
      op: 'set',
      settings: Object.entries(settings).map(([key, value]) => ({ key, value: { ok: true as const, value } })),
    });
    const request = readXmlApiRequest(await parse(xml));
    expect(request.adminPassword).toBe('admin & <pw>');
    if (request.op !== 'set') throw new Error('expected set');
    expect(Object.fromEntries(request.settings.map((s) => [s.key, s.value.ok ? s.value.value : s.value]))).toEqual(
      settings,
    );
  });

  it('writes values deterministically: catalogue field order, repeated <Item>, optional fields left out', () => {
    const xml = buildXmlApiRequest({
      adminPassword: 'x',
      op: 'set',
      settings: [
        { key: 'time.ntp', value: { ok: true, value: { pollIntervalMinutes: 5, servers: ['a', 'b'], enabled: true } } },
      ],
    });
    expect(xml).toContain(
      '<Setting key="time.ntp"><Value><enabled>true</enabled><servers><Item>a</Item><Item>b</Item></servers><pollIntervalMinutes>5</pollIntervalMinutes></Value></Setting>',
    );
  });

  it('reports a value that does not fit its type instead of guessing, and unknown keys as unknown', async () => {
    const request = readXmlApiRequest(
      await parse(
        '<FwRequest><Auth><AdminPassword>pw</AdminPassword></Auth><SetSettings>' +
          '<Setting key="power.sleepAfterMinutes"><Value>soon</Value></Setting>' +
          '<Setting key="tls.httpsOnly"><Value>yes</Value></Setting>' +
          '<Setting key="time.ntp"><Value><enabled>true</enabled><color>red</color></Value></Setting>' +
          '<Setting key="no.such"><Value>1</Value></Setting>' +
          '</SetSettings></FwRequest>',
      ),
    );
    if (request.op !== 'set') throw new Error('expected set');
    expect(request.settings.map((s) => [s.key, s.value])).toEqual([
      ['power.sleepAfterMinutes', { ok: false, message: 'value must be a whole number' }],
      ['tls.httpsOnly', { ok: false, message: 'value must be true or false' }],
      ['time.ntp', { ok: false, message: 'value.color is not a known field' }],
      ['no.such', { ok: false, message: 'unknown setting' }],
    ]);
  });

  it('refuses documents that are not requests of the contract', async () => {
    for (const xml of [
      '<Other/>',
      '<FwRequest><GetSettings/></FwRequest>',
      '<FwRequest><Auth><AdminPassword>p</AdminPassword></Auth></FwRequest>',
      '<FwRequest version="2"><Auth><AdminPassword>p</AdminPassword></Auth><GetSettings/></FwRequest>',
      '<FwRequest><Auth><AdminPassword>p</AdminPassword></Auth><SetSettings><Setting><Value>1</Value></Setting></SetSettings></FwRequest>',
    ]) {
      await expect(parse(xml).then(readXmlApiRequest)).rejects.toThrow(XmlApiFormatError);
    }
  });

  it('refuses oversized documents and any DTD or entity declaration before parsing', () => {
    expect(checkXmlDocument('x'.repeat(XML_API_MAX_BYTES + 1))).toMatchObject({ code: 'TOO_LARGE' });
    expect(
      checkXmlDocument('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'),
    ).toMatchObject({ code: 'MALFORMED_REQUEST' });
    expect(checkXmlDocument('  ')).toMatchObject({ code: 'MALFORMED_REQUEST' });
    expect(checkXmlDocument('<FwRequest/>')).toBeNull();
  });

  it('round-trips read answers, results and error documents', async () => {
    const read = {
      status: 'ok' as const,
      settings: [
        { key: 'addressBook.departments', status: 'ok' as const, value: [] },
        { key: 'identity.location', status: 'ok' as const, value: 'Tokyo HQ 3F' },
        { key: 'security.adminPassword', status: 'unreadable' as const, reason: 'write-only (secret)' },
      ],
    };
    expect(readXmlApiResponse(await parse(buildXmlApiResponse(read)))).toEqual(read);
    const results = {
      status: 'ok' as const,
      results: [
        { key: 'time.timeZone', status: 'applied' as const },
        { key: 'tls.minVersion', status: 'rejected' as const, code: 'VALUE_REFUSED', message: 'no TLS 1.3' },
      ],
    };
    expect(readXmlApiResponse(await parse(buildXmlApiResponse(results)))).toEqual(results);
    const error = {
      status: 'error' as const,
      code: 'AUTH_FAILED' as const,
      message: 'administrator password is wrong',
    };
    expect(readXmlApiResponse(await parse(buildXmlApiResponse(error)))).toEqual(error);
    await expect(parse('<FwResponse status="ok"/>').then(readXmlApiResponse)).rejects.toThrow(XmlApiFormatError);
  });

  it('decodes a single-item list (xml2js gives an object, not an array)', async () => {
    const parsed = (await parse('<Value><Item><id>d1</id><name>Sales</name></Item></Value>')) as { Value: unknown };
    expect(settingValueFromXml(settingDefinition('addressBook.departments').type, parsed.Value)).toEqual({
      ok: true,
      value: [{ id: 'd1', name: 'Sales' }],
    });
  });
});

describe('settings MIB codec', () => {
  it('encodes and decodes object-typed settings over several objects', () => {
    const dst = { enabled: true, offsetMinutes: 60, start: 'M3.5.0/02:00', end: 'M10.5.0/03:00' };
    const wire = settingsMibObjectsOf('time.daylightSaving').map((o) => [o, encodeSettingsMibValue(o, dst)] as const);
    expect(wire.map(([, w]) => w)).toEqual([
      { type: 'integer', value: 1 },
      { type: 'integer', value: 60 },
      { type: 'text', value: 'M3.5.0/02:00' },
      { type: 'text', value: 'M10.5.0/03:00' },
    ]);
    expect(Object.fromEntries(wire.map(([o, w]) => [o.field, decodeSettingsMibValue(o, w!.value)]))).toEqual(dst);
  });

  it('maps enums and TruthValues both ways and refuses values outside the syntax', () => {
    const tls = settingsMibObjectByOid('1.3.6.1.3.18334.5.1.9.0')!;
    expect(tls.key).toBe('tls.minVersion');
    expect(encodeSettingsMibValue(tls, 'TLSv1.3')).toEqual({ type: 'integer', value: 4 });
    expect(decodeSettingsMibValue(tls, 2)).toBe('TLSv1.1');
    expect(decodeSettingsMibValue(tls, 9)).toBeNull();
    const https = settingsMibObjectsOf('tls.httpsOnly')[0]!;
    expect(decodeSettingsMibValue(https, 2)).toBe(false);
    expect(decodeSettingsMibValue(https, 0)).toBeNull();
    expect(encodeSettingsMibValue(https, 'yes')).toBeNull();
  });
});
