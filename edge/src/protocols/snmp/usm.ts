/**
 * SNMPv3 messages (RFC 3412) with the User-based Security Model (RFC 3414, RFC 3826, RFC 7860) for the request
 * engine: encoding of requests and of the engine discovery probe, decoding of answers, HMAC authentication, DES-CBC
 * and AES-CFB privacy, and one `UsmSession` per device session holding the agent's engine ID, the localised keys and
 * the notion of the agent's engine time (boots, time, time window).
 *
 * `UsmSession.accept` decides what an answer is worth: a trusted Response, a Report (usmStats), an error the user
 * must see (an authentic answer that does not decrypt), or something to drop and count (a wrong digest, a replay
 * outside the time window, an answer below the request's security level): a forged datagram cannot end a request.
 * What to do with a Report (learn the engine, re-sync the time and send again, or fail with the usmStats reason) is
 * the engine's part (`udp-engine.ts`).
 */
import type { SnmpV3Credentials } from '@fleetward/contracts';
import * as snmp from 'net-snmp';
import { createCipheriv, createDecipheriv, createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';
import {
  BerDecodeError,
  Cursor,
  decodePduHeader,
  decodeVarbinds,
  intTlvSize,
  type PduFields,
  type PduHeader,
  PduTag,
  planPdu,
  tlvSize,
  writeHeader,
  writeInt,
  writeOctets,
  writePdu,
} from './ber';
import {
  AUTH_ALGORITHMS,
  type AuthAlgorithm,
  localizedKey,
  PRIV_ALGORITHMS,
  privacyKey,
  type PrivAlgorithm,
} from './usm-keys';

/** msgFlags bits (RFC 3412 §6.4). */
export const MsgFlags = { Auth: 0x01, Priv: 0x02, Reportable: 0x04 } as const;

/** The largest message we accept (and say so in msgMaxSize): a UDP datagram's payload over IPv4. */
export const MSG_MAX_SIZE = 65507;
/** The smallest msgMaxSize an SNMP engine may announce (RFC 3412). */
const MSG_MAX_SIZE_MIN = 484;
/** RFC 3414 §3.2 step 7: 150 seconds either way. */
export const TIME_WINDOW_SECONDS = 150;
const MAX_INT32 = 2147483647;

export const USM_STATS_PREFIX = '1.3.6.1.6.3.15.1.1.';
/** usmStats counters (RFC 3414 §5) by their last arc, with the texts net-snmp uses (mapNetSnmpError reads them). */
export const USM_STATS_TEXT: Readonly<Record<string, string>> = {
  '1': 'Unsupported Security Level',
  '2': 'Not In Time Window',
  '3': 'Unknown User Name',
  '4': 'Unknown Engine ID',
  '5': 'Wrong Digest (incorrect password, community or key)',
  '6': 'Decryption Error',
};

/** net-snmp ResponseInvalidCode values (mapNetSnmpError maps them). */
export const INVALID = {
  EUnknownPduType: 3,
  ECouldNotDecrypt: 4,
  EAuthFailure: 5,
  EReqResOidNoMatch: 6,
  EVersionNoMatch: 9,
  ECommunityNoMatch: 10,
  EUnexpectedReport: 11,
  ENotInTimeWindow: 14,
  EBadVarbindList: 15,
} as const;

/** The usmStats counter a Report names ("1" … "6"), or null when its first varbind is something else. */
export function usmStatOf(oid: string | null): string | null {
  if (oid === null || !oid.startsWith(USM_STATS_PREFIX)) return null;
  const rest = oid.slice(USM_STATS_PREFIX.length).replace(/\.0$/, '');
  return USM_STATS_TEXT[rest] === undefined ? null : rest;
}

/** The error a usmStats Report means, as net-snmp raises it (so mapNetSnmpError stays the one mapping). */
export function usmStatError(stat: string): Error {
  return new snmp.ResponseInvalidError(USM_STATS_TEXT[stat] ?? 'Unexpected Report PDU', INVALID.EAuthFailure);
}

// ---------------------------------------------------------------------------------------------------------------
// Salt: one 64-bit counter for the process, started at a random value (RFC 3826 §3.1.1.1; for DES, RFC 3414
// §8.1.1.1 asks for boots + a counter: without persistent boots, a random 64-bit start is as unique).

const saltState = new Uint32Array(2);
randomFillSync(saltState);

/** Writes the next salt (8 octets, never repeated in this process) at `at`. */
export function nextSalt(buf: Buffer, at: number): void {
  saltState[1] = (saltState[1]! + 1) >>> 0;
  if (saltState[1] === 0) saltState[0] = (saltState[0]! + 1) >>> 0;
  buf.writeUInt32BE(saltState[0]!, at);
  buf.writeUInt32BE(saltState[1], at + 4);
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding

/** A decoded SNMPv3 message: header fields, security parameters, and where its (maybe encrypted) scoped PDU is. */
export interface V3Message {
  msgId: number;
  maxSize: number;
  flags: number;
  securityModel: number;
  engineId: Buffer;
  boots: number;
  time: number;
  userName: Buffer;
  /** Offset and length of msgAuthenticationParameters in the datagram. */
  macAt: number;
  macLength: number;
  privParams: Buffer;
  /** The scoped PDU TLV (plaintext) or the content of the encryptedPDU OCTET STRING. */
  dataStart: number;
  dataEnd: number;
  encrypted: boolean;
}

const nonNegative = (v: number, what: string, min = 0): number => {
  if (v < min || v > MAX_INT32) throw new BerDecodeError(`${what} out of range (${v})`);
  return v;
};

/** Decodes an SNMPv3 message up to its scoped PDU; throws BerDecodeError when it is not one. */
export function decodeV3Message(buf: Buffer): V3Message {
  const c = new Cursor(buf);
  let at = c.expect(0, buf.length, 0x30, 'message SEQUENCE');
  const msgEnd = at + c.len;
  if (msgEnd !== buf.length) throw new BerDecodeError('datagram has bytes after the message');
  at = c.expect(at, msgEnd, 0x02, 'version');
  if (c.signed(at, c.len, 'version') !== 3) throw new BerDecodeError('not an SNMPv3 message');
  at += c.len;
  at = c.expect(at, msgEnd, 0x30, 'msgGlobalData');
  const globalEnd = at + c.len;
  at = c.expect(at, globalEnd, 0x02, 'msgID');
  const msgId = nonNegative(c.signed(at, c.len, 'msgID'), 'msgID');
  at += c.len;
  at = c.expect(at, globalEnd, 0x02, 'msgMaxSize');
  const maxSize = nonNegative(c.signed(at, c.len, 'msgMaxSize'), 'msgMaxSize', MSG_MAX_SIZE_MIN);
  at += c.len;
  at = c.expect(at, globalEnd, 0x04, 'msgFlags');
  if (c.len !== 1) throw new BerDecodeError(`msgFlags of ${c.len} octets`);
  const flags = buf[at]!;
  at += 1;
  at = c.expect(at, globalEnd, 0x02, 'msgSecurityModel');
  const securityModel = nonNegative(c.signed(at, c.len, 'msgSecurityModel'), 'msgSecurityModel');
  at += c.len;
  if (at !== globalEnd) throw new BerDecodeError('msgGlobalData has bytes after msgSecurityModel');
  at = c.expect(at, msgEnd, 0x04, 'msgSecurityParameters');
  const paramsEnd = at + c.len;
  at = c.expect(at, paramsEnd, 0x30, 'UsmSecurityParameters');
  const usmEnd = at + c.len;
  if (usmEnd !== paramsEnd) throw new BerDecodeError('msgSecurityParameters has bytes after its SEQUENCE');
  at = c.expect(at, usmEnd, 0x04, 'msgAuthoritativeEngineID');
  const engineId = buf.subarray(at, at + c.len);
  at += c.len;
  at = c.expect(at, usmEnd, 0x02, 'msgAuthoritativeEngineBoots');
  const boots = nonNegative(c.signed(at, c.len, 'msgAuthoritativeEngineBoots'), 'msgAuthoritativeEngineBoots');
  at += c.len;
  at = c.expect(at, usmEnd, 0x02, 'msgAuthoritativeEngineTime');
  const time = nonNegative(c.signed(at, c.len, 'msgAuthoritativeEngineTime'), 'msgAuthoritativeEngineTime');
  at += c.len;
  at = c.expect(at, usmEnd, 0x04, 'msgUserName');
  const userName = buf.subarray(at, at + c.len);
  at += c.len;
  at = c.expect(at, usmEnd, 0x04, 'msgAuthenticationParameters');
  const macAt = at;
  const macLength = c.len;
  at += c.len;
  at = c.expect(at, usmEnd, 0x04, 'msgPrivacyParameters');
  const privParams = buf.subarray(at, at + c.len);
  at += c.len;
  if (at !== usmEnd) throw new BerDecodeError('UsmSecurityParameters has bytes after msgPrivacyParameters');
  const encrypted = (flags & MsgFlags.Priv) !== 0;
  let dataStart: number;
  let dataEnd: number;
  if (encrypted) {
    dataStart = c.expect(at, msgEnd, 0x04, 'encryptedPDU');
    dataEnd = dataStart + c.len;
  } else {
    dataStart = at;
    dataEnd = c.expect(at, msgEnd, 0x30, 'scopedPDU') + c.len;
  }
  if (dataEnd !== msgEnd) throw new BerDecodeError('message has bytes after its scoped PDU');
  return {
    msgId,
    maxSize,
    flags,
    securityModel,
    engineId,
    boots,
    time,
    userName,
    macAt,
    macLength,
    privParams,
    dataStart,
    dataEnd,
    encrypted,
  };
}

/** A decoded scoped PDU: context and the PDU's header (varbinds still to decode). */
export interface ScopedPduHeader extends PduHeader {
  contextEngineId: Buffer;
  contextName: Buffer;
}

/**
 * Decodes a scoped PDU TLV at `start`. After decryption, DES-CBC leaves padding after the SEQUENCE: `allowTrailing`
 * accepts it; otherwise the scoped PDU must end exactly at `end`.
 */
export function decodeScopedPdu(buf: Buffer, start: number, end: number, allowTrailing: boolean): ScopedPduHeader {
  const c = new Cursor(buf);
  let at = c.expect(start, end, 0x30, 'scopedPDU');
  const scopedEnd = at + c.len;
  if (!allowTrailing && scopedEnd !== end) throw new BerDecodeError('scopedPDU has bytes after it');
  at = c.expect(at, scopedEnd, 0x04, 'contextEngineID');
  const contextEngineId = buf.subarray(at, at + c.len);
  at += c.len;
  at = c.expect(at, scopedEnd, 0x04, 'contextName');
  const contextName = buf.subarray(at, at + c.len);
  at += c.len;
  const out: ScopedPduHeader = {
    contextEngineId,
    contextName,
    pduTag: 0,
    requestId: 0,
    errorStatus: 0,
    errorIndex: 0,
    varbindsStart: 0,
    varbindsEnd: 0,
  };
  decodePduHeader(c, at, scopedEnd, out);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding

/** What an outgoing SNMPv3 message carries besides its scoped PDU. */
export interface V3Envelope {
  msgId: number;
  flags: number;
  engineId: Buffer;
  boots: number;
  time: number;
  userName: Buffer;
  /** Octets of msgAuthenticationParameters (zeros, to be signed), 0 without authentication. */
  macLength: number;
  /** msgPrivacyParameters (the salt), empty without privacy. */
  privParams: Buffer;
}

const EMPTY = Buffer.alloc(0);
const ZEROS = Buffer.alloc(64);

/** Octets of the scoped PDU TLV for a PDU of plan length `pduLen`. */
function scopedSize(contextEngineId: Buffer, contextName: Buffer, pduLen: number): number {
  return tlvSize(tlvSize(contextEngineId.length) + tlvSize(contextName.length) + tlvSize(pduLen));
}

function writeScoped(
  buf: Buffer,
  at: number,
  contextEngineId: Buffer,
  contextName: Buffer,
  pdu: PduFields,
  plan: ReturnType<typeof planPdu>,
): number {
  at = writeHeader(buf, at, 0x30, tlvSize(contextEngineId.length) + tlvSize(contextName.length) + tlvSize(plan.pduLen));
  at = writeOctets(buf, at, contextEngineId);
  at = writeOctets(buf, at, contextName);
  return writePdu(buf, at, pdu, plan);
}

/** A scoped PDU on its own (the plaintext that privacy encrypts). */
export function encodeScopedPdu(contextEngineId: Buffer, contextName: Buffer, pdu: PduFields): Buffer {
  const plan = planPdu(pdu);
  const buf = Buffer.allocUnsafe(scopedSize(contextEngineId, contextName, plan.pduLen));
  writeScoped(buf, 0, contextEngineId, contextName, pdu, plan);
  return buf;
}

/**
 * Encodes an SNMPv3 message around `data`: a plaintext scoped PDU written by `writeData` (`dataLength` octets, the
 * whole TLV), or an encrypted one (the ciphertext, wrapped in an OCTET STRING here). Returns the message and the
 * offset of its msgAuthenticationParameters (zeros, for `sign`).
 */
export function encodeV3Message(
  env: V3Envelope,
  data: { cipher: Buffer } | { length: number; write: (buf: Buffer, at: number) => number },
): { buf: Buffer; macAt: number } {
  const usmLen =
    tlvSize(env.engineId.length) +
    intTlvSize(env.boots) +
    intTlvSize(env.time) +
    tlvSize(env.userName.length) +
    tlvSize(env.macLength) +
    tlvSize(env.privParams.length);
  const globalLen = intTlvSize(env.msgId) + intTlvSize(MSG_MAX_SIZE) + 3 + 3;
  const dataLen = 'cipher' in data ? tlvSize(data.cipher.length) : data.length;
  const msgLen = 3 + tlvSize(globalLen) + tlvSize(tlvSize(usmLen)) + dataLen;
  const total = tlvSize(msgLen);
  const buf = Buffer.allocUnsafe(total);
  let at = writeHeader(buf, 0, 0x30, msgLen);
  at = writeInt(buf, at, 3);
  at = writeHeader(buf, at, 0x30, globalLen);
  at = writeInt(buf, at, env.msgId);
  at = writeInt(buf, at, MSG_MAX_SIZE);
  buf[at++] = 0x04;
  buf[at++] = 0x01;
  buf[at++] = env.flags;
  at = writeInt(buf, at, 3); // msgSecurityModel: USM
  at = writeHeader(buf, at, 0x04, tlvSize(usmLen));
  at = writeHeader(buf, at, 0x30, usmLen);
  at = writeOctets(buf, at, env.engineId);
  at = writeInt(buf, at, env.boots);
  at = writeInt(buf, at, env.time);
  at = writeOctets(buf, at, env.userName);
  at = writeHeader(buf, at, 0x04, env.macLength);
  const macAt = at;
  buf.fill(0, at, at + env.macLength);
  at += env.macLength;
  at = writeOctets(buf, at, env.privParams);
  at = 'cipher' in data ? writeOctets(buf, at, data.cipher) : data.write(buf, at);
  if (at !== total) throw new Error(`SNMPv3 encoder wrote ${at} of ${total} bytes`);
  return { buf, macAt };
}

// ---------------------------------------------------------------------------------------------------------------
// Authentication and privacy

/** Writes the truncated HMAC of the whole message (its msgAuthenticationParameters zeros) at `macAt`. */
export function sign(auth: AuthAlgorithm, key: Buffer, buf: Buffer, macAt: number): void {
  createHmac(auth.hash, key).update(buf).digest().copy(buf, macAt, 0, auth.macLength);
}

/** True when the message's msgAuthenticationParameters is the HMAC of the message with that field zeroed. */
export function verify(auth: AuthAlgorithm, key: Buffer, buf: Buffer, macAt: number, macLength: number): boolean {
  if (macLength !== auth.macLength) return false;
  const macEnd = macAt + macLength;
  const digest = createHmac(auth.hash, key)
    .update(buf.subarray(0, macAt))
    .update(ZEROS.subarray(0, macLength))
    .update(buf.subarray(macEnd))
    .digest();
  return timingSafeEqual(digest.subarray(0, macLength), buf.subarray(macAt, macEnd));
}

function aesIv(boots: number, time: number, salt: Buffer): Buffer {
  const iv = Buffer.allocUnsafe(16);
  iv.writeUInt32BE(boots, 0);
  iv.writeUInt32BE(time, 4);
  salt.copy(iv, 8, 0, 8);
  return iv;
}

function desIv(key: Buffer, salt: Buffer): Buffer {
  const iv = Buffer.allocUnsafe(8);
  for (let i = 0; i < 8; i++) iv[i] = key[8 + i]! ^ salt[i]!;
  return iv;
}

/**
 * Encrypts a scoped PDU: AES-CFB with IV = boots | time | salt (RFC 3826), or DES-CBC with IV = pre-IV ⊕ salt and
 * the plaintext padded to whole blocks (RFC 3414 §8.1.1). DES needs OpenSSL's legacy provider: without it this
 * throws Node's ERR_OSSL_EVP_UNSUPPORTED, which mapNetSnmpError explains.
 */
export function encrypt(
  priv: PrivAlgorithm,
  key: Buffer,
  boots: number,
  time: number,
  salt: Buffer,
  plain: Buffer,
): Buffer {
  if (priv.cipher === 'des-cbc') {
    // The padding octets' value does not matter (RFC 3414 §8.1.1.2); Net-SNMP writes the pad length in each.
    const pad = (8 - (plain.length % 8)) % 8;
    const padded = pad === 0 ? plain : Buffer.alloc(plain.length + pad, pad);
    if (padded !== plain) plain.copy(padded);
    const cipher = createCipheriv('des-cbc', key.subarray(0, 8), desIv(key, salt));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(padded), cipher.final()]);
  }
  // CFB is a stream mode: update() returns every octet, final() nothing.
  return createCipheriv(priv.cipher, key, aesIv(boots, time, salt)).update(plain);
}

/** Decrypts an encryptedPDU (see encrypt); throws when its length or salt cannot be right. */
export function decrypt(
  priv: PrivAlgorithm,
  key: Buffer,
  boots: number,
  time: number,
  salt: Buffer,
  data: Buffer,
): Buffer {
  if (salt.length !== 8) throw new Error(`msgPrivacyParameters of ${salt.length} octets (8 expected)`);
  if (priv.cipher === 'des-cbc') {
    if (data.length % 8 !== 0) throw new Error(`DES-encrypted PDU of ${data.length} octets (not whole blocks)`);
    const decipher = createDecipheriv('des-cbc', key.subarray(0, 8), desIv(key, salt));
    decipher.setAutoPadding(false);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  }
  return createDecipheriv(priv.cipher, key, aesIv(boots, time, salt)).update(data);
}

// ---------------------------------------------------------------------------------------------------------------
// Per-session security state

/** What an answer to a request is worth once its security has been processed. */
export type UsmVerdict =
  | { kind: 'drop'; reason: Error }
  | { kind: 'fail'; error: Error }
  | {
      kind: 'report';
      /** OID of the Report's first varbind (null when it has none or it does not decode). */
      oid: string | null;
      authentic: boolean;
      engineId: Buffer;
      boots: number;
      time: number;
      maxSize: number;
    }
  | { kind: 'response'; buf: Buffer; pdu: ScopedPduHeader };

/** A session's USM state: credentials, the agent's engine (after discovery), keys localised to it, its time. */
export class UsmSession {
  readonly userName: Buffer;
  readonly contextName: Buffer;
  /** Auth and priv bits of msgFlags for this user's security level. */
  readonly levelFlags: number;
  readonly auth: AuthAlgorithm | null;
  readonly priv: PrivAlgorithm | null;
  private readonly authPassword: string;
  private readonly privPassword: string;

  /** The agent's snmpEngineID (null until discovery). */
  engineId: Buffer | null = null;
  /** The agent's msgMaxSize: the largest message it can take. */
  peerMaxSize = MSG_MAX_SIZE;
  private authKey: Buffer | null = null;
  private privKey: Buffer | null = null;

  // Notion of the agent's snmpEngineBoots / snmpEngineTime (RFC 3414 §2.3): time = base + seconds since receivedAt.
  private boots = 0;
  private timeBase = 0;
  private receivedAt = 0;
  /** The highest engine time received in an authentic message for the current boots (replays cannot hold it back). */
  private latestTime = 0;
  /** False while the notion comes from an unauthenticated discovery or report only. */
  private synced = false;

  constructor(credentials: SnmpV3Credentials) {
    this.userName = Buffer.from(credentials.user, 'utf8');
    this.contextName = Buffer.from(credentials.context ?? '', 'utf8');
    const level = credentials.level;
    this.auth = level === 'noAuthNoPriv' ? null : AUTH_ALGORITHMS[credentials.authProtocol ?? 'sha'];
    this.priv = level === 'authPriv' ? PRIV_ALGORITHMS[credentials.privProtocol ?? 'aes'] : null;
    this.levelFlags = (this.auth ? MsgFlags.Auth : 0) | (this.priv ? MsgFlags.Priv : 0);
    this.authPassword = credentials.authKey ?? '';
    this.privPassword = credentials.privKey ?? '';
  }

  /** Learns (or re-learns) the agent's engine: new keys when the engine ID changed, and its boots and time. */
  learnEngine(engineId: Buffer, boots: number, time: number, maxSize: number, nowMs: number): void {
    if (!this.engineId?.equals(engineId)) {
      this.engineId = Buffer.from(engineId);
      this.authKey = this.auth ? localizedKey(this.auth, this.authPassword, this.engineId) : null;
      this.privKey = this.auth && this.priv ? privacyKey(this.auth, this.priv, this.privPassword, this.engineId) : null;
    }
    this.peerMaxSize = maxSize;
    this.setTime(boots, time, nowMs, false);
  }

  /** Takes the boots and time of a notInTimeWindow Report (authentic or not: it is only used to send again). */
  resyncTime(boots: number, time: number, nowMs: number, authentic: boolean): void {
    this.setTime(boots, time, nowMs, authentic);
  }

  private setTime(boots: number, time: number, nowMs: number, authentic: boolean): void {
    this.boots = boots;
    this.timeBase = time;
    this.latestTime = time;
    this.receivedAt = nowMs;
    this.synced = authentic;
  }

  /** The current notion of the agent's engine time (RFC 3414 §2.2.2: boots latch, time wraps into boots). */
  notion(nowMs: number): { boots: number; time: number } {
    let boots = this.boots;
    let time = this.timeBase + Math.max(0, Math.floor((nowMs - this.receivedAt) / 1000));
    if (time > MAX_INT32) {
      boots = Math.min(boots + Math.floor(time / (MAX_INT32 + 1)), MAX_INT32);
      time %= MAX_INT32 + 1;
    }
    return { boots, time };
  }

  /** RFC 3414 §3.2 step 7b: an authentic message moves the notion forward (never back). */
  private observe(boots: number, time: number, nowMs: number): void {
    if (!this.synced || boots > this.boots || (boots === this.boots && time > this.latestTime)) {
      this.setTime(boots, time, nowMs, true);
    }
  }

  /** RFC 3414 §3.2 step 7b: outside when boots latched, differ, or the time is more than 150 s behind. */
  private inTimeWindow(boots: number, time: number, nowMs: number): boolean {
    const n = this.notion(nowMs);
    if (n.boots === MAX_INT32 || boots !== n.boots) return false;
    return time >= n.time - TIME_WINDOW_SECONDS;
  }

  /** The discovery probe (RFC 3414 §4): reportable, noAuthNoPriv, no engine ID, no user, an empty GetRequest. */
  encodeDiscovery(msgId: number): Buffer {
    const pdu: PduFields = { tag: PduTag.GetRequest, requestId: msgId, a: 0, b: 0, oids: [] };
    const plan = planPdu(pdu);
    const contextName = this.contextName;
    return encodeV3Message(
      {
        msgId,
        flags: MsgFlags.Reportable,
        engineId: EMPTY,
        boots: 0,
        time: 0,
        userName: EMPTY,
        macLength: 0,
        privParams: EMPTY,
      },
      {
        length: scopedSize(EMPTY, contextName, plan.pduLen),
        write: (buf, at) => writeScoped(buf, at, EMPTY, contextName, pdu, plan),
      },
    ).buf;
  }

  /** A request to the discovered engine, authenticated and encrypted as the user's level says. */
  encodeRequest(msgId: number, pdu: PduFields, nowMs: number): Buffer {
    const engineId = this.engineId;
    if (!engineId) throw new Error('SNMPv3 request before engine discovery');
    const { boots, time } = this.notion(nowMs);
    const contextName = this.contextName;
    let privParams = EMPTY;
    let data: Parameters<typeof encodeV3Message>[1];
    if (this.priv && this.privKey) {
      privParams = Buffer.allocUnsafe(8);
      nextSalt(privParams, 0);
      const plain = encodeScopedPdu(engineId, contextName, pdu);
      data = { cipher: encrypt(this.priv, this.privKey, boots, time, privParams, plain) };
    } else {
      const plan = planPdu(pdu);
      data = {
        length: scopedSize(engineId, contextName, plan.pduLen),
        write: (buf, at) => writeScoped(buf, at, engineId, contextName, pdu, plan),
      };
    }
    const { buf, macAt } = encodeV3Message(
      {
        msgId,
        flags: MsgFlags.Reportable | this.levelFlags,
        engineId,
        boots,
        time,
        userName: this.userName,
        macLength: this.auth?.macLength ?? 0,
        privParams,
      },
      data,
    );
    if (this.auth && this.authKey) sign(this.auth, this.authKey, buf, macAt);
    return buf;
  }

  /**
   * Processes the security of an answer `m` (decoded from `buf`) to one of this session's requests; `discovery`
   * when the request was the (noAuthNoPriv) discovery probe.
   */
  accept(buf: Buffer, m: V3Message, nowMs: number, discovery = false): UsmVerdict {
    if (m.securityModel !== 3) return drop(`security model ${m.securityModel} is not USM`, INVALID.EBadVarbindList);
    const authFlag = (m.flags & MsgFlags.Auth) !== 0;
    const privFlag = (m.flags & MsgFlags.Priv) !== 0;
    if (privFlag && !authFlag) return drop('msgFlags ask for privacy without authentication', INVALID.EBadVarbindList);
    let authentic = false;
    if (authFlag) {
      const verifiable = this.auth !== null && this.authKey !== null && this.engineId?.equals(m.engineId) === true;
      if (verifiable && !verify(this.auth, this.authKey!, buf, m.macAt, m.macLength)) {
        return drop(
          'Authentication digest of an answer does not match (wrong auth key or protocol, or a forged answer)',
          INVALID.EAuthFailure,
        );
      }
      if (!verifiable && privFlag) {
        return drop('an encrypted answer for another engine or security level', INVALID.EAuthFailure);
      }
      if (verifiable) {
        authentic = true;
        this.observe(m.boots, m.time, nowMs);
        if (!this.inTimeWindow(m.boots, m.time, nowMs)) {
          return drop(
            `Message with engineBoots '${m.boots}' and engineTime '${m.time}' is outside the time window`,
            INVALID.ENotInTimeWindow,
          );
        }
      }
    }
    let plain = buf;
    let start = m.dataStart;
    let end = m.dataEnd;
    if (privFlag) {
      if (!this.priv || !this.privKey)
        return drop('an encrypted answer to a request without privacy', INVALID.EAuthFailure);
      try {
        plain = decrypt(this.priv, this.privKey, m.boots, m.time, m.privParams, buf.subarray(m.dataStart, m.dataEnd));
      } catch (error) {
        return { kind: 'fail', error: decryptError(error) };
      }
      start = 0;
      end = plain.length;
    }
    let pdu: ScopedPduHeader;
    try {
      pdu = decodeScopedPdu(plain, start, end, privFlag && this.priv?.cipher === 'des-cbc');
    } catch (error) {
      return {
        kind: 'fail',
        error: privFlag
          ? decryptError(error)
          : new snmp.ResponseInvalidError(`malformed scoped PDU: ${messageOf(error)}`, INVALID.EBadVarbindList),
      };
    }
    if (pdu.pduTag === PduTag.Report) {
      let oid: string | null = null;
      try {
        oid = decodeVarbinds(plain, pdu.varbindsStart, pdu.varbindsEnd)[0]?.oid ?? null;
      } catch {
        oid = null;
      }
      return {
        kind: 'report',
        oid,
        authentic,
        engineId: m.engineId,
        boots: m.boots,
        time: m.time,
        maxSize: m.maxSize,
      };
    }
    if (pdu.pduTag !== PduTag.Response) {
      return {
        kind: 'fail',
        error: new snmp.ResponseInvalidError(
          `Unknown PDU type '${pdu.pduTag & 0x1f}' in response`,
          INVALID.EUnknownPduType,
        ),
      };
    }
    // RFC 3412 §7.2.10: a response must come back at the security level of its request (and be authentic).
    const requested = discovery ? 0 : this.levelFlags;
    if ((m.flags & (MsgFlags.Auth | MsgFlags.Priv)) !== requested || (requested !== 0 && !authentic)) {
      return drop('an answer came back below the security level of the request', INVALID.EAuthFailure);
    }
    return { kind: 'response', buf: plain, pdu };
  }
}

function drop(message: string, code: number): UsmVerdict {
  return { kind: 'drop', reason: new snmp.ResponseInvalidError(message, code) };
}

function decryptError(error: unknown): Error {
  return new snmp.ResponseInvalidError(`Failed to decrypt PDU: ${messageOf(error)}`, INVALID.ECouldNotDecrypt);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
