import { describe, expect, it } from 'vitest';
import { fakeSessionFactory, FakeSnmpSession, parseSnmprec } from '../../testing/fake-snmp-session';
import { createSnmpClient } from './snmp-client';
import { SnmpTimeoutError } from './snmp.errors';
import type { SnmpVarbind } from './snmp.types';

const REC = `1.3.6.1.2.1.1.1.0|4|Printer
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11
1.3.6.1.2.1.43.11.1.1.6.1.1|4|Black
1.3.6.1.2.1.43.11.1.1.6.1.2|4|Cyan
1.3.6.1.2.1.43.11.1.1.6.1.3|4|Magenta
1.3.6.1.2.1.43.11.1.1.9.1.1|2|10
1.3.6.1.2.1.43.11.1.1.9.1.2|2|20
1.3.6.1.2.1.43.11.1.1.9.1.3|2|30
1.3.6.1.2.1.43.12.1.1.4.1.1|4|black`;

describe('createSnmpClient', () => {
  it('returns a value or an error per OID (v2c)', async () => {
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: fakeSessionFactory(REC),
    });
    const r = await sut.get(['1.3.6.1.2.1.1.1.0', '.1.3.6.1.2.1.1.5.0']);
    expect(r[0]).toMatchObject({ ok: true, oid: '1.3.6.1.2.1.1.1.0' });
    expect(r[1]).toEqual({ oid: '1.3.6.1.2.1.1.5.0', ok: false, error: 'noSuchObject' });
  });

  it('on v1 retries a GET without the OID that answered noSuchName', async () => {
    const factory = fakeSessionFactory(REC);
    const sut = createSnmpClient({ host: 'h', credentials: { version: '1', community: 'c' }, sessionFactory: factory });
    const r = await sut.get(['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.1.0']);
    expect(r.map((x) => x.ok)).toEqual([false, true]);
    expect(r[0]).toMatchObject({ error: 'noSuchName' });
    expect(factory.sessions[0]!.requests.map((q) => q.oids.length)).toEqual([2, 1]);
  });

  it('walks several columns at once with GETBULK and stops each at the end of its subtree', async () => {
    const factory = fakeSessionFactory(REC);
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: factory,
      maxRepetitions: 2,
    });
    const cols = await sut.walkColumns(['1.3.6.1.2.1.43.11.1.1.6', '1.3.6.1.2.1.43.11.1.1.9']);
    expect(cols.get('1.3.6.1.2.1.43.11.1.1.6')!.map((v) => v.oid)).toEqual([
      '1.3.6.1.2.1.43.11.1.1.6.1.1',
      '1.3.6.1.2.1.43.11.1.1.6.1.2',
      '1.3.6.1.2.1.43.11.1.1.6.1.3',
    ]);
    expect(cols.get('1.3.6.1.2.1.43.11.1.1.9')!.map((v) => v.value)).toEqual([10, 20, 30]);
    expect(factory.sessions[0]!.requests.every((q) => q.op === 'getBulk')).toBe(true);
    expect(factory.sessions[0]!.requests).toHaveLength(2);
  });

  it('walks with GETNEXT on v1 until noSuchName at the end of the MIB', async () => {
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '1', community: 'c' },
      sessionFactory: fakeSessionFactory(REC),
    });
    const rows = await sut.walk('1.3.6.1.2.1.43.12');
    expect(rows.map((v) => v.oid)).toEqual(['1.3.6.1.2.1.43.12.1.1.4.1.1']);
  });

  it('halves max-repetitions when the agent answers tooBig', async () => {
    const data = parseSnmprec(REC);
    const session = new FakeSnmpSession(data);
    const seen: number[] = [];
    const original = session.getBulk.bind(session);
    session.getBulk = (oids, nr, maxRep, cb) => {
      seen.push(maxRep);
      if (maxRep > 2) return cb(Object.assign(new Error('TooBig'), { name: 'RequestFailedError', status: 1 }));
      return original(oids, nr, maxRep, cb);
    };
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: () => session,
      maxRepetitions: 8,
    });
    const rows = await sut.walk('1.3.6.1.2.1.43.11.1.1.9');
    expect(rows).toHaveLength(3);
    expect(seen.slice(0, 3)).toEqual([8, 4, 2]);
  });

  it('guards against agents whose walk goes backwards (loop)', async () => {
    const session = new FakeSnmpSession([]);
    session.getBulk = (oids, _nr, _max, cb) => cb(null, [[{ oid: oids[0]!, type: 2, value: 1 }]]);
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: () => session,
    });
    expect(await sut.walk('1.3.6.1.2.1.43')).toEqual([]);
  });

  it('rejects with a named error on timeout and refuses calls after close', async () => {
    const factory = fakeSessionFactory(REC, { timeoutPrefixes: ['1.3.6.1.2.1.1'] });
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: factory,
    });
    await expect(sut.get(['1.3.6.1.2.1.1.1.0'])).rejects.toBeInstanceOf(SnmpTimeoutError);
    sut.close();
    expect(factory.sessions[0]!.closed).toBe(true);
    await expect(sut.get(['1.3.6.1.2.1.43.11.1.1.6.1.1'])).rejects.toThrow(/closed/);
  });

  it('sends walks started in the same tick as one GETBULK; each caller gets only its own columns', async () => {
    const factory = fakeSessionFactory(REC);
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: factory,
    });
    const [a, b] = await Promise.all([
      sut.walkColumns(['1.3.6.1.2.1.43.11.1.1.6']),
      sut.walkColumns(['1.3.6.1.2.1.43.11.1.1.9', '1.3.6.1.2.1.43.12.1.1.4']),
    ]);
    expect([...a.keys()]).toEqual(['1.3.6.1.2.1.43.11.1.1.6']);
    expect(a.get('1.3.6.1.2.1.43.11.1.1.6')).toHaveLength(3);
    expect(b.get('1.3.6.1.2.1.43.11.1.1.9')!.map((v) => v.value)).toEqual([10, 20, 30]);
    expect(b.get('1.3.6.1.2.1.43.12.1.1.4')).toHaveLength(1);
    expect(factory.sessions[0]!.requests).toHaveLength(1);
  });

  it('asks a warm walk for the rows seen last time as one chained GETNEXT, with the same result', async () => {
    const factory = fakeSessionFactory(REC);
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: factory,
    });
    const columns = ['1.3.6.1.2.1.43.11.1.1.6', '1.3.6.1.2.1.43.11.1.1.9', '1.3.6.1.2.1.43.12.1.1.4'];
    const cold = await sut.walkColumns(columns);
    const requests = factory.sessions[0]!.requests;
    const coldRequests = requests.length;
    const warm = await sut.walkColumns(columns);
    expect(warm).toEqual(cold);
    expect(requests.slice(coldRequests)).toEqual([
      {
        op: 'getNext',
        oids: [
          '1.3.6.1.2.1.43.11.1.1.6',
          '1.3.6.1.2.1.43.11.1.1.6.1.1',
          '1.3.6.1.2.1.43.11.1.1.6.1.2',
          '1.3.6.1.2.1.43.11.1.1.6.1.3',
          '1.3.6.1.2.1.43.11.1.1.9',
          '1.3.6.1.2.1.43.11.1.1.9.1.1',
          '1.3.6.1.2.1.43.11.1.1.9.1.2',
          '1.3.6.1.2.1.43.11.1.1.9.1.3',
          '1.3.6.1.2.1.43.12.1.1.4',
          '1.3.6.1.2.1.43.12.1.1.4.1.1',
        ],
      },
    ]);
  });

  it('walks on from where the chain breaks when a table grew or shrank since the last walk', async () => {
    const data = parseSnmprec(REC);
    const session = new FakeSnmpSession(data);
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: () => session,
    });
    const level = '1.3.6.1.2.1.43.11.1.1.9';
    await sut.walkColumns([level, '1.3.6.1.2.1.43.11.1.1.6']);
    // Row 1.2 goes away, rows 1.4 and 1.5 appear (an alert table does this all the time).
    data.splice(
      data.findIndex((v) => v.oid === `${level}.1.2`),
      1,
    );
    const at = data.findIndex((v) => v.oid === `${level}.1.3`) + 1;
    data.splice(at, 0, { oid: `${level}.1.4`, type: 2, value: 40 }, { oid: `${level}.1.5`, type: 2, value: 50 });
    const grown = await sut.walkColumns([level, '1.3.6.1.2.1.43.11.1.1.6']);
    expect(grown.get(level)!.map((v) => v.oid.slice(level.length + 1))).toEqual(['1.1', '1.3', '1.4', '1.5']);
    expect(grown.get('1.3.6.1.2.1.43.11.1.1.6')).toHaveLength(3);
    const again = await sut.walkColumns([level]);
    expect(again.get(level)!.map((v) => v.value)).toEqual([10, 30, 40, 50]);
  });

  it('goes back to GETBULK sized from the rows seen last time when the agent refuses the chained GETNEXT', async () => {
    const data = parseSnmprec(REC);
    const session = new FakeSnmpSession(data);
    const seen: number[] = [];
    const original = session.getBulk.bind(session);
    session.getBulk = (oids, nr, maxRep, cb) => {
      seen.push(maxRep);
      return original(oids, nr, maxRep, cb);
    };
    let refused = 0;
    session.getNext = (_oids, cb) => {
      refused++;
      cb(Object.assign(new Error('TooBig'), { name: 'RequestFailedError', status: 1 }));
    };
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: () => session,
    });
    const cold = await sut.walk('1.3.6.1.2.1.43.11.1.1.9');
    const warm = await sut.walk('1.3.6.1.2.1.43.11.1.1.9');
    const third = await sut.walk('1.3.6.1.2.1.43.11.1.1.9');
    expect(warm).toEqual(cold);
    expect(third).toEqual(cold);
    expect(refused).toBe(1);
    expect(seen).toEqual([10, 4, 4]);
  });

  describe('readAll', () => {
    const GETS = ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.4.0'];
    const WALKS = [
      { columns: ['1.3.6.1.2.1.43.11.1.1.6', '1.3.6.1.2.1.43.11.1.1.9'], opts: {} },
      { columns: ['1.3.6.1.2.1.43.12.1.1.4'], opts: {} },
    ];
    const setup = () => {
      const session = new FakeSnmpSession(parseSnmprec(REC));
      const sut = createSnmpClient({
        host: 'h',
        credentials: { version: '2c', community: 'c' },
        sessionFactory: () => session,
      });
      return { session, sut };
    };
    const plain = async (sut: ReturnType<typeof createSnmpClient>) => ({
      gets: await sut.get(GETS),
      walks: await Promise.all(WALKS.map((w) => sut.walkColumns([...w.columns], w.opts))),
    });

    it('reads known GETs and walks in one GETNEXT with the results of a GET and walks', async () => {
      const { session, sut } = setup();
      const cold = await plain(sut);
      const before = session.requests.length;
      const warm = await sut.readAll!(GETS, WALKS);
      expect(session.requests.slice(before).map((r) => r.op)).toEqual(['getNext']);
      expect(GETS.map((o) => warm.gets.get(o))).toEqual(cold.gets);
      // sysContact is missing: proven by the successor of its parent, labelled as its last GET was.
      expect(warm.gets.get('1.3.6.1.2.1.1.4.0')).toEqual({
        oid: '1.3.6.1.2.1.1.4.0',
        ok: false,
        error: 'noSuchObject',
      });
      expect(warm.walks).toEqual(cold.walks);
    });

    it('reads an OID with a real GET when the GETNEXT of its parent cannot tell', async () => {
      const { session, sut } = setup();
      await plain(sut);
      // A lower row under the same parent answers the GETNEXT instead of the OID asked for.
      const data = (session as unknown as { data: SnmpVarbind[] }).data;
      data.splice(
        0,
        data.length,
        ...parseSnmprec(REC.replace('1.3.6.1.2.1.1.1.0|4|Printer', '1.3.6.1.2.1.1.1.0|4|Printer 2')),
      );
      const before = session.requests.length;
      const warm = await sut.readAll!(['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.1'], []);
      expect(session.requests.slice(before).map((r) => r.op)).toEqual(['getNext', 'get']);
      expect(warm.gets.get('1.3.6.1.2.1.1.1.0')).toMatchObject({ ok: true });
      expect(String((warm.gets.get('1.3.6.1.2.1.1.1.0') as { varbind: { value: Buffer } }).varbind.value)).toBe(
        'Printer 2',
      );
      expect(warm.gets.get('1.3.6.1.2.1.1.2.1')).toEqual({
        oid: '1.3.6.1.2.1.1.2.1',
        ok: false,
        error: 'noSuchObject',
      });
    });

    it('asks for the GET and the walks apart from then on when the agent refuses the one request (tooBig)', async () => {
      const { session, sut } = setup();
      const cold = await plain(sut);
      const original = session.getNext.bind(session);
      let refused = 0;
      session.getNext = (oids, cb) => {
        if (oids.length > 11) {
          refused++;
          return cb(Object.assign(new Error('TooBig'), { name: 'RequestFailedError', status: 1 }));
        }
        return original(oids, cb);
      };
      const warm = await sut.readAll!(GETS, WALKS);
      const again = await sut.readAll!(GETS, WALKS);
      expect(refused).toBe(1);
      for (const r of [warm, again]) {
        expect(GETS.map((o) => r.gets.get(o))).toEqual(cold.gets);
        expect(r.walks).toEqual(cold.walks);
      }
    });
  });

  it('keeps walking a column the agent left out of a cut-short answer', async () => {
    const data = parseSnmprec(REC);
    const session = new FakeSnmpSession(data);
    const original = session.getBulk.bind(session);
    // An agent that answers at most 2 varbinds.
    session.getBulk = (oids, nr, maxRep, cb) =>
      original(oids, nr, maxRep, (error, res) => {
        if (error || !res) return cb(error, res);
        let left = 2;
        const cut = res.map((r) => (Array.isArray(r) ? r : [r])).map((list) => list.filter(() => left-- > 0));
        return cb(
          null,
          cut.filter((l) => l.length > 0),
        );
      });
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: () => session,
    });
    const cols = await sut.walkColumns(['1.3.6.1.2.1.43.11.1.1.6', '1.3.6.1.2.1.43.11.1.1.9']);
    expect(cols.get('1.3.6.1.2.1.43.11.1.1.6')).toHaveLength(3);
    expect(cols.get('1.3.6.1.2.1.43.11.1.1.9')!.map((v) => v.value)).toEqual([10, 20, 30]);
  });

  it('walks each request on its own when the merged GETBULK fails', async () => {
    const factory = fakeSessionFactory(REC, { timeoutPrefixes: ['1.3.6.1.2.1.43.12'] });
    const sut = createSnmpClient({
      host: 'h',
      credentials: { version: '2c', community: 'c' },
      sessionFactory: factory,
    });
    const [a, b] = await Promise.allSettled([
      sut.walkColumns(['1.3.6.1.2.1.43.11.1.1.9']),
      sut.walkColumns(['1.3.6.1.2.1.43.12.1.1.4']),
    ]);
    expect(a.status === 'fulfilled' && a.value.get('1.3.6.1.2.1.43.11.1.1.9')).toHaveLength(3);
    expect(b.status === 'rejected' && b.reason).toBeInstanceOf(SnmpTimeoutError);
  });
});
