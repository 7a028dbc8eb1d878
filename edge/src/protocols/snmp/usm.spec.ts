import type { SnmpV3Credentials } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { intTlv, oidTlv, scopedPdu, tlv, v3Message } from '../../testing/ber-builder';
import { USM_TEST_ENGINE as ENGINE, usmKeysOf as keysOf, v3Answer } from '../../testing/usm-agent';
import { decodeVarbinds, PduTag } from './ber';
import {
  decodeScopedPdu,
  decodeV3Message,
  decrypt,
  encodeScopedPdu,
  encodeV3Message,
  encrypt,
  INVALID,
  MsgFlags,
  nextSalt,
  sign,
  UsmSession,
  usmStatOf,
  type UsmVerdict,
  verify,
} from './usm';

const SYS_NAME = '1.3.6.1.2.1.1.5.0';

/**
 * Requests captured on loopback from Net-SNMP 5.9.3's snmpget / snmpgetnext / snmpbulkget (Debian 12) with
 * `-e 0x80001f88805e1a2b3c4d5e6f7a` (no discovery; boots and time 0), one UDP listener printing the datagram.
 */
const CAPTURES: {
  name: string;
  hex: string;
  creds: SnmpV3Credentials;
  tag: number;
  oids: string[];
  a?: number;
  b?: number;
}[] = [
  {
    name: 'SHA + AES-128 (snmpget -a SHA -x AES)',
    hex: '3081820201033011020476024413020300ffe304010702010304373035040d80001f88805e1a2b3c4d5e6f7a0201000201000406667775736572040cef50eb5b1fb87e9465a8c27604085b989de53cfd2b730431527708f8a2bf92887225d6764c51388f00cef9fbee9862adbbcb759a62ef498db198eb27a2d56ffcf5505f0637d3919931',
    creds: v3('fwuser', 'sha', 'fleetward-auth-key', 'aes', 'fleetward-priv-key'),
    tag: PduTag.GetRequest,
    oids: [SYS_NAME],
  },
  {
    name: 'SHA + AES-256 Blumenthal (snmpget -x AES-256)',
    hex: '3081820201033011020467acc6be020300ffe304010702010304373035040d80001f88805e1a2b3c4d5e6f7a0201000201000406667775736572040c7aaa1cd7cddbb742b7d167600408f5144b0184fc70e90431d0cbd4476fdad16b489c5ee1945f97571fbd8c0e9e5988c386137f55b2d76bf54923ac142eadffaa1a5f08e2183eb75168',
    creds: v3('fwuser', 'sha', 'fleetward-auth-key', 'aes256b', 'fleetward-priv-key'),
    tag: PduTag.GetRequest,
    oids: [SYS_NAME],
  },
  {
    name: 'SHA + AES-256 Reeder (snmpget -x AES-256-C)',
    hex: '30818202010330110204452a761e020300ffe304010702010304373035040d80001f88805e1a2b3c4d5e6f7a0201000201000406667775736572040c8bff67eb973a3dc2432f481e0408a0773b6f83cb66a20431829382469d3f35431f170e39d2b435c1659c45f998d6207a6479e03c5ffdbd82e7413b3a0fe06fb90fcbdc169066030929',
    creds: v3('fwuser', 'sha', 'fleetward-auth-key', 'aes256r', 'fleetward-priv-key'),
    tag: PduTag.GetRequest,
    oids: [SYS_NAME],
  },
  {
    name: 'MD5 + DES (snmpget -a MD5 -x DES)',
    hex: '308188020103301102044284d628020300ffe304010702010304363034040d80001f88805e1a2b3c4d5e6f7a020100020100040566776d6435040c37f07278da4d6f4ae4d60303040800000001bf5c6f830438ed4666f3274f45a9f289fb1154e103ec2b8c0805265fa3055306b47d8b8ba092f8299cd7bdc3b4feb09687d762bd13b3c689a5eae3092c28',
    creds: v3('fwmd5', 'md5', 'md5-auth-key-123', 'des', 'des-priv-key-123'),
    tag: PduTag.GetRequest,
    oids: [SYS_NAME],
  },
  {
    name: 'SHA-256 + AES-128 (RFC 7860 HMAC-192-SHA-256)',
    hex: '30818d020103301102042c90d76c020300ffe304010702010304423040040d80001f88805e1a2b3c4d5e6f7a020100020100040566773235360418e4a9a9789f938509e2036cbf77d14d9fcb276d2b2fcf3a8b0408954f72cc657edfb80431fc1828551731b1558bb9d22a6555de998178c474c16c39f4d2692693058df52a5dd945f5285cd8521a8a9fcb1940f25a08',
    creds: v3('fw256', 'sha256', 'sha256-auth-key-1', 'aes', 'aes-priv-key-1234'),
    tag: PduTag.GetRequest,
    oids: [SYS_NAME],
  },
  {
    name: 'SHA-512 + AES-256 (RFC 7860 HMAC-384-SHA-512)',
    hex: '3081a5020103301102044630eaea020300ffe3040107020103045a3058040d80001f88805e1a2b3c4d5e6f7a020100020100040566773531320430b09b97f6746476969be625a8b71d376b2dff9bc04037abe3e71beb63f897a2b4e1b4651d7d561a8d95bdee443618baa104084ff80319d3aab2740431bd9e12e4ab696a931658656f2c38065e6ec58cbb1665733988db9726507910f07144cc9cda00fecad0bf62eb41c77c3823',
    creds: v3('fw512', 'sha512', 'sha512-auth-key-1', 'aes256b', 'aes-priv-key-1234'),
    tag: PduTag.GetRequest,
    oids: [SYS_NAME],
  },
  {
    name: 'SHA-224 + AES-256 Reeder',
    hex: '30818502010330110204112cc1dd020300ffe3040107020103043a3038040d80001f88805e1a2b3c4d5e6f7a020100020100040566773232340410c7d54726676b935c7a1c1f2351e25dde0408bc508623899672eb0431eeef5858a014c6ded57e1e77fa032dc9c6290e981a3674937e2e1bd2a7a62025049a13e054c5c77e07ec9a167951052162',
    creds: v3('fw224', 'sha224', 'sha224-auth-key-1', 'aes256r', 'aes-priv-key-1234'),
    tag: PduTag.GetRequest,
    oids: [SYS_NAME],
  },
  {
    name: 'SHA-384 + DES',
    hex: '30819c0201033011020461845b3c020300ffe3040107020103044a3048040d80001f88805e1a2b3c4d5e6f7a020100020100040566773338340420805d4b882267f32d1b5a5612df1f6bc1cecb8858ac209dea4003f70fffce3f97040800000001356567ff04388b9b39f4839d01f142df590ba2f33de549e1c06287a1bb1cd3df4b583f92f2c343970932698dc444d8fedccb0f99cf81a61671865a028c5d',
    creds: v3('fw384', 'sha384', 'sha384-auth-key-1', 'des', 'des-priv-key-1234'),
    tag: PduTag.GetRequest,
    oids: [SYS_NAME],
  },
  {
    name: 'MD5 authNoPriv',
    hex: '3077020103301102042afe3131020300ffe3040105020103042e302c040d80001f88805e1a2b3c4d5e6f7a020100020100040566776d6435040c74cab55431c7165990fee4410400302f040d80001f88805e1a2b3c4d5e6f7a0400a01c020451133329020100020100300e300c06082b060102010105000500',
    creds: { version: '3', user: 'fwmd5', level: 'authNoPriv', authProtocol: 'md5', authKey: 'md5-auth-key-123' },
    tag: PduTag.GetRequest,
    oids: [SYS_NAME],
  },
  {
    name: 'noAuthNoPriv',
    hex: '306e02010330110204265027af020300ffe304010402010304253023040d80001f88805e1a2b3c4d5e6f7a020100020100040866776e6f6175746804000400302f040d80001f88805e1a2b3c4d5e6f7a0400a01c02041cd3fa84020100020100300e300c06082b060102010105000500',
    creds: { version: '3', user: 'fwnoauth', level: 'noAuthNoPriv' },
    tag: PduTag.GetRequest,
    oids: [SYS_NAME],
  },
  {
    name: 'SHA authNoPriv GETNEXT of two OIDs (snmpgetnext)',
    hex: '3081840201033011020472996f22020300ffe3040105020103042f302d040d80001f88805e1a2b3c4d5e6f7a0201000201000406667775736572040c5329ce5d9052463c207cb6d00400303b040d80001f88805e1a2b3c4d5e6f7a0400a1280204249f2b61020100020100301a300b06072b0601020101040500300b06072b0601020101050500',
    creds: { version: '3', user: 'fwuser', level: 'authNoPriv', authProtocol: 'sha', authKey: 'fleetward-auth-key' },
    tag: PduTag.GetNextRequest,
    oids: ['1.3.6.1.2.1.1.4', '1.3.6.1.2.1.1.5'],
  },
  {
    name: 'SHA + AES GETBULK -Cn1 -Cr5 in context "fwctx" (snmpbulkget -n fwctx)',
    hex: '308196020103301102042499b8ac020300ffe304010702010304373035040d80001f88805e1a2b3c4d5e6f7a0201000201000406667775736572040cc48a0573208580f34e2880730408ac862b899c8084450445bfb61f1eff8a26f47c20cd2dbbd51a853be02d07c8ac95d91aaf7379e80d990dee1be15a72c257d8eae51a23f86d195415ccaae457e0fabaf1e80ee877977767c5e6bfe723',
    creds: { ...v3('fwuser', 'sha', 'fleetward-auth-key', 'aes', 'fleetward-priv-key'), context: 'fwctx' },
    tag: PduTag.GetBulkRequest,
    oids: ['1.3.6.1.2.1.1.3', '1.3.6.1.2.1.43.11.1.1.9'],
    a: 1,
    b: 5,
  },
];

/** snmpget's engine discovery probe (same capture setup, without -e). */
const PROBE =
  '303e02010330110204246f9771020300ffe30401040201030410300e0400020100020100040004000400301404000400a00e02043e9ecd290201000201003000';

function v3(
  user: string,
  authProtocol: SnmpV3Credentials['authProtocol'],
  authKey: string,
  privProtocol: SnmpV3Credentials['privProtocol'],
  privKey: string,
): SnmpV3Credentials {
  return { version: '3', user, level: 'authPriv', authProtocol, authKey, privProtocol, privKey };
}

describe('SNMPv3 messages captured from Net-SNMP snmpget', () => {
  it.each(CAPTURES)('$name: decodes, authenticates, decrypts, and re-encodes to the same octets', (c) => {
    const buf = Buffer.from(c.hex, 'hex');
    const m = decodeV3Message(buf);
    const { auth, priv, authKey, privKey } = keysOf(c.creds);
    expect(m).toMatchObject({ maxSize: 65507, securityModel: 3, boots: 0, time: 0 });
    expect(m.engineId).toEqual(ENGINE);
    expect(m.userName.toString()).toBe(c.creds.user);
    expect(m.flags).toBe(MsgFlags.Reportable | (auth ? MsgFlags.Auth : 0) | (priv ? MsgFlags.Priv : 0));
    if (auth) {
      expect(verify(auth, authKey!, buf, m.macAt, m.macLength)).toBe(true);
      const tampered = Buffer.from(buf);
      tampered[tampered.length - 1]! ^= 1;
      expect(verify(auth, authKey!, tampered, m.macAt, m.macLength)).toBe(false);
    }
    const data = buf.subarray(m.dataStart, m.dataEnd);
    const plain = priv ? decrypt(priv, privKey!, m.boots, m.time, m.privParams, data) : data;
    const pdu = decodeScopedPdu(plain, 0, plain.length, priv?.cipher === 'des-cbc');
    expect(pdu.contextEngineId).toEqual(ENGINE);
    expect(pdu.contextName.toString()).toBe(c.creds.context ?? '');
    expect(pdu).toMatchObject({ pduTag: c.tag, errorStatus: c.a ?? 0, errorIndex: c.b ?? 0 });
    expect(decodeVarbinds(plain, pdu.varbindsStart, pdu.varbindsEnd).map((v) => v.oid)).toEqual(c.oids);

    // Our encoder, given the same msgID, request-id and salt, writes the very same message.
    const scoped = encodeScopedPdu(ENGINE, Buffer.from(c.creds.context ?? ''), {
      tag: c.tag as typeof PduTag.GetRequest,
      requestId: pdu.requestId,
      a: c.a ?? 0,
      b: c.b ?? 0,
      oids: c.oids,
    });
    const privParams = Buffer.from(m.privParams);
    const { buf: ours, macAt } = encodeV3Message(
      {
        msgId: m.msgId,
        flags: m.flags,
        engineId: ENGINE,
        boots: 0,
        time: 0,
        userName: Buffer.from(c.creds.user),
        macLength: auth?.macLength ?? 0,
        privParams,
      },
      priv
        ? { cipher: encrypt(priv, privKey!, 0, 0, privParams, scoped) }
        : { length: scoped.length, write: (b, at) => at + scoped.copy(b, at) },
    );
    if (auth) sign(auth, authKey!, ours, macAt);
    expect(ours.toString('hex')).toBe(c.hex);
  });

  it('sends the same engine discovery probe as snmpget (RFC 3414 §4)', () => {
    const captured = decodeV3Message(Buffer.from(PROBE, 'hex'));
    const ours = new UsmSession(CAPTURES[0]!.creds).encodeDiscovery(captured.msgId);
    // snmpget's probe has its own request-id; ours reuses the msgID.
    const expected = PROBE.replace('3e9ecd29', captured.msgId.toString(16).padStart(8, '0'));
    expect(ours.toString('hex')).toBe(expected);
  });
});

const USM_STAT = (n: number, value = 1) =>
  Buffer.concat([oidTlv(`1.3.6.1.6.3.15.1.1.${n}.0`), tlv(0x41, intTlv(value).subarray(2))]);

function accept(session: UsmSession, buf: Buffer, nowMs: number): UsmVerdict {
  return session.accept(buf, decodeV3Message(buf), nowMs);
}

const reasonOf = (v: UsmVerdict): { code?: number; message: string } | undefined =>
  v.kind === 'drop' ? v.reason : v.kind === 'fail' ? v.error : undefined;

describe('UsmSession', () => {
  const creds = v3('fwuser', 'sha', 'fleetward-auth-key', 'aes', 'fleetward-priv-key');
  const learned = (c: SnmpV3Credentials = creds, boots = 5, time = 1000) => {
    const s = new UsmSession(c);
    s.learnEngine(ENGINE, boots, time, 65507, 0);
    return s;
  };

  it.each<[string, SnmpV3Credentials]>([
    ['SHA + AES-128', creds],
    ['MD5 + DES', v3('fwmd5', 'md5', 'md5-auth-key-123', 'des', 'des-priv-key-123')],
    ['SHA-512 + AES-256 Reeder', v3('fw512', 'sha512', 'sha512-auth-key-1', 'aes256r', 'aes-priv-key-1234')],
    ['SHA-224 authNoPriv', { ...creds, level: 'authNoPriv', authProtocol: 'sha224' }],
    ['noAuthNoPriv', { version: '3', user: 'fwnoauth', level: 'noAuthNoPriv' }],
  ])('accepts an authentic %s answer and hands its scoped PDU on', (_label, c) => {
    const v = accept(learned(c), v3Answer(c), 0);
    expect(v.kind).toBe('response');
    if (v.kind !== 'response') return;
    const [vb] = decodeVarbinds(v.buf, v.pdu.varbindsStart, v.pdu.varbindsEnd);
    expect(vb).toMatchObject({ oid: SYS_NAME });
    expect(Buffer.from(vb!.value as Buffer).toString()).toBe('printer-7');
  });

  it('drops an answer whose digest does not match (a wrong key, or a forged or damaged answer), never trusts it', () => {
    const good = v3Answer(creds);
    const damaged = Buffer.from(good);
    damaged[damaged.length - 3]! ^= 0x40;
    const v = accept(learned(), damaged, 0);
    expect(v.kind).toBe('drop');
    expect(reasonOf(v)).toMatchObject({ code: INVALID.EAuthFailure, message: expect.stringMatching(/digest/) });
    const otherKey = v3Answer({ ...creds, authKey: 'another-auth-key' });
    expect(accept(learned(), otherKey, 0).kind).toBe('drop');
  });

  it('refuses answers outside the time window: 150 s behind, another boots, a replay after the clock moved on', () => {
    const s = learned(creds, 5, 1000);
    // Discovery's values are not authenticated: the first authentic answer sets the notion (RFC 3414 §3.2 7b).
    expect(accept(s, v3Answer(creds, { time: 1000 }), 0).kind).toBe('response');
    expect(accept(s, v3Answer(creds, { time: 1000 - 150 }), 0).kind).toBe('response'); // on the edge: inside
    const late = accept(s, v3Answer(creds, { time: 1000 - 151 }), 0);
    expect(late.kind).toBe('drop');
    expect(reasonOf(late)).toMatchObject({ code: INVALID.ENotInTimeWindow });
    expect(accept(s, v3Answer(creds, { boots: 4, time: 5000 }), 0).kind).toBe('drop');
    // An authentic answer moves the notion forward; a message recorded before then is now too old.
    expect(accept(s, v3Answer(creds, { time: 1300 }), 0).kind).toBe('response');
    expect(accept(s, v3Answer(creds, { time: 1100 }), 0).kind).toBe('drop');
    // Ten minutes later (local clock), the agent's time moved on with ours: its answers are in the window.
    expect(accept(s, v3Answer(creds, { time: 1900 }), 600_000).kind).toBe('response');
    expect(accept(s, v3Answer(creds, { time: 1300 }), 600_000).kind).toBe('drop');
    // A reboot seen in an authentic message (boots up, time small) is taken.
    expect(accept(s, v3Answer(creds, { boots: 6, time: 3 }), 600_000).kind).toBe('response');
    expect(s.notion(610_000)).toEqual({ boots: 6, time: 13 });
  });

  it('keeps its notion of the engine time with the local clock, wrapping time into boots (RFC 3414 §2.2.2)', () => {
    const s = learned(creds, 7, 100);
    expect(s.notion(0)).toEqual({ boots: 7, time: 100 });
    expect(s.notion(10_999)).toEqual({ boots: 7, time: 110 });
    s.learnEngine(ENGINE, 7, 2147483640, 65507, 0);
    expect(s.notion(20_000)).toEqual({ boots: 8, time: 12 });
  });

  it('drops answers below the security level of the request, encrypted answers it cannot read, non-USM ones', () => {
    const s = learned();
    const plain = v3Answer(creds, { flags: 0 });
    expect(accept(s, plain, 0)).toMatchObject({ kind: 'drop' });
    const authOnly = v3Answer({ ...creds, level: 'authNoPriv' });
    expect(accept(s, authOnly, 0)).toMatchObject({ kind: 'drop' });
    expect(accept(s, v3Answer(creds, { securityModel: 2 }), 0)).toMatchObject({ kind: 'drop' });
    expect(accept(s, v3Answer(creds, { flags: MsgFlags.Priv }), 0)).toMatchObject({ kind: 'drop' });
    // An authenticated answer under another engine ID cannot be checked: dropped.
    const other = Buffer.from('80001f8880ffffffffffffffff', 'hex');
    expect(accept(s, v3Answer(creds, { engineId: other }), 0)).toMatchObject({ kind: 'drop' });
  });

  it('fails (does not drop) an authentic answer that does not decrypt: the privacy keys differ', () => {
    const v = accept(learned(), v3Answer(creds, { privKeyOf: { ...creds, privKey: 'other-priv-key' } }), 0);
    expect(v.kind).toBe('fail');
    expect(reasonOf(v)).toMatchObject({ code: INVALID.ECouldNotDecrypt });
  });

  it('reads Reports: unauthenticated usmStats, and an authentic notInTimeWindow with the new boots', () => {
    const s = learned();
    const unknownUser = v3Answer(creds, { flags: 0, pduTag: PduTag.Report, varbinds: [USM_STAT(3)] });
    expect(accept(s, unknownUser, 0)).toMatchObject({
      kind: 'report',
      oid: '1.3.6.1.6.3.15.1.1.3.0',
      authentic: false,
    });
    const reboot = v3Answer(creds, {
      flags: MsgFlags.Auth,
      pduTag: PduTag.Report,
      boots: 6,
      time: 2,
      varbinds: [USM_STAT(2)],
    });
    expect(accept(s, reboot, 0)).toMatchObject({ kind: 'report', authentic: true, boots: 6, time: 2 });
    expect(usmStatOf('1.3.6.1.6.3.15.1.1.2.0')).toBe('2');
    expect(usmStatOf('1.3.6.1.6.3.15.1.1.9.0')).toBeNull();
    expect(usmStatOf('1.3.6.1.6.3.11.2.1.3.0')).toBeNull();
  });

  it.each<[string, SnmpV3Credentials, number]>([
    ['authPriv', creds, 0x07],
    ['authNoPriv', { ...creds, level: 'authNoPriv' }, 0x05],
    ['noAuthNoPriv', { ...creds, level: 'noAuthNoPriv' }, 0x04],
  ])('encodes %s requests the agent can check, with the current engine time and a fresh salt', (_l, c, flags) => {
    const s = learned(c, 9, 5000);
    const pdu = { tag: PduTag.GetRequest, requestId: 77, a: 0, b: 0, oids: [SYS_NAME] } as const;
    const one = s.encodeRequest(77, pdu, 42_000);
    const two = s.encodeRequest(78, { ...pdu, requestId: 78 }, 42_000);
    const m = decodeV3Message(one);
    expect(m).toMatchObject({ msgId: 77, flags, boots: 9, time: 5042, maxSize: 65507 });
    const { auth, priv, authKey, privKey } = keysOf(c);
    if (auth) expect(verify(auth, authKey!, one, m.macAt, m.macLength)).toBe(true);
    else expect(m.macLength).toBe(0);
    const data = one.subarray(m.dataStart, m.dataEnd);
    const plain = priv ? decrypt(priv, privKey!, m.boots, m.time, m.privParams, data) : data;
    const scoped = decodeScopedPdu(plain, 0, plain.length, false);
    expect(scoped).toMatchObject({ pduTag: PduTag.GetRequest, requestId: 77 });
    expect(scoped.contextEngineId).toEqual(ENGINE);
    if (priv) {
      expect(m.privParams.length).toBe(8);
      expect(decodeV3Message(two).privParams).not.toEqual(m.privParams);
    }
  });

  it('pads DES plaintext to whole blocks and reads it back past the padding', () => {
    const des = v3('fwmd5', 'md5', 'md5-auth-key-123', 'des', 'des-priv-key-123');
    const s = learned(des);
    const buf = s.encodeRequest(
      5,
      { tag: PduTag.GetRequest, requestId: 5, a: 0, b: 0, oids: [SYS_NAME, '1.3.6.1.2.1.1.1.0'] },
      0,
    );
    const m = decodeV3Message(buf);
    const { priv, privKey } = keysOf(des);
    expect((m.dataEnd - m.dataStart) % 8).toBe(0);
    const plain = decrypt(priv!, privKey!, m.boots, m.time, m.privParams, buf.subarray(m.dataStart, m.dataEnd));
    const scoped = decodeScopedPdu(plain, 0, plain.length, true);
    expect(decodeVarbinds(plain, scoped.varbindsStart, scoped.varbindsEnd)).toHaveLength(2);
    expect(() => decodeScopedPdu(plain, 0, plain.length, false)).toThrow(/after it/);
  });

  it('never repeats a salt', () => {
    const a = Buffer.alloc(8);
    const b = Buffer.alloc(8);
    nextSalt(a, 0);
    nextSalt(b, 0);
    expect(a).not.toEqual(b);
    expect(b.readBigUInt64BE() - a.readBigUInt64BE()).toBe(1n);
  });

  it('refuses malformed messages with a clear reason', () => {
    const good = v3Answer(creds);
    expect(() => decodeV3Message(good.subarray(0, good.length - 2))).toThrow();
    const lowMax = v3Message({
      msgId: 1,
      maxSize: 100,
      flags: 0,
      engineId: ENGINE,
      boots: 0,
      time: 0,
      user: '',
      data: scopedPdu({ contextEngineId: ENGINE, requestId: 1, varbinds: [] }),
    });
    expect(() => decodeV3Message(lowMax)).toThrow(/msgMaxSize/);
    const trailing = Buffer.concat([good, Buffer.from([0])]);
    expect(() => decodeV3Message(trailing)).toThrow();
  });
});
