/**
 * A small BER codec for SNMP v1/v2c messages (RFC 1157, RFC 3416): encoding of GET, GETNEXT and GETBULK requests,
 * decoding of Response PDUs. It exists for the poller's hot path: one Buffer per request, varbinds decoded straight
 * into the `SnmpVarbind` shape net-snmp produces (same `type` numbers and value kinds), OID strings taken from a
 * bounded cache, so a fleet of identical printers does not rebuild the same strings for every answer.
 *
 * Decoding is strict: anything that is not a well-formed message (truncated, a length running past its parent,
 * an unknown value type, an OID arc that does not end, an integer that does not fit) throws `BerDecodeError`, and
 * the caller reports the answer as malformed rather than guessing values. The SNMPv3 message wrapper (header, USM
 * security parameters, scoped PDU) is in `usm.ts`; it reuses the PDU and varbind parts of this codec.
 */
import type { SnmpVarbind } from './snmp.types';

export class BerDecodeError extends Error {
  override readonly name = 'BerDecodeError';
}

/** PDU tags (context-specific, constructed). */
export const PduTag = {
  GetRequest: 0xa0,
  GetNextRequest: 0xa1,
  Response: 0xa2,
  SetRequest: 0xa3,
  GetBulkRequest: 0xa5,
  Report: 0xa8,
} as const;

/** SNMP message version field: 0 = v1, 1 = v2c. */
export type CommunityVersion = 0 | 1;

// ---------------------------------------------------------------------------------------------------------------
// Encoding

const oidCache = new Map<string, Buffer>();
const OID_CACHE_MAX = 20_000;

/** The BER content octets of a dotted OID ("1.3.6.1.2.1.1.1.0", no leading dot); throws on an invalid OID. */
export function encodeOidContent(oid: string): Buffer {
  let cached = oidCache.get(oid);
  if (cached !== undefined) return cached;
  const arcs = parseOidArcs(oid);
  const bytes: number[] = [];
  pushArc(bytes, arcs[0]! * 40 + arcs[1]!);
  for (let i = 2; i < arcs.length; i++) pushArc(bytes, arcs[i]!);
  cached = Buffer.from(bytes);
  if (oidCache.size >= OID_CACHE_MAX) oidCache.clear();
  oidCache.set(oid, cached);
  return cached;
}

function parseOidArcs(oid: string): number[] {
  const arcs: number[] = [];
  let n = 0;
  let digits = 0;
  for (let i = 0; i <= oid.length; i++) {
    const c = i < oid.length ? oid.charCodeAt(i) : 46;
    if (c === 46 /* '.' */) {
      if (digits === 0) throw new RangeError(`invalid OID "${oid}"`);
      arcs.push(n);
      n = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (n > 0xffffffff) throw new RangeError(`invalid OID "${oid}": arc above 4294967295`);
    } else {
      throw new RangeError(`invalid OID "${oid}"`);
    }
  }
  if (arcs.length < 2 || arcs[0]! > 2 || (arcs[0]! < 2 && arcs[1]! >= 40)) throw new RangeError(`invalid OID "${oid}"`);
  return arcs;
}

function pushArc(out: number[], value: number): void {
  if (value < 0x80) {
    out.push(value);
    return;
  }
  const tmp: number[] = [];
  let v = value;
  while (v > 0) {
    tmp.push(v % 128);
    v = Math.floor(v / 128);
  }
  for (let i = tmp.length - 1; i > 0; i--) out.push(tmp[i]! | 0x80);
  out.push(tmp[0]!);
}

/** Octets of a BER length field for `len`. */
export function lengthSize(len: number): number {
  return len < 0x80 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : 4;
}

export function writeLength(buf: Buffer, at: number, len: number): number {
  if (len < 0x80) {
    buf[at] = len;
    return at + 1;
  }
  if (len < 0x100) {
    buf[at] = 0x81;
    buf[at + 1] = len;
    return at + 2;
  }
  if (len < 0x10000) {
    buf[at] = 0x82;
    buf[at + 1] = len >> 8;
    buf[at + 2] = len & 0xff;
    return at + 3;
  }
  buf[at] = 0x83;
  buf[at + 1] = (len >> 16) & 0xff;
  buf[at + 2] = (len >> 8) & 0xff;
  buf[at + 3] = len & 0xff;
  return at + 4;
}

/** Content length of an INTEGER holding `v` (two's complement, minimal). */
export function intSize(v: number): number {
  if (v >= -0x80 && v < 0x80) return 1;
  if (v >= -0x8000 && v < 0x8000) return 2;
  if (v >= -0x800000 && v < 0x800000) return 3;
  return 4;
}

export function writeInt(buf: Buffer, at: number, v: number): number {
  const size = intSize(v);
  buf[at] = 0x02;
  buf[at + 1] = size;
  buf.writeIntBE(v, at + 2, size);
  return at + 2 + size;
}

/** The PDU of a GET / GETNEXT / GETBULK request (varbind values NULL). */
export interface PduFields {
  tag: typeof PduTag.GetRequest | typeof PduTag.GetNextRequest | typeof PduTag.GetBulkRequest;
  /** Signed 32-bit request id. */
  requestId: number;
  /** error-status / error-index, or non-repeaters / max-repetitions for GETBULK. */
  a: number;
  b: number;
  oids: readonly string[];
}

export interface RequestPdu extends PduFields {
  version: CommunityVersion;
  community: Buffer;
}

/** A PDU measured for encoding: its OIDs' content octets and lengths. */
export interface PduPlan {
  oidBytes: Buffer[];
  vbListLen: number;
  /** Content length of the PDU (its TLV is 1 + lengthSize(pduLen) + pduLen octets). */
  pduLen: number;
}

/** Measures a PDU; throws RangeError on an invalid OID. */
export function planPdu(pdu: PduFields): PduPlan {
  const n = pdu.oids.length;
  const oidBytes = new Array<Buffer>(n);
  let vbListLen = 0;
  for (let i = 0; i < n; i++) {
    const content = encodeOidContent(pdu.oids[i]!);
    oidBytes[i] = content;
    const vbLen = 1 + lengthSize(content.length) + content.length + 2; // OID TLV + NULL
    vbListLen += 1 + lengthSize(vbLen) + vbLen;
  }
  const pduLen =
    2 + intSize(pdu.requestId) + 2 + intSize(pdu.a) + 2 + intSize(pdu.b) + 1 + lengthSize(vbListLen) + vbListLen;
  return { oidBytes, vbListLen, pduLen };
}

/** Octets of a TLV whose content is `len` octets. */
export function tlvSize(len: number): number {
  return 1 + lengthSize(len) + len;
}

/** Writes the PDU TLV at `at` (see planPdu); returns the offset after it. */
export function writePdu(buf: Buffer, at: number, pdu: PduFields, plan: PduPlan): number {
  buf[at++] = pdu.tag;
  at = writeLength(buf, at, plan.pduLen);
  at = writeInt(buf, at, pdu.requestId);
  at = writeInt(buf, at, pdu.a);
  at = writeInt(buf, at, pdu.b);
  buf[at++] = 0x30;
  at = writeLength(buf, at, plan.vbListLen);
  const oidBytes = plan.oidBytes;
  for (let i = 0; i < oidBytes.length; i++) {
    const content = oidBytes[i]!;
    const vbLen = 1 + lengthSize(content.length) + content.length + 2;
    buf[at++] = 0x30;
    at = writeLength(buf, at, vbLen);
    buf[at++] = 0x06;
    at = writeLength(buf, at, content.length);
    content.copy(buf, at);
    at += content.length;
    buf[at++] = 0x05;
    buf[at++] = 0x00;
  }
  return at;
}

/** Writes a tag and length; returns the offset of the content. */
export function writeHeader(buf: Buffer, at: number, tag: number, len: number): number {
  buf[at] = tag;
  return writeLength(buf, at + 1, len);
}

/** Writes an OCTET STRING TLV; returns the offset after it. */
export function writeOctets(buf: Buffer, at: number, octets: Buffer): number {
  at = writeHeader(buf, at, 0x04, octets.length);
  octets.copy(buf, at);
  return at + octets.length;
}

/** Octets of an INTEGER TLV holding `v`. */
export function intTlvSize(v: number): number {
  return 2 + intSize(v);
}

/** Encodes a GET / GETNEXT / GETBULK request message (varbind values NULL); throws RangeError on an invalid OID. */
export function encodeRequest(req: RequestPdu): Buffer {
  const plan = planPdu(req);
  const communityLen = req.community.length;
  const msgLen = 3 + (1 + lengthSize(communityLen) + communityLen) + (1 + lengthSize(plan.pduLen) + plan.pduLen);
  const total = 1 + lengthSize(msgLen) + msgLen;
  const buf = Buffer.allocUnsafe(total);
  let at = 0;
  buf[at++] = 0x30;
  at = writeLength(buf, at, msgLen);
  at = writeInt(buf, at, req.version);
  buf[at++] = 0x04;
  at = writeLength(buf, at, req.community.length);
  req.community.copy(buf, at);
  at += req.community.length;
  at = writePdu(buf, at, req, plan);
  if (at !== total) throw new Error(`BER encoder wrote ${at} of ${total} bytes`);
  return buf;
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding

/** The fields of a PDU up to the start of its varbind list. */
export interface PduHeader {
  pduTag: number;
  requestId: number;
  errorStatus: number;
  errorIndex: number;
  /** Offsets of the varbind list's content. */
  varbindsStart: number;
  varbindsEnd: number;
}

/** The header of a community-based message, up to the start of its varbind list. */
export interface MessageHeader extends PduHeader {
  version: number;
  /** Offsets of the community string's content in the datagram. */
  communityStart: number;
  communityEnd: number;
}

/** Reads tag + length at `at`, checks the content lies within `end`; returns the content start (length in `len`). */
export class Cursor {
  len = 0;
  constructor(readonly buf: Buffer) {}

  /** Reads a TLV header at `at` whose tag must be `tag`; returns the content offset and sets `len`. */
  expect(at: number, end: number, tag: number, what: string): number {
    if (at >= end) throw new BerDecodeError(`truncated before ${what}`);
    if (this.buf[at] !== tag)
      throw new BerDecodeError(`expected ${what} (tag 0x${tag.toString(16)}), got tag 0x${this.buf[at]!.toString(16)}`);
    return this.length(at + 1, end, what);
  }

  /** Reads a length at `at`; returns the content offset, sets `len`, checks the content fits before `end`. */
  length(at: number, end: number, what: string): number {
    if (at >= end) throw new BerDecodeError(`truncated length of ${what}`);
    const first = this.buf[at]!;
    let p = at + 1;
    let len: number;
    if (first < 0x80) len = first;
    else {
      const count = first & 0x7f;
      if (count === 0) throw new BerDecodeError(`indefinite length in ${what}`);
      if (count > 4) throw new BerDecodeError(`length of ${what} uses ${count} octets`);
      if (p + count > end) throw new BerDecodeError(`truncated length of ${what}`);
      len = 0;
      for (let i = 0; i < count; i++) len = len * 256 + this.buf[p++]!;
    }
    if (p + len > end) throw new BerDecodeError(`${what} runs past the end of its container (${len} bytes)`);
    this.len = len;
    return p;
  }

  /** A signed INTEGER's value (content at `at`, `len` bytes). */
  signed(at: number, len: number, what: string): number {
    if (len === 0) throw new BerDecodeError(`empty INTEGER in ${what}`);
    if (len > 7) {
      // Leading sign octets are redundant but legal: skip them while the value still fits.
      let skip = 0;
      while (len - skip > 7) {
        const b = this.buf[at + skip]!;
        const next = this.buf[at + skip + 1]!;
        if ((b === 0x00 && next < 0x80) || (b === 0xff && next >= 0x80)) skip++;
        else throw new BerDecodeError(`INTEGER in ${what} too large (${len} octets)`);
      }
      at += skip;
      len -= skip;
    }
    let v = this.buf.readInt8(at);
    for (let i = 1; i < len; i++) v = v * 256 + this.buf[at + i]!;
    if (!Number.isSafeInteger(v)) throw new BerDecodeError(`INTEGER in ${what} too large`);
    return v;
  }
}

/** Decodes the header of a v1/v2c message; throws BerDecodeError when it is not one. */
export function decodeHeader(buf: Buffer): MessageHeader {
  const c = new Cursor(buf);
  const end = buf.length;
  let at = c.expect(0, end, 0x30, 'message SEQUENCE');
  const msgEnd = at + c.len;
  at = c.expect(at, msgEnd, 0x02, 'version');
  const version = c.signed(at, c.len, 'version');
  at += c.len;
  at = c.expect(at, msgEnd, 0x04, 'community');
  const communityStart = at;
  const communityEnd = at + c.len;
  at = communityEnd;
  const header: MessageHeader = {
    version,
    communityStart,
    communityEnd,
    pduTag: 0,
    requestId: 0,
    errorStatus: 0,
    errorIndex: 0,
    varbindsStart: 0,
    varbindsEnd: 0,
  };
  decodePduHeader(c, at, msgEnd, header);
  return header;
}

/** Decodes a PDU's header (tag, request-id, error-status, error-index) at `at`, within `end`, into `out`. */
export function decodePduHeader(c: Cursor, at: number, end: number, out: PduHeader): void {
  const buf = c.buf;
  if (at >= end) throw new BerDecodeError('truncated before the PDU');
  const pduTag = buf[at]!;
  if (pduTag < 0xa0 || pduTag > 0xa8) throw new BerDecodeError(`unknown PDU tag 0x${pduTag.toString(16)}`);
  at = c.length(at + 1, end, 'PDU');
  const pduEnd = at + c.len;
  out.pduTag = pduTag;
  at = c.expect(at, pduEnd, 0x02, 'request-id');
  out.requestId = c.signed(at, c.len, 'request-id');
  at += c.len;
  at = c.expect(at, pduEnd, 0x02, 'error-status');
  out.errorStatus = c.signed(at, c.len, 'error-status');
  at += c.len;
  at = c.expect(at, pduEnd, 0x02, 'error-index');
  out.errorIndex = c.signed(at, c.len, 'error-index');
  at += c.len;
  at = c.expect(at, pduEnd, 0x30, 'varbind list');
  out.varbindsStart = at;
  out.varbindsEnd = at + c.len;
}

/** Decoded OID strings by a hash of their octets (the octets are kept to rule out collisions). */
const oidStrings = new Map<number, { octets: Buffer; text: string }>();
const OID_STRINGS_MAX = 50_000;

/** An OID's dotted string from its content octets (cached by the octets, so equal OIDs share one string). */
/** Whether `buf[at, at + len)` equals `octets` (a loop: cheaper than Buffer#compare for an OID's few octets). */
function sameOctets(octets: Buffer, buf: Buffer, at: number, len: number): boolean {
  if (octets.length !== len) return false;
  for (let i = 0; i < len; i++) if (octets[i] !== buf[at + i]) return false;
  return true;
}

export function decodeOid(buf: Buffer, at: number, len: number): string {
  if (len === 0) throw new BerDecodeError('empty OBJECT IDENTIFIER');
  const end = at + len;
  if (buf[end - 1]! & 0x80) throw new BerDecodeError('OBJECT IDENTIFIER ends inside a sub-identifier');
  let hash = 0x811c9dc5;
  for (let i = at; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
  const hit = oidStrings.get(hash);
  if (hit !== undefined && sameOctets(hit.octets, buf, at, len)) return hit.text;
  let s = '';
  let v = 0;
  let first = true;
  for (let i = at; i < end; i++) {
    const b = buf[i]!;
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) throw new BerDecodeError('OBJECT IDENTIFIER sub-identifier too large');
    if (b & 0x80) continue;
    if (first) {
      first = false;
      s = v < 40 ? `0.${v}` : v < 80 ? `1.${v - 40}` : `2.${v - 80}`;
    } else {
      s += `.${v}`;
    }
    v = 0;
  }
  if (hit === undefined) {
    if (oidStrings.size >= OID_STRINGS_MAX) oidStrings.clear();
    oidStrings.set(hash, { octets: Buffer.from(buf.subarray(at, end)), text: s });
  }
  return s;
}

/** Decodes the varbind list between `start` and `end` (see MessageHeader). */
export function decodeVarbinds(buf: Buffer, start: number, end: number): SnmpVarbind[] {
  const c = new Cursor(buf);
  const out: SnmpVarbind[] = [];
  let at = start;
  while (at < end) {
    at = c.expect(at, end, 0x30, `varbind ${out.length + 1}`);
    const vbEnd = at + c.len;
    at = c.expect(at, vbEnd, 0x06, `OID of varbind ${out.length + 1}`);
    const oid = decodeOid(buf, at, c.len);
    at += c.len;
    if (at >= vbEnd) throw new BerDecodeError(`varbind ${oid} has no value`);
    const type = buf[at]!;
    at = c.length(at + 1, vbEnd, `value of ${oid}`);
    const len = c.len;
    if (at + len !== vbEnd) throw new BerDecodeError(`varbind ${oid} has bytes after its value`);
    out.push({ oid, type, value: decodeValue(c, type, at, len, oid) });
    at = vbEnd;
  }
  return out;
}

function decodeValue(c: Cursor, type: number, at: number, len: number, oid: string): unknown {
  const buf = c.buf;
  switch (type) {
    case 0x02: // INTEGER / Integer32
      return c.signed(at, len, oid);
    case 0x41: // Counter32
    case 0x42: // Gauge32 / Unsigned32
    case 0x43: {
      // TimeTicks
      const v = c.signed(at, len, oid);
      // Agents that encode values ≥ 2^31 without the leading zero octet send them as negative four-octet integers.
      if (v < 0 && v >= -0x80000000) return v >>> 0;
      if (v < 0 || v > 0xffffffff) throw new BerDecodeError(`${oid}: unsigned 32-bit value out of range (${v})`);
      return v;
    }
    case 0x04: // OCTET STRING
    case 0x44: // Opaque
      return buf.subarray(at, at + len);
    case 0x46: // Counter64: raw octets, as net-snmp gives them
      if (len === 0 || len > 9) throw new BerDecodeError(`${oid}: Counter64 of ${len} octets`);
      return buf.subarray(at, at + len);
    case 0x06:
      return decodeOid(buf, at, len);
    case 0x40: // IpAddress
      if (len !== 4) throw new BerDecodeError(`${oid}: IpAddress of ${len} octets`);
      return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;
    case 0x05: // NULL
    case 0x80: // noSuchObject
    case 0x81: // noSuchInstance
    case 0x82: // endOfMibView
      if (len !== 0) throw new BerDecodeError(`${oid}: NULL value with ${len} content octets`);
      return null;
    case 0x01: // BOOLEAN
      if (len !== 1) throw new BerDecodeError(`${oid}: BOOLEAN of ${len} octets`);
      return buf[at] !== 0;
    case 0x03: // BIT STRING: the content octets
      return buf.subarray(at, at + len);
    default:
      throw new BerDecodeError(`${oid}: unknown value type 0x${type.toString(16)}`);
  }
}
