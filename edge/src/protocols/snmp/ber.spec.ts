import { describe, expect, it } from 'vitest';
import { asInteger } from '../../drivers/generic/values';
import { berLength, oidTlv, responseMessage, tlv } from '../../testing/ber-builder';
import { BerDecodeError, decodeHeader, decodeVarbinds, encodeOidContent, encodeRequest, PduTag } from './ber';
import { SnmpType, type SnmpVarbind } from './snmp.types';

const decode = (buf: Buffer): { header: ReturnType<typeof decodeHeader>; varbinds: SnmpVarbind[] } => {
  const header = decodeHeader(buf);
  return { header, varbinds: decodeVarbinds(buf, header.varbindsStart, header.varbindsEnd) };
};

/** A v2c Response with one varbind whose value TLV is `value`. */
const withValue = (value: Buffer, oid = '1.3.6.1.2.1.1.3.0'): Buffer =>
  responseMessage({ requestId: 7, varbinds: [Buffer.concat([oidTlv(oid), value])] });

const one = (value: Buffer): SnmpVarbind => decode(withValue(value)).varbinds[0]!;

describe('BER encoder', () => {
  it('encodes a v2c GET exactly as RFC 3416 / X.690 lay it out', () => {
    const buf = encodeRequest({
      version: 1,
      community: Buffer.from('public'),
      tag: PduTag.GetRequest,
      requestId: 1,
      a: 0,
      b: 0,
      oids: ['1.3.6.1.2.1.1.1.0'],
    });
    expect(buf.toString('hex')).toBe(
      '3026' +
        '020101' +
        '0406' +
        Buffer.from('public').toString('hex') +
        'a019' +
        '020101' +
        '020100' +
        '020100' +
        '300e' +
        '300c' +
        '0608' +
        '2b06010201010100' +
        '0500',
    );
  });

  it('encodes GETBULK non-repeaters / max-repetitions, negative and 4-byte request ids, long lengths', () => {
    const oids = Array.from({ length: 20 }, (_, i) => `1.3.6.1.2.1.43.11.1.1.${i + 1}`);
    const buf = encodeRequest({
      version: 1,
      community: Buffer.from('c'),
      tag: PduTag.GetBulkRequest,
      requestId: -2147483648,
      a: 2,
      b: 200,
      oids,
    });
    const h = decodeHeader(buf);
    expect(h).toMatchObject({ version: 1, pduTag: 0xa5, requestId: -2147483648, errorStatus: 2, errorIndex: 200 });
    expect(buf[1]).toBe(0x82); // message longer than 255 bytes: two length octets
    const vbs = decodeVarbinds(buf, h.varbindsStart, h.varbindsEnd);
    expect(vbs.map((v) => v.oid)).toEqual(oids);
    expect(vbs.every((v) => v.type === SnmpType.Null && v.value === null)).toBe(true);
  });

  it('encodes multi-octet and maximal sub-identifiers and the joint first arcs', () => {
    expect(encodeOidContent('1.3.6.1.4.1.18334').toString('hex')).toBe('2b06010401818f1e');
    expect(encodeOidContent('1.3.4294967295').toString('hex')).toBe('2b8fffffff7f');
    expect(encodeOidContent('2.999.3').toString('hex')).toBe('883703');
  });

  it('refuses invalid OIDs instead of sending something else', () => {
    for (const bad of ['', '1', '1.3.', '1..3', '1.3.a', '3.1', '1.40', '1.3.4294967296', '.1.3'])
      expect(() => encodeOidContent(bad), bad).toThrow(RangeError);
  });
});

describe('BER decoder', () => {
  it('decodes a Response header and its varbinds', () => {
    const buf = responseMessage({
      version: 0,
      community: 'private',
      requestId: 123456,
      errorStatus: 2,
      errorIndex: 1,
      varbinds: [Buffer.concat([oidTlv('1.3.6.1.2.1.1.5.0'), tlv(0x04, Buffer.from('mfp-1'))])],
    });
    const { header, varbinds } = decode(buf);
    expect(header).toMatchObject({ version: 0, pduTag: PduTag.Response, requestId: 123456, errorStatus: 2 });
    expect(buf.subarray(header.communityStart, header.communityEnd).toString()).toBe('private');
    expect(varbinds).toEqual([{ oid: '1.3.6.1.2.1.1.5.0', type: SnmpType.OctetString, value: Buffer.from('mfp-1') }]);
  });

  it('decodes negative and redundant-sign INTEGERs exactly', () => {
    expect(one(tlv(0x02, [0xff])).value).toBe(-1);
    expect(one(tlv(0x02, [0xff, 0x7f])).value).toBe(-129);
    expect(one(tlv(0x02, [0x80, 0x00, 0x00, 0x00])).value).toBe(-2147483648);
    expect(one(tlv(0x02, [0x00, 0x80])).value).toBe(128);
    expect(one(tlv(0x02, [0xfe])).value).toBe(-2); // RFC 3805 "unknown"
    expect(one(tlv(0x02, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd])).value).toBe(-3);
  });

  it('decodes Counter32/Gauge32/TimeTicks as unsigned, also from agents that omit the leading zero', () => {
    expect(one(tlv(0x41, [0x00, 0xff, 0xff, 0xff, 0xff]))).toMatchObject({ type: SnmpType.Counter, value: 4294967295 });
    expect(one(tlv(0x42, [0xff, 0xff, 0xff, 0xff])).value).toBe(4294967295);
    expect(one(tlv(0x43, [0x01, 0x00])).value).toBe(256);
    expect(() => one(tlv(0x41, [0x01, 0x00, 0x00, 0x00, 0x00]))).toThrow(/out of range/);
  });

  it('keeps Counter64 as its octets (beyond 2^53 the driver reports it, never rounds it)', () => {
    const big = one(tlv(0x46, [0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    expect(big.type).toBe(SnmpType.Counter64);
    expect(Buffer.isBuffer(big.value)).toBe(true);
    expect(asInteger(big)).toMatchObject({ ok: false });
    const small = one(tlv(0x46, [0x01, 0x00, 0x00, 0x00, 0x00, 0x00]));
    expect(asInteger(small)).toMatchObject({ ok: true, value: 2 ** 40 });
    expect(() => one(tlv(0x46, []))).toThrow(BerDecodeError);
  });

  it('decodes OID values with large arcs, IpAddress, BOOLEAN and the v2 exceptions', () => {
    expect(one(oidTlv('1.3.6.1.4.1.4294967295.2.999'))).toMatchObject({
      type: SnmpType.OID,
      value: '1.3.6.1.4.1.4294967295.2.999',
    });
    expect(one(oidTlv('2.999.1')).value).toBe('2.999.1');
    expect(one(tlv(0x40, [192, 168, 0, 10]))).toMatchObject({ type: SnmpType.IpAddress, value: '192.168.0.10' });
    expect(one(tlv(0x01, [0x01])).value).toBe(true);
    for (const tag of [0x80, 0x81, 0x82, 0x05]) expect(one(tlv(tag, []))).toMatchObject({ type: tag, value: null });
  });

  it('decodes long-form lengths', () => {
    const text = Buffer.alloc(300, 0x41);
    expect(berLength(300).toString('hex')).toBe('82012c');
    expect((one(tlv(0x04, text)).value as Buffer).equals(text)).toBe(true);
  });

  it('rejects every truncation of a valid answer (never a made-up or shortened value list)', () => {
    const buf = responseMessage({
      requestId: 99,
      varbinds: [
        Buffer.concat([oidTlv('1.3.6.1.2.1.1.1.0'), tlv(0x04, Buffer.from('KONICA MINOLTA bizhub'))]),
        Buffer.concat([oidTlv('1.3.6.1.2.1.43.11.1.1.9.1.1'), tlv(0x02, [0x00, 0xc8])]),
      ],
    });
    expect(decode(buf).varbinds).toHaveLength(2);
    for (let n = 0; n < buf.length; n++)
      expect(() => decode(buf.subarray(0, n)), `cut at ${n}`).toThrow(BerDecodeError);
  });

  it('rejects malformed encodings with a reason', () => {
    const cases: [string, Buffer][] = [
      ['unknown value type', withValue(tlv(0x47, [0x01]))],
      ['OBJECT IDENTIFIER ends inside', withValue(tlv(0x06, [0x2b, 0x86]))],
      ['empty INTEGER', withValue(tlv(0x02, []))],
      ['IpAddress of 3', withValue(tlv(0x40, [1, 2, 3]))],
      ['NULL value with 1', withValue(tlv(0x05, [0x00]))],
      ['too large', withValue(tlv(0x02, Buffer.alloc(12, 0x7f)))],
      ['indefinite length', Buffer.from('3080020101', 'hex')],
      ['expected message SEQUENCE', Buffer.from('0400', 'hex')],
      ['unknown PDU tag', Buffer.from('300b020101040170' + 'b0' + '03020101', 'hex')],
    ];
    for (const [reason, buf] of cases) expect(() => decode(buf), reason).toThrow(new RegExp(reason));
    // A value whose length runs past its varbind.
    const vb = Buffer.concat([oidTlv('1.3.6.1.2.1.1.3.0'), Buffer.from([0x43, 0x05, 0x01])]);
    expect(() => decode(responseMessage({ requestId: 1, varbinds: [vb] }))).toThrow(/runs past/);
    // Bytes after a varbind's value.
    const extra = Buffer.concat([oidTlv('1.3.6.1.2.1.1.3.0'), tlv(0x43, [0x01]), Buffer.from([0x00])]);
    expect(() => decode(responseMessage({ requestId: 1, varbinds: [extra] }))).toThrow(/bytes after/);
  });
});
