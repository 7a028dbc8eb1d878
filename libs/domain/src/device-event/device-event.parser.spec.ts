import {
  DEVICE_EVENT_LIMITS,
  DEVICE_EVENT_MAX_BYTES,
  renderDeviceEventXml,
  type DeviceEventDocument,
} from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { DeviceEventParseError, parseDeviceEvent, type DeviceEventParseFailure } from './device-event.parser';

const NS = 'urn:fleetward:device-event:1';
const event: DeviceEventDocument = {
  serial: 'FWI4000-000042',
  address: '127.1.0.42',
  type: 'error',
  time: '2026-01-15T09:00:00.000Z',
  detail: 'alertRaised jam: Paper jam',
};

function doc(children: string, rootAttrs = ` xmlns="${NS}"`): string {
  return `<?xml version="1.0" encoding="UTF-8"?><DeviceEvent${rootAttrs}>${children}</DeviceEvent>`;
}
const fields =
  '<Serial>S1</Serial><Address>10.0.0.5</Address><Type>supplyLow</Type><Time>2026-01-15T09:00:00+09:00</Time>';

function failure(body: string | Uint8Array): { reason: DeviceEventParseFailure; message: string } {
  try {
    parseDeviceEvent(body);
  } catch (error) {
    expect(error).toBeInstanceOf(DeviceEventParseError);
    const e = error as DeviceEventParseError;
    expect(e.code).toBe('DEVICE_EVENT_INVALID');
    return { reason: e.reason, message: e.message };
  }
  throw new Error('expected the body to be refused');
}

describe('parseDeviceEvent', () => {
  it('reads what renderDeviceEventXml writes (string and bytes)', () => {
    const xml = renderDeviceEventXml(event);
    expect(parseDeviceEvent(xml)).toEqual(event);
    expect(parseDeviceEvent(Buffer.from(xml))).toEqual(event);
    expect(parseDeviceEvent(new TextEncoder().encode(xml))).toEqual(event);
  });

  it('escapes and reads back special characters, and treats Detail as optional', () => {
    const tricky = { ...event, serial: 'A&B<1>"\'', detail: null, address: 'printer-7.office.example' };
    expect(parseDeviceEvent(renderDeviceEventXml(tricky))).toEqual(tricky);
    expect(parseDeviceEvent(doc(`${fields}<Detail/>`))).toMatchObject({ detail: null, type: 'supplyLow' });
    expect(parseDeviceEvent(doc(fields))).toEqual({
      serial: 'S1',
      address: '10.0.0.5',
      type: 'supplyLow',
      time: '2026-01-15T09:00:00+09:00',
      detail: null,
    });
  });

  it('accepts elements in any order, whitespace around values, a BOM and an IPv6 address', () => {
    const xml = `\uFEFF<DeviceEvent xmlns="${NS}">\n <Time> 2026-01-15T09:00Z </Time>\n <Type>statusChange</Type>\n <Address>fe80::1</Address>\n <Serial> X9 </Serial>\n</DeviceEvent>`;
    expect(parseDeviceEvent(xml)).toEqual({
      serial: 'X9',
      address: 'fe80::1',
      type: 'statusChange',
      time: '2026-01-15T09:00Z',
      detail: null,
    });
  });

  it('clips an over-long Detail when rendering so the document stays valid', () => {
    const long = renderDeviceEventXml({ ...event, detail: 'x'.repeat(5000) });
    expect(parseDeviceEvent(long).detail).toHaveLength(DEVICE_EVENT_LIMITS.detail);
  });

  it.each<[string, string | Uint8Array, DeviceEventParseFailure, RegExp]>([
    ['an empty body', '   ', 'empty', /empty/],
    [
      'an oversized body (before parsing)',
      `<DeviceEvent>${'x'.repeat(DEVICE_EVENT_MAX_BYTES)}`,
      'tooLarge',
      /at most 8192/,
    ],
    ['an oversized byte body', new Uint8Array(DEVICE_EVENT_MAX_BYTES + 1), 'tooLarge', /8193 bytes/],
    ['invalid UTF-8', Uint8Array.from([0x3c, 0xff, 0xfe, 0x3e]), 'notUtf8', /UTF-8/],
    ['a DOCTYPE', `<!DOCTYPE DeviceEvent>${doc(fields)}`, 'forbiddenMarkup', /DOCTYPE/],
    [
      'an entity bomb',
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><DeviceEvent xmlns="${NS}"><Serial>&b;</Serial></DeviceEvent>`,
      'forbiddenMarkup',
      /ENTITY/,
    ],
    ['an undeclared entity', doc(fields.replace('S1', 'S&bogus;1')), 'malformedXml', /not well-formed/],
    ['unclosed tags', `<DeviceEvent xmlns="${NS}"><Serial>S1</Serial>`, 'malformedXml', /not well-formed/],
    ['plain text', 'hello printer', 'malformedXml', /not well-formed/],
    ['JSON', '{"type":"error"}', 'malformedXml', /not well-formed/],
    ['another root', `<Event xmlns="${NS}">${fields}</Event>`, 'wrongRoot', /<DeviceEvent>, got <Event>/],
    ['no namespace', doc(fields, ''), 'wrongNamespace', /xmlns/],
    ['a future namespace', doc(fields, ' xmlns="urn:fleetward:device-event:2"'), 'wrongNamespace', /device-event:2/],
    ['an empty root', `<DeviceEvent/>`, 'wrongNamespace', /xmlns/],
    ['an unknown element', doc(`${fields}<Command>reboot</Command>`), 'unknownElement', /<Command>/],
    ['an unknown root attribute', doc(fields, ` xmlns="${NS}" version="2"`), 'unknownElement', /version/],
    ['a duplicate element', doc(`${fields}<Serial>S2</Serial>`), 'duplicateElement', /<Serial> appears more than once/],
    ['missing fields', doc('<Serial>S1</Serial><Type>error</Type>'), 'missingField', /<Address>, <Time>/],
    ['an element with attributes', doc(fields.replace('<Serial>', '<Serial kind="x">')), 'invalidField', /text only/],
    [
      'nested elements',
      doc(fields.replace('<Serial>S1</Serial>', '<Serial><b>S1</b></Serial>')),
      'invalidField',
      /text only/,
    ],
    ['an empty serial', doc(fields.replace('S1', '  ')), 'invalidField', /<Serial>/],
    ['an over-long serial', doc(fields.replace('S1', 'S'.repeat(65))), 'invalidField', /1 to 64/],
    ['a bad address', doc(fields.replace('10.0.0.5', 'not an address!')), 'invalidField', /<Address>/],
    ['an out-of-range IPv4', doc(fields.replace('10.0.0.5', '300.1.1.1')), 'invalidField', /<Address>/],
    [
      'an unknown type',
      doc(fields.replace('supplyLow', 'selfDestruct')),
      'unknownType',
      /"selfDestruct" is not one of statusChange, error, supplyLow/,
    ],
    [
      'a time without zone',
      doc(fields.replace('2026-01-15T09:00:00+09:00', '2026-01-15T09:00:00')),
      'invalidField',
      /<Time>/,
    ],
    [
      'an impossible time',
      doc(fields.replace('2026-01-15T09:00:00+09:00', '2026-13-45T09:00:00Z')),
      'invalidField',
      /<Time>/,
    ],
    ['an over-long detail', doc(`${fields}<Detail>${'d'.repeat(1025)}</Detail>`), 'invalidField', /<Detail>/],
  ])('refuses %s', (_name, body, reason, message) => {
    const result = failure(body);
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });
});
