import type { SnmpAuthProtocol, SnmpCredentials, SnmpPrivProtocol, SnmpV3Credentials } from '@fleetward/contracts';
import { createCipheriv, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scopedPdu, v3Message } from '../../testing/ber-builder';
import { type RunningSnmpd, snmpdAvailable, type SnmpdUser, startSnmpd } from '../../testing/snmpd';
import { usmReport, v3Answer } from '../../testing/usm-agent';
import { createSnmpClient } from './snmp-client';
import { type SnmpClient, SnmpType, type SnmpVarbind } from './snmp.types';
import { SnmpUdpEngine } from './udp-engine';
import { decodeV3Message, type V3Message } from './usm';

function desAvailable(): boolean {
  try {
    createCipheriv('des-cbc', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}

const missing = snmpdAvailable();
if (missing) console.log(`skipped: SNMPv3 engine integration tests need ${missing}`);

const ADDRESS = '127.3.1.1';
const PORT = 16171;
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const ENGINE_ID = '1.3.6.1.6.3.10.2.1.1.0';
const ENGINE_BOOTS = '1.3.6.1.6.3.10.2.1.2.0';

const AUTH: [SnmpAuthProtocol, NonNullable<SnmpdUser['auth']>['protocol']][] = [
  ['md5', 'MD5'],
  ['sha', 'SHA'],
  ['sha224', 'SHA-224'],
  ['sha256', 'SHA-256'],
  ['sha384', 'SHA-384'],
  ['sha512', 'SHA-512'],
];
const PRIV: [SnmpPrivProtocol | null, NonNullable<SnmpdUser['priv']>['protocol'] | null][] = [
  [null, null],
  ['des', 'DES'],
  ['aes', 'AES'],
  ['aes256b', 'AES-256'],
  ['aes256r', 'AES-256-C'],
];

/** Every auth × priv combination net-snmp supports, plus noAuthNoPriv: one snmpd user and our credentials each. */
const COMBOS: { label: string; user: SnmpdUser; creds: SnmpV3Credentials }[] = [
  {
    label: 'noAuthNoPriv',
    user: { name: 'fw-noauth' },
    creds: { version: '3', user: 'fw-noauth', level: 'noAuthNoPriv' },
  },
  ...AUTH.flatMap(([auth, snmpdAuth]) =>
    PRIV.map(([priv, snmpdPriv]) => {
      const name = `fw-${auth}-${priv ?? 'nopriv'}`;
      const authKey = `${auth}-auth-pass`;
      const privKey = `${priv ?? 'x'}-priv-pass`;
      return {
        label: `${snmpdAuth} ${snmpdPriv ?? 'authNoPriv'}`,
        user: {
          name,
          auth: { protocol: snmpdAuth, key: authKey },
          ...(snmpdPriv ? { priv: { protocol: snmpdPriv, key: privKey } } : {}),
        },
        creds: {
          version: '3',
          user: name,
          level: priv ? 'authPriv' : 'authNoPriv',
          authProtocol: auth,
          authKey,
          ...(priv ? { privProtocol: priv, privKey } : {}),
        } satisfies SnmpV3Credentials,
      };
    }),
  ),
];

/** Values that move between two reads: uptime and counters, and snmpEngineTime (an INTEGER of seconds). */
const volatile = (v: SnmpVarbind): SnmpVarbind =>
  v.type === SnmpType.TimeTicks ||
  v.type === SnmpType.Counter ||
  v.type === SnmpType.Counter64 ||
  v.oid === '1.3.6.1.6.3.10.2.1.3.0'
    ? { ...v, value: 0 }
    : v;

describe.skipIf(missing !== null)('SNMPv3 on the request engine against Net-SNMP snmpd (real UDP)', () => {
  let snmpd: RunningSnmpd;
  let engine: SnmpUdpEngine;
  const clients: SnmpClient[] = [];
  const client = (credentials: SnmpCredentials, over: { onEngine?: boolean; timeoutMs?: number } = {}) => {
    const c = createSnmpClient({
      host: ADDRESS,
      port: PORT,
      credentials,
      timeoutMs: over.timeoutMs ?? 1500,
      retries: 1,
      ...(over.onEngine === false ? {} : { sessionFactory: engine.sessionFactory }),
    });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    snmpd = await startSnmpd({
      address: ADDRESS,
      port: PORT,
      community: 'fwtest',
      users: [...COMBOS.map((c) => c.user), { name: 'fw-authonly', auth: { protocol: 'SHA', key: 'auth-only-pass' } }],
    });
    engine = new SnmpUdpEngine();
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    engine?.close();
    await snmpd?.stop();
  });

  it.each(COMBOS)('$label: GET, GETNEXT and GETBULK walks read exactly what net-snmp reads', async ({ creds }) => {
    const ours = client(creds);
    if (creds.privProtocol === 'des' && !desAvailable()) {
      await expect(ours.get([SYS_NAME])).rejects.toThrow(/legacy provider/);
      return;
    }
    const theirs = client(creds, { onEngine: false });
    const before = engine.stats.v3Discoveries;
    const oids = [SYS_NAME, '1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.99.0'];
    expect(await ours.get(oids)).toEqual(await theirs.get(oids));
    expect(await ours.getNext(['1.3.6.1.2.1.1.4', '1.3.6.1.2.1.1.5'])).toEqual(
      await theirs.getNext(['1.3.6.1.2.1.1.4', '1.3.6.1.2.1.1.5']),
    );
    const columns = ['1.3.6.1.2.1.1', '1.3.6.1.6.3.10.2.1', '1.3.6.1.2.1.2.2.1.2'];
    const a = await ours.walkColumns(columns, { maxRows: 200 });
    const b = await theirs.walkColumns(columns, { maxRows: 200 });
    for (const col of columns) expect(a.get(col)!.map(volatile), col).toEqual(b.get(col)!.map(volatile));
    expect(a.get('1.3.6.1.2.1.1')!.length).toBeGreaterThan(5);
    expect(engine.stats.v3Discoveries - before).toBe(1); // once for the session, however many requests
  });

  it('discovers the engine once for requests sent together, and carries them all', async () => {
    const c = client(COMBOS.find((x) => x.creds.privProtocol === 'aes' && x.creds.authProtocol === 'sha')!.creds);
    const before = engine.stats.v3Discoveries;
    const results = await Promise.all(Array.from({ length: 12 }, () => c.get([SYS_NAME])));
    expect(results.every((r) => r[0]!.ok)).toBe(true);
    expect(engine.stats.v3Discoveries - before).toBe(1);
  });

  const shaAes = (over: Partial<SnmpV3Credentials> = {}): SnmpV3Credentials => ({
    ...COMBOS.find((x) => x.creds.privProtocol === 'aes' && x.creds.authProtocol === 'sha')!.creds,
    ...over,
  });

  it('reports an unknown user precisely', async () => {
    await expect(client(shaAes({ user: 'nobody' })).get([SYS_NAME])).rejects.toMatchObject({ code: 'unknownUser' });
  });

  it('reports a wrong authentication key precisely (the agent answers usmStatsWrongDigests)', async () => {
    await expect(client(shaAes({ authKey: 'wrong-auth-pass' })).get([SYS_NAME])).rejects.toMatchObject({
      code: 'wrongAuthentication',
    });
  });

  it('reports a wrong privacy key as a decryption error (snmpd drops what it cannot decrypt)', async () => {
    await expect(
      client(shaAes({ privKey: 'wrong-priv-pass' }), { timeoutMs: 400 }).get([SYS_NAME]),
    ).rejects.toMatchObject({ code: 'decryptionError' });
  });

  it('reports a wrong privacy protocol as a decryption error too', async () => {
    await expect(client(shaAes({ privProtocol: 'aes256b' }), { timeoutMs: 400 }).get([SYS_NAME])).rejects.toMatchObject(
      { code: 'decryptionError' },
    );
  });

  it('reports a security level the user does not have (usmStatsUnsupportedSecLevels)', async () => {
    const c = client({
      version: '3',
      user: 'fw-authonly',
      level: 'authPriv',
      authProtocol: 'sha',
      authKey: 'auth-only-pass',
      privProtocol: 'aes',
      privKey: 'some-priv-pass',
    });
    await expect(c.get([SYS_NAME])).rejects.toMatchObject({ code: 'unsupportedSecurityLevel' });
  });

  it('reports a dead port as a timeout, never an empty result', async () => {
    const c = createSnmpClient({
      host: ADDRESS,
      port: PORT + 1,
      credentials: shaAes(),
      timeoutMs: 200,
      retries: 0,
      sessionFactory: engine.sessionFactory,
    });
    clients.push(c);
    await expect(c.get([SYS_NAME])).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe.skipIf(missing !== null)('SNMPv3 engine re-sync against a restarted snmpd (real UDP)', () => {
  let snmpd: RunningSnmpd;
  const FIRST_ENGINE = '0x80001f8880fa11ed0001';
  const creds: SnmpV3Credentials = {
    version: '3',
    user: 'fw-reboot',
    level: 'authPriv',
    authProtocol: 'sha256',
    authKey: 'reboot-auth-pass',
    privProtocol: 'aes',
    privKey: 'reboot-priv-pass',
  };
  let offsetMs = 0;
  let engine: SnmpUdpEngine;
  let c: SnmpClient;
  const read = async (oid: string): Promise<unknown> => {
    const [r] = await c.get([oid]);
    if (!r?.ok) throw new Error(`${oid} not readable`);
    return r.varbind.value;
  };

  beforeAll(async () => {
    snmpd = await startSnmpd({
      address: ADDRESS,
      port: PORT + 2,
      community: 'fwtest',
      engineId: FIRST_ENGINE,
      users: [
        {
          name: 'fw-reboot',
          auth: { protocol: 'SHA-256', key: 'reboot-auth-pass' },
          priv: { protocol: 'AES', key: 'reboot-priv-pass' },
        },
      ],
    });
    // The engine's clock, which the test moves forward instead of waiting.
    engine = new SnmpUdpEngine({ now: () => performance.now() + offsetMs });
    c = createSnmpClient({
      host: ADDRESS,
      port: PORT + 2,
      credentials: creds,
      timeoutMs: 1500,
      retries: 1,
      sessionFactory: engine.sessionFactory,
    });
  });

  afterAll(async () => {
    c?.close();
    engine?.close();
    await snmpd?.stop();
  });

  it('goes on after the agent rebooted (boots up: a notInTimeWindow report, re-sync, sent again once)', async () => {
    const boots = (await read(ENGINE_BOOTS)) as number;
    const before = engine.stats;
    await snmpd.restart();
    expect(await read(ENGINE_BOOTS)).toBe(boots + 1);
    const after = engine.stats;
    expect(after.v3Resyncs - before.v3Resyncs).toBe(1);
    expect(after.v3Discoveries - before.v3Discoveries).toBe(0); // same engine: no new discovery
  });

  it('goes on when our notion of the agent time drifted past the window (re-sync from the report)', async () => {
    await read(SYS_NAME);
    const before = engine.stats.v3Resyncs;
    offsetMs += 400_000; // 400 s later for us, not for snmpd: our requests carry a time 400 s ahead
    expect(Buffer.from((await read(SYS_NAME)) as Buffer).toString()).toBe('fw-snmpd');
    expect(engine.stats.v3Resyncs - before).toBe(1);
    // In sync again: the next request goes through without a report.
    await read(SYS_NAME);
    expect(engine.stats.v3Resyncs - before).toBe(1);
  });

  it('learns the new snmpEngineID when the agent is reinstalled under another one', async () => {
    const before = engine.stats.v3Resyncs;
    await snmpd.restart({ engineId: '0x80001f8880fa11ed0002', forgetState: true });
    expect(Buffer.from((await read(ENGINE_ID)) as Buffer).toString('hex')).toBe('80001f8880fa11ed0002');
    expect(engine.stats.v3Resyncs - before).toBeGreaterThanOrEqual(1);
  });
});

/** A scriptable SNMPv3 "agent" on real UDP that answers each datagram with whatever `answer` builds. */
async function v3Agent(address: string, answer: (msgId: number, n: number, m: V3Message) => Buffer | null) {
  const socket = dgram.createSocket('udp4');
  let n = 0;
  socket.on('message', (msg, from) => {
    const m = decodeV3Message(msg);
    const out = answer(m.msgId, n++, m);
    if (out) socket.send(out, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return { port: socket.address().port, received: () => n, close: () => socket.close() };
}

describe('SNMPv3 engine against scripted agents (real UDP)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  const CREDS: SnmpV3Credentials = {
    version: '3',
    user: 'fwuser',
    level: 'authPriv',
    authProtocol: 'sha',
    authKey: 'fleetward-auth-key',
    privProtocol: 'aes',
    privKey: 'fleetward-priv-key',
  };
  const setup = async (answer: (msgId: number, n: number, m: V3Message) => Buffer | null) => {
    const agent = await v3Agent('127.27.3.1', answer);
    const engine = new SnmpUdpEngine();
    const c = createSnmpClient({
      host: '127.27.3.1',
      port: agent.port,
      credentials: CREDS,
      timeoutMs: 300,
      retries: 0,
      sessionFactory: engine.sessionFactory,
    });
    cleanups.push(
      agent.close,
      () => engine.close(),
      () => c.close(),
    );
    return { agent, engine, c };
  };

  it('reports unknownEngineId when the agent keeps naming another engine (no endless re-discovery)', async () => {
    const { agent, c } = await setup((msgId) => usmReport(msgId, randomBytes(12), 4));
    await expect(c.get([SYS_NAME])).rejects.toMatchObject({ code: 'unknownEngineId' });
    expect(agent.received()).toBe(3); // discovery, request, the one resend under the new engine ID
  });

  it('learns a new snmpEngineID from an unknownEngineIDs report and sends the request again under it', async () => {
    const first = randomBytes(12);
    const second = randomBytes(12);
    const sentTo: string[] = [];
    const { engine, c } = await setup((msgId, n, m) => {
      sentTo.push(m.engineId.toString('hex'));
      if (n === 0) return usmReport(msgId, first, 4); // discovery
      if (n === 1) return usmReport(msgId, second, 4, 2, 7); // the agent was reinstalled meanwhile
      return v3Answer(CREDS, { msgId, engineId: second, boots: 2, time: 7 });
    });
    const [r] = await c.get([SYS_NAME]);
    expect(r!.ok && Buffer.from(r!.varbind.value as Buffer).toString()).toBe('printer-7');
    expect(sentTo).toEqual(['', first.toString('hex'), second.toString('hex')]);
    expect(engine.stats.v3Resyncs).toBe(1);
  });

  it("does not send a request larger than the agent's msgMaxSize: TooBig, so walks fall back to smaller ones", async () => {
    const id = randomBytes(12);
    const { agent, c } = await setup((msgId, n) =>
      n === 0 ? usmReport(msgId, id, 4, 1, 100, 484) : v3Answer(CREDS, { msgId, engineId: id, boots: 1, time: 100 }),
    );
    const [small] = await c.get([SYS_NAME]);
    expect(small!.ok).toBe(true);
    const many = Array.from({ length: 40 }, (_, i) => `1.3.6.1.2.1.43.11.1.1.6.1.${i + 1}`);
    await expect(c.getNext(many)).rejects.toMatchObject({ code: 'error', status: 'TooBig' });
    expect(agent.received()).toBe(2); // discovery and the small GET: the large one never left
  });

  it('reports notInTimeWindow when the agent still refuses after one re-sync', async () => {
    const id = randomBytes(12);
    const { agent, c } = await setup((msgId) => usmReport(msgId, id, 2, 3, 500));
    await expect(c.get([SYS_NAME])).rejects.toMatchObject({ code: 'notInTimeWindow' });
    expect(agent.received()).toBe(3);
  });

  it('drops an answer that fails authentication and says so when nothing better comes (not a timeout)', async () => {
    const id = randomBytes(12);
    const { engine, c } = await setup((msgId, n) => {
      if (n === 0) return usmReport(msgId, id, 4);
      // A Response that claims authPriv with a made-up digest.
      return v3Message({
        msgId,
        flags: 3,
        engineId: id,
        boots: 1,
        time: 100,
        user: 'fwuser',
        mac: randomBytes(12),
        privParams: randomBytes(8),
        data: randomBytes(40),
        encrypted: true,
      });
    });
    await expect(c.get([SYS_NAME])).rejects.toMatchObject({ code: 'wrongAuthentication' });
    expect(engine.stats.v3Dropped).toBe(1);
  });

  it('answers a discovery probe that got no Report with a clear error', async () => {
    const id = randomBytes(12);
    const { c } = await setup((msgId) =>
      v3Message({
        msgId,
        flags: 0,
        engineId: id,
        boots: 1,
        time: 1,
        user: '',
        data: scopedPdu({ contextEngineId: id, requestId: msgId, varbinds: [] }),
      }),
    );
    await expect(c.get([SYS_NAME])).rejects.toMatchObject({ code: 'malformedResponse' });
  });
});
