/**
 * Test helper: builds BER by hand (tag, length, content), independently of the codec under test, so tests can
 * write exact, odd or broken answers.
 */
import { encodeOidContent } from '../protocols/snmp/ber';

export function berLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer | number[]): Buffer {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return Buffer.concat([Buffer.from([tag]), berLength(body.length), body]);
}

export function intTlv(v: number, tag = 0x02): Buffer {
  const bytes: number[] = [];
  let x = v;
  do {
    bytes.unshift(x & 0xff);
    x = Math.floor(x / 256);
  } while (!(x === 0 && (bytes[0]! & 0x80) === 0) && !(x === -1 && (bytes[0]! & 0x80) !== 0));
  return tlv(tag, bytes);
}

export function oidTlv(oid: string): Buffer {
  return tlv(0x06, encodeOidContent(oid));
}

/** A whole v1/v2c message with the given PDU fields; varbinds are the contents of each varbind SEQUENCE. */
export function responseMessage(m: {
  version?: number;
  community?: string;
  pduTag?: number;
  requestId: number;
  errorStatus?: number;
  errorIndex?: number;
  varbinds: Buffer[];
}): Buffer {
  const vbList = tlv(0x30, Buffer.concat(m.varbinds.map((v) => tlv(0x30, v))));
  const pdu = tlv(
    m.pduTag ?? 0xa2,
    Buffer.concat([intTlv(m.requestId), intTlv(m.errorStatus ?? 0), intTlv(m.errorIndex ?? 0), vbList]),
  );
  return tlv(0x30, Buffer.concat([intTlv(m.version ?? 1), tlv(0x04, Buffer.from(m.community ?? 'public')), pdu]));
}
