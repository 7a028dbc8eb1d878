import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { oidTlv, responseMessage, tlv } from '../../testing/ber-builder';
import { decodeHeader, decodeVarbinds } from './ber';
import { createSnmpClient } from './snmp-client';
import { SnmpUdpEngine } from './udp-engine';

// A scriptable agent on real UDP (127.27.1.x, port 0) in front of the engine.
interface Request {
  requestId: number;
  pduTag: number;
  community: string;
  oids: string[];
  a: number;
  b: number;
  from: dgram.RemoteInfo;
}
type Reply = Buffer | null;

async function agent(address: string, answer: (req: Request, raw: Buffer) => Reply | Reply[]) {
  const socket = dgram.createSocket('udp4');
  const seen: Request[] = [];
  socket.on('message', (msg, from) => {
    const h = decodeHeader(msg);
    const req: Request = {
      requestId: h.requestId,
      pduTag: h.pduTag,
      community: msg.subarray(h.communityStart, h.communityEnd).toString(),
      oids: decodeVarbinds(msg, h.varbindsStart, h.varbindsEnd).map((v) => v.oid),
      a: h.errorStatus,
      b: h.errorIndex,
      from,
    };
    seen.push(req);
    const out = answer(req, msg);
    for (const r of Array.isArray(out) ? out : [out]) if (r) socket.send(r, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return { port: socket.address().port, seen, socket, close: () => socket.close() };
}

/** An answer with each requested OID holding an OCTET STRING of its own name. */
const echo = (req: Request, over: Partial<Parameters<typeof responseMessage>[0]> = {}): Buffer =>
  responseMessage({
    requestId: req.requestId,
    community: req.community,
    varbinds: req.oids.map((o) => Buffer.concat([oidTlv(o), tlv(0x04, Buffer.from(o))])),
    ...over,
  });

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(options: ConstructorParameters<typeof SnmpUdpEngine>[0] = {}) {
  const engine = new SnmpUdpEngine(options);
  cleanups.push(() => engine.close());
  const client = (port: number, over: { timeoutMs?: number; retries?: number; version?: '1' | '2c' } = {}) => {
    const c = createSnmpClient({
      host: '127.27.1.1',
      port,
      credentials: { version: over.version ?? '2c', community: 'fw' },
      timeoutMs: over.timeoutMs ?? 1000,
      retries: over.retries ?? 0,
      sessionFactory: engine.sessionFactory,
    });
    cleanups.push(() => c.close());
    return c;
  };
  return { engine, client };
}

describe('SnmpUdpEngine over real UDP', () => {
  it('matches answers by request id when many requests to many devices are in flight at once', async () => {
    const agents = await Promise.all([1, 2, 3].map((n) => agent(`127.27.1.${n}`, (req) => echo(req))));
    for (const a of agents) cleanups.push(a.close);
    const { engine } = setup();
    const clients = agents.map((a, i) =>
      createSnmpClient({
        host: `127.27.1.${i + 1}`,
        port: a.port,
        credentials: { version: '2c', community: 'fw' },
        sessionFactory: engine.sessionFactory,
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => clients[i % 3]!.get([`1.3.6.1.2.1.1.${i}.0`])),
    );
    results.forEach((r, i) => {
      expect(r[0]!.ok && Buffer.from(r[0]!.varbind.value as Buffer).toString()).toBe(`1.3.6.1.2.1.1.${i}.0`);
    });
    expect(agents.map((a) => a.seen.length)).toEqual([20, 20, 20]);
    expect(new Set(agents.flatMap((a) => a.seen.map((s) => s.from.port))).size).toBe(1); // one socket
    for (const c of clients) c.close();
  });

  it('sends GETBULK with non-repeaters and max-repetitions and shapes the answer per column like net-snmp', async () => {
    const a = await agent('127.27.1.1', (req) =>
      responseMessage({
        requestId: req.requestId,
        community: req.community,
        varbinds: [
          Buffer.concat([oidTlv('1.3.6.1.2.1.1.3.0'), tlv(0x43, [0x10])]),
          Buffer.concat([oidTlv('1.3.6.1.2.1.43.11.1.1.9.1.1'), tlv(0x02, [0x50])]),
          Buffer.concat([oidTlv('1.3.6.1.2.1.43.11.1.1.6.1.1'), tlv(0x04, Buffer.from('Black'))]),
          Buffer.concat([oidTlv('1.3.6.1.2.1.43.11.1.1.9.1.2'), tlv(0x02, [0xfe])]),
          Buffer.concat([oidTlv('1.3.6.1.2.1.43.11.1.1.6.1.2'), tlv(0x04, Buffer.from('Cyan'))]),
        ],
      }),
    );
    cleanups.push(a.close);
    const { client } = setup();
    const r = await client(a.port).getBulk(
      ['1.3.6.1.2.1.1.3', '1.3.6.1.2.1.43.11.1.1.9', '1.3.6.1.2.1.43.11.1.1.6'],
      1,
      2,
    );
    expect(a.seen[0]).toMatchObject({ pduTag: 0xa5, a: 1, b: 2 });
    expect(r.map((col) => col.map((v) => v.value))).toEqual([
      [16],
      [80, -2],
      [Buffer.from('Black'), Buffer.from('Cyan')],
    ]);
  });

  it('retries a lost request with the same id and times out only after the last try (injected clock)', async () => {
    let now = 0;
    const a = await agent('127.27.1.1', () => null); // never answers
    cleanups.push(a.close);
    const { engine, client } = setup({ now: () => now, tickMs: 10, stallMs: Number.POSITIVE_INFINITY });
    const c = client(a.port, { timeoutMs: 500, retries: 2 });
    let settled: unknown = null;
    const p = c.get(['1.3.6.1.2.1.1.5.0']).catch((e: unknown) => (settled = e));
    await until(() => a.seen.length === 1);
    now = 499;
    engine.tick();
    expect(a.seen).toHaveLength(1);
    now = 500;
    engine.tick();
    await until(() => a.seen.length === 2);
    now = 1000;
    engine.tick();
    await until(() => a.seen.length === 3);
    expect(new Set(a.seen.map((s) => s.requestId)).size).toBe(1);
    expect(settled).toBeNull();
    now = 1500;
    engine.tick();
    await p;
    expect(settled).toMatchObject({ code: 'timeout' });
    expect(engine.outstanding).toBe(0);
  });

  it('after an event-loop stall reads the answers that arrived before firing timeouts (injected clock)', async () => {
    let now = 0;
    const held: Request[] = [];
    const a = await agent('127.27.1.1', (req) => {
      held.push(req);
      return null;
    });
    cleanups.push(a.close);
    const { engine, client } = setup({ now: () => now, stallMs: 100 });
    const p = client(a.port, { timeoutMs: 500 }).get(['1.3.6.1.2.1.1.5.0']);
    await until(() => held.length === 1);
    engine.tick();
    // The loop was blocked for 2 s and the answer came meanwhile: the first late tick lets it be read first.
    a.socket.send(echo(held[0]!), held[0]!.from.port, held[0]!.from.address);
    now = 2000;
    const r = await p;
    expect(r[0]).toMatchObject({ ok: true });
    // A second late tick in a row does fire: a loop that stays busy still times requests out.
    const q = client(a.port, { timeoutMs: 500 }).get(['1.3.6.1.2.1.1.6.0']);
    await until(() => held.length === 2);
    now = 4000;
    engine.tick();
    now = 6000;
    engine.tick();
    await expect(q).rejects.toMatchObject({ code: 'timeout' });
  });

  it('ignores an answer with the right request id from another address or port', async () => {
    let now = 0;
    const other = await agent('127.27.1.2', () => null);
    cleanups.push(other.close);
    const a = await agent('127.27.1.1', (req) => {
      // The answer comes from the other socket, as a spoofer on the network would send it.
      other.socket.send(echo(req), req.from.port, req.from.address);
      return null;
    });
    cleanups.push(a.close);
    const { engine, client } = setup({ now: () => now, stallMs: Number.POSITIVE_INFINITY });
    const p = client(a.port, { timeoutMs: 300 }).get(['1.3.6.1.2.1.1.5.0']);
    await until(() => a.seen.length === 1);
    await new Promise((r) => setTimeout(r, 50)); // the spoofed answer has arrived (loopback)
    now = 300;
    engine.tick();
    await expect(p).rejects.toMatchObject({ code: 'timeout' });
  });

  it('reports an answer it cannot decode as malformed, never as values', async () => {
    const a = await agent('127.27.1.1', (req) =>
      responseMessage({
        requestId: req.requestId,
        community: req.community,
        varbinds: [Buffer.concat([oidTlv(req.oids[0]!), tlv(0x47, [1])])],
      }),
    );
    cleanups.push(a.close);
    const { client } = setup();
    await expect(client(a.port).get(['1.3.6.1.2.1.1.5.0'])).rejects.toMatchObject({
      code: 'malformedResponse',
      message: expect.stringMatching(/unknown value type 0x47/),
    });
  });

  it('reports a datagram without a readable header as malformed when the request then times out', async () => {
    let now = 0;
    const a = await agent('127.27.1.1', () => Buffer.from('30820400', 'hex'));
    cleanups.push(a.close);
    const { engine, client } = setup({ now: () => now, stallMs: Number.POSITIVE_INFINITY });
    const p = client(a.port, { timeoutMs: 200 }).get(['1.3.6.1.2.1.1.5.0']);
    await until(() => a.seen.length === 1);
    await new Promise((r) => setTimeout(r, 50));
    now = 200;
    engine.tick();
    await expect(p).rejects.toMatchObject({ code: 'malformedResponse' });
  });

  it('rejects an answer with another community, a wrong varbind count, or a Report PDU', async () => {
    const replies = [
      (req: Request) => echo(req, { community: 'other' }),
      (req: Request) => echo(req, { varbinds: [] }),
      (req: Request) => echo(req, { pduTag: 0xa8 }),
    ];
    let n = 0;
    const a = await agent('127.27.1.1', (req) => replies[n++]!(req));
    cleanups.push(a.close);
    const { client } = setup();
    const c = client(a.port);
    await expect(c.get(['1.3.6.1.2.1.1.5.0'])).rejects.toMatchObject({ message: expect.stringMatching(/Community/) });
    await expect(c.get(['1.3.6.1.2.1.1.5.0'])).rejects.toMatchObject({ code: 'malformedResponse' });
    await expect(c.get(['1.3.6.1.2.1.1.5.0'])).rejects.toMatchObject({ message: expect.stringMatching(/Report/) });
  });

  it('turns error-status into the named errors (v1 noSuchName: the other OIDs still come back)', async () => {
    const a = await agent('127.27.1.1', (req) =>
      req.oids.includes('1.3.6.1.2.1.1.99.0')
        ? echo(req, { errorStatus: 2, errorIndex: req.oids.indexOf('1.3.6.1.2.1.1.99.0') + 1, version: 0 })
        : echo(req, { version: 0 }),
    );
    cleanups.push(a.close);
    const { client } = setup();
    const r = await client(a.port, { version: '1' }).get(['1.3.6.1.2.1.1.99.0', '1.3.6.1.2.1.1.5.0']);
    expect(r.map((x) => (x.ok ? 'ok' : x.error))).toEqual(['noSuchName', 'ok']);
    expect(a.seen.map((s) => s.oids.length)).toEqual([2, 1]);
  });

  it('keeps at most maxInFlight requests on the wire and sends the rest as answers come back', async () => {
    let outstanding = 0;
    let most = 0;
    const held: Request[] = [];
    const a = await agent('127.27.1.1', (req) => {
      outstanding++;
      most = Math.max(most, outstanding);
      held.push(req);
      return null;
    });
    cleanups.push(a.close);
    const { engine, client } = setup({ maxInFlight: 3 });
    const c = client(a.port, { timeoutMs: 5000 });
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => c.get([`1.3.6.1.2.1.1.${i}.0`])));
    const release = async () => {
      while (a.seen.length < 10 || held.length > 0) {
        await until(() => held.length > 0);
        const req = held.shift()!;
        outstanding--;
        a.socket.send(echo(req), req.from.port, req.from.address);
      }
    };
    await Promise.all([all, release()]);
    expect(most).toBe(3);
    expect(engine.outstanding).toBe(0);
  });

  it('fails the requests of a closed session and of a closed engine instead of leaving them hanging', async () => {
    const a = await agent('127.27.1.1', () => null);
    cleanups.push(a.close);
    const { engine, client } = setup();
    const p = client(a.port, { timeoutMs: 60_000 }).walk('1.3.6.1.2.1.43');
    await until(() => a.seen.length === 1);
    engine.close();
    await expect(p).rejects.toMatchObject({ code: 'error', message: expect.stringMatching(/was closed/) });
  });
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}
