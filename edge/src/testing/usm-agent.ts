/**
 * Test helper: SNMPv3 answers as an agent would send them, built by hand (ber-builder) and secured with Node's
 * crypto directly rather than with the codec under test. Keys come from `usm-keys` (checked against RFC 3414's
 * vectors and net-snmp in usm-keys.spec.ts).
 */
import type { SnmpV3Credentials } from '@fleetward/contracts';
import { createCipheriv } from 'node:crypto';
import { AUTH_ALGORITHMS, localizedKey, PRIV_ALGORITHMS, privacyKey } from '../protocols/snmp/usm-keys';
import { oidTlv, scopedPdu, signV3, tlv, v3Message } from './ber-builder';

/** An snmpEngineID for tests (the one given to snmpget with -e when the captured vectors were recorded). */
export const USM_TEST_ENGINE = Buffer.from('80001f88805e1a2b3c4d5e6f7a', 'hex');

export function usmKeysOf(creds: SnmpV3Credentials, engineId: Buffer = USM_TEST_ENGINE) {
  const auth = creds.level === 'noAuthNoPriv' ? null : AUTH_ALGORITHMS[creds.authProtocol ?? 'sha'];
  const priv = creds.level === 'authPriv' ? PRIV_ALGORITHMS[creds.privProtocol ?? 'aes'] : null;
  return {
    auth,
    priv,
    authKey: auth ? localizedKey(auth, creds.authKey ?? '', engineId) : null,
    privKey: auth && priv ? privacyKey(auth, priv, creds.privKey ?? '', engineId) : null,
  };
}

/**
 * An agent's answer for a user: a Response (default, sysName.0 = "printer-7") or any PDU, at the user's security
 * level unless `flags` says otherwise, encrypted with the keys of `privKeyOf` (default: the same user).
 */
export function v3Answer(
  creds: SnmpV3Credentials,
  o: {
    msgId?: number;
    engineId?: Buffer;
    boots?: number;
    time?: number;
    flags?: number;
    pduTag?: number;
    requestId?: number;
    varbinds?: Buffer[];
    privKeyOf?: SnmpV3Credentials;
    securityModel?: number;
  } = {},
): Buffer {
  const engineId = o.engineId ?? USM_TEST_ENGINE;
  const { auth, priv, authKey } = usmKeysOf(creds, engineId);
  const flags = o.flags ?? (auth ? 0x01 : 0) | (priv ? 0x02 : 0);
  const boots = o.boots ?? 5;
  const time = o.time ?? 1000;
  const scoped = scopedPdu({
    contextEngineId: engineId,
    pduTag: o.pduTag ?? 0xa2,
    requestId: o.requestId ?? o.msgId ?? 42,
    varbinds: o.varbinds ?? [Buffer.concat([oidTlv('1.3.6.1.2.1.1.5.0'), tlv(0x04, Buffer.from('printer-7'))])],
  });
  let data = scoped;
  const salt = Buffer.from('0011223344556677', 'hex');
  if (flags & 0x02) {
    const k = usmKeysOf(o.privKeyOf ?? creds, engineId);
    if (k.priv!.cipher === 'des-cbc') {
      const iv = Buffer.alloc(8);
      for (let i = 0; i < 8; i++) iv[i] = k.privKey![8 + i]! ^ salt[i]!;
      const padded = Buffer.alloc(Math.ceil(scoped.length / 8) * 8);
      scoped.copy(padded);
      const c = createCipheriv('des-cbc', k.privKey!.subarray(0, 8), iv).setAutoPadding(false);
      data = Buffer.concat([c.update(padded), c.final()]);
    } else {
      const iv = Buffer.alloc(16);
      iv.writeUInt32BE(boots, 0);
      iv.writeUInt32BE(time, 4);
      salt.copy(iv, 8);
      data = createCipheriv(k.priv!.cipher, k.privKey!, iv).update(scoped);
    }
  }
  const placeholder = Buffer.alloc(auth?.macLength ?? 0, 0xa5);
  const message = v3Message({
    msgId: o.msgId ?? 42,
    flags,
    ...(o.securityModel === undefined ? {} : { securityModel: o.securityModel }),
    engineId,
    boots,
    time,
    user: creds.user,
    mac: flags & 0x01 ? placeholder : Buffer.alloc(0),
    privParams: flags & 0x02 ? salt : Buffer.alloc(0),
    data,
    encrypted: (flags & 0x02) !== 0,
  });
  return flags & 0x01 && auth ? signV3(message, placeholder, auth.hash, authKey!) : message;
}

/** A usmStats Report (unauthenticated, as agents send them) naming counter `stat` (1 … 6). */
export function usmReport(
  msgId: number,
  engineId: Buffer,
  stat: number,
  boots = 1,
  time = 100,
  maxSize = 65507,
): Buffer {
  return v3Message({
    msgId,
    maxSize,
    flags: 0,
    engineId,
    boots,
    time,
    user: '',
    data: scopedPdu({
      contextEngineId: engineId,
      pduTag: 0xa8,
      requestId: 0,
      varbinds: [Buffer.concat([oidTlv(`1.3.6.1.6.3.15.1.1.${stat}.0`), tlv(0x41, [1])])],
    }),
  });
}
