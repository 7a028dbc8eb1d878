/**
 * Test helper: builds BER by hand (tag, length, content), independently of the codec under test, so tests can
 * write exact, odd or broken answers.
 */
import { createHmac } from 'node:crypto';
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

/** A scoped PDU (RFC 3412): SEQUENCE { contextEngineID, contextName, PDU }. */
export function scopedPdu(m: {
  contextEngineId: Buffer;
  contextName?: string;
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
  return tlv(0x30, Buffer.concat([tlv(0x04, m.contextEngineId), tlv(0x04, Buffer.from(m.contextName ?? '')), pdu]));
}

/**
 * A whole SNMPv3 message (RFC 3412 / RFC 3414 layout), built by hand. `data` is the scoped PDU TLV, or with
 * `encrypted` the ciphertext (wrapped in an OCTET STRING here). msgAuthenticationParameters is `mac` as given
 * (a placeholder to sign afterwards with `signV3`).
 */
export function v3Message(m: {
  msgId: number;
  maxSize?: number;
  flags: number;
  securityModel?: number;
  engineId: Buffer;
  boots: number;
  time: number;
  user: string;
  mac?: Buffer;
  privParams?: Buffer;
  data: Buffer;
  encrypted?: boolean;
}): Buffer {
  const header = tlv(
    0x30,
    Buffer.concat([intTlv(m.msgId), intTlv(m.maxSize ?? 65507), tlv(0x04, [m.flags]), intTlv(m.securityModel ?? 3)]),
  );
  const usm = tlv(
    0x04,
    tlv(
      0x30,
      Buffer.concat([
        tlv(0x04, m.engineId),
        intTlv(m.boots),
        intTlv(m.time),
        tlv(0x04, Buffer.from(m.user)),
        tlv(0x04, m.mac ?? Buffer.alloc(0)),
        tlv(0x04, m.privParams ?? Buffer.alloc(0)),
      ]),
    ),
  );
  return tlv(0x30, Buffer.concat([intTlv(3), header, usm, m.encrypted ? tlv(0x04, m.data) : m.data]));
}

/**
 * Signs a message made by v3Message whose `mac` was `placeholder` (distinctive octets, e.g. 0xa5 repeated): the
 * placeholder is zeroed, the HMAC of the whole message computed with Node's crypto and its first octets written in.
 */
export function signV3(message: Buffer, placeholder: Buffer, hash: string, key: Buffer): Buffer {
  const at = message.indexOf(placeholder);
  if (at < 0) throw new Error('mac placeholder not found');
  const out = Buffer.from(message);
  out.fill(0, at, at + placeholder.length);
  createHmac(hash, key).update(out).digest().copy(out, at, 0, placeholder.length);
  return out;
}
