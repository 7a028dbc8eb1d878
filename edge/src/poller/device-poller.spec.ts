import type { PollResult } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { compareOids, type SnmpSessionFactory, type SnmpVarbind } from '../protocols/snmp';
import { fakeSessionFactory, parseSnmprec, type FakeAgentOptions } from '../testing/fake-snmp-session';
import { DevicePoller } from './device-poller';
import { SnmpClientPool } from './snmp-client-pool';

const K = '1.3.6.1.4.1.18334.1.1.1';
const MFP = `1.3.6.1.2.1.1.1.0|4|KONICA MINOLTA bizhub C250i
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4
1.3.6.1.2.1.1.3.0|67|12345600
1.3.6.1.2.1.1.5.0|4|mfp-1
1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5
1.3.6.1.2.1.25.3.2.1.3.1|4|KONICA MINOLTA bizhub C250i
1.3.6.1.2.1.25.3.2.1.5.1|2|3
1.3.6.1.2.1.25.3.5.1.1.1|2|3
1.3.6.1.2.1.25.3.5.1.2.1|4x|a000
1.3.6.1.2.1.43.5.1.1.17.1|4|A1UF021001234
1.3.6.1.2.1.43.8.2.1.8.1.1|2|7
1.3.6.1.2.1.43.8.2.1.9.1.1|2|500
1.3.6.1.2.1.43.8.2.1.10.1.1|2|120
1.3.6.1.2.1.43.8.2.1.12.1.1|4|A4
1.3.6.1.2.1.43.8.2.1.13.1.1|4|Tray 1
1.3.6.1.2.1.43.10.2.1.4.1.1|2|98765
1.3.6.1.2.1.43.11.1.1.3.1.1|2|1
1.3.6.1.2.1.43.11.1.1.3.1.2|2|0
1.3.6.1.2.1.43.11.1.1.4.1.1|2|3
1.3.6.1.2.1.43.11.1.1.4.1.2|2|4
1.3.6.1.2.1.43.11.1.1.5.1.1|2|3
1.3.6.1.2.1.43.11.1.1.5.1.2|2|4
1.3.6.1.2.1.43.11.1.1.6.1.1|4|Toner (Black)
1.3.6.1.2.1.43.11.1.1.6.1.2|4|Waste Toner Box
1.3.6.1.2.1.43.11.1.1.8.1.1|2|100
1.3.6.1.2.1.43.11.1.1.8.1.2|2|100
1.3.6.1.2.1.43.11.1.1.9.1.1|2|40
1.3.6.1.2.1.43.11.1.1.9.1.2|2|-3
1.3.6.1.2.1.43.12.1.1.4.1.1|4|black
1.3.6.1.2.1.43.18.1.1.2.1.1|2|3
1.3.6.1.2.1.43.18.1.1.8.1.1|2|1101
1.3.6.1.2.1.43.18.1.1.9.1.1|4|Low toner
${K}.5.7.2.1.1.0|2|98765
${K}.5.7.2.2.1.5.1.2|2|40000
${K}.5.7.2.2.1.5.2.2|2|50000`;

const NOW = new Date('2026-01-02T03:04:05.000Z');
const stable = (r: PollResult) => ({ ...r, durationMs: 0 });

describe('DevicePoller — warm polls', () => {
  it('gives the same document on a warm poll in one request (GETs and walks folded into one GETNEXT)', async () => {
    const factory = fakeSessionFactory(MFP);
    const sut = new DevicePoller({
      pool: new SnmpClientPool({ sessionFactory: factory, shareSocket: false }),
      now: () => NOW,
    });
    const target = { host: '192.0.2.1', port: 161, snmp: { version: '2c' as const, community: 'public' } };
    const first = await sut.poll(target);
    const session = factory.sessions[0]!;
    const coldRequests = session.requests.length;
    const second = await sut.poll(target);
    const warm = session.requests.slice(coldRequests);
    sut.close();

    expect(first.ok).toBe(true);
    expect(stable(second)).toEqual(stable(first));
    // Cold: system GET, Host-Resources walk, vendor identity GET, one GETBULK for all Printer-MIB tables,
    // vendor counters GET. Warm: one GETNEXT with every GET OID's parent (answered by the OID itself when it
    // exists) and the chain of every row seen last time (column, row 1, …, row n, each answered by its successor).
    const ops = (qs: { op: string }[]) => qs.map((q) => q.op).sort();
    expect(ops(session.requests.slice(0, coldRequests))).toEqual(['get', 'get', 'get', 'getBulk', 'getBulk']);
    expect(ops(warm)).toEqual(['getNext']);
    expect(warm[0]!.oids).toEqual(
      expect.arrayContaining([
        '1.3.6.1.2.1.1.1',
        `${K}.5.7.2.1.1`,
        `${K}.1.6.2.1`,
        '1.3.6.1.2.1.25.3.2.1.2',
        '1.3.6.1.2.1.43.11.1.1.9',
        '1.3.6.1.2.1.43.11.1.1.9.1.1',
        '1.3.6.1.2.1.43.18.1.1.8',
      ]),
    );
  });

  it("reads every value again on a warm poll: changed, new and vanished values and rows give a cold poll's document", async () => {
    const factory = fakeSessionFactory(MFP);
    const sut = new DevicePoller({
      pool: new SnmpClientPool({ sessionFactory: factory, shareSocket: false }),
      now: () => NOW,
    });
    const target = { host: '192.0.2.1', port: 161, snmp: { version: '2c' as const, community: 'public' } };
    await sut.poll(target);
    await sut.poll(target);
    const data = (factory.sessions[0] as unknown as { data: SnmpVarbind[] }).data;
    const change = (lines: string, remove: string[] = []): void => {
      const next = parseSnmprec(lines);
      const drop = new Set([...remove, ...next.map((v) => v.oid)]);
      const kept = data.filter((v) => !drop.has(v.oid));
      data.splice(0, data.length, ...[...kept, ...next].sort((a, b) => compareOids(a.oid, b.oid)));
    };
    change(
      `1.3.6.1.2.1.43.11.1.1.9.1.1|2|12
1.3.6.1.2.1.1.5.0|4|mfp-renamed
1.3.6.1.2.1.1.4.0|4|Desk 2
${K}.5.7.2.1.5.0|2|777
1.3.6.1.2.1.43.11.1.1.3.1.3|2|0
1.3.6.1.2.1.43.11.1.1.4.1.3|2|3
1.3.6.1.2.1.43.11.1.1.6.1.3|4|Toner (Cyan)
1.3.6.1.2.1.43.11.1.1.9.1.3|2|55
1.3.6.1.2.1.43.8.2.1.10.1.1|2|0`,
      [
        '1.3.6.1.2.1.43.18.1.1.2.1.1',
        '1.3.6.1.2.1.43.18.1.1.8.1.1',
        '1.3.6.1.2.1.43.18.1.1.9.1.1',
        `${K}.5.7.2.2.1.5.2.2`,
      ],
    );
    const warm = await sut.poll(target);
    sut.close();
    // A poller that never saw the device, on the same changed agent.
    const coldFactory = Object.assign(() => factory.sessions[0]!, { sessions: [] });
    const cold = await new DevicePoller({
      pool: new SnmpClientPool({ sessionFactory: coldFactory as unknown as SnmpSessionFactory, shareSocket: false }),
      now: () => NOW,
    }).poll(target);
    expect(warm.ok && cold.ok).toBe(true);
    expect(stable(warm)).toEqual(stable(cold));
    if (!warm.ok) return;
    expect(warm.identity.sysName).toBe('mfp-renamed');
    expect(warm.identity.sysContact).toBe('Desk 2');
    expect(warm.counters.scan).toBe(777);
    expect(warm.supplies.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(warm.supplies[0]!.raw.level).toBe(12);
    expect(warm.alerts).toEqual([]);
  });

  it('forgets the learned GET after a failed poll, so the next poll starts plain', async () => {
    const factory = fakeSessionFactory(MFP);
    const sut = new DevicePoller({
      pool: new SnmpClientPool({ sessionFactory: factory, shareSocket: false }),
      now: () => NOW,
    });
    const target = { host: '192.0.2.1', port: 161, snmp: { version: '2c' as const, community: 'public' } };
    await sut.poll(target);
    const session = factory.sessions[0]!;
    const agent = (session as unknown as { options: FakeAgentOptions }).options;
    agent.failWith = () => Object.assign(new Error('Request timed out'), { name: 'RequestTimedOutError' });
    const failed = await sut.poll(target);
    expect(failed).toMatchObject({ ok: false, error: { code: 'timeout' } });
    delete agent.failWith;
    const before = session.requests.length;
    const again = await sut.poll(target);
    sut.close();
    expect(again.ok).toBe(true);
    expect(session.requests[before]!.oids).toHaveLength(7);
  });

  it('streams results in input order without keeping them (pollEach)', async () => {
    const factory = fakeSessionFactory(MFP);
    const sut = new DevicePoller({
      pool: new SnmpClientPool({ sessionFactory: factory, shareSocket: false }),
      now: () => NOW,
    });
    const hosts = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5'];
    const seen: string[] = [];
    await sut.pollEach(
      hosts.map((host) => ({ host, snmp: { version: '2c' as const, community: 'public' } })),
      3,
      (r, i) => seen.push(`${i}:${r.target.host}:${r.ok}`),
    );
    sut.close();
    expect(seen).toEqual(hosts.map((h, i) => `${i}:${h}:true`));
  });

  it('hands every result over once in completion order when asked (ordered: false)', async () => {
    const factory = fakeSessionFactory(MFP);
    const sut = new DevicePoller({
      pool: new SnmpClientPool({ sessionFactory: factory, shareSocket: false }),
      now: () => NOW,
    });
    const hosts = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5'];
    const seen: string[] = [];
    await sut.pollEach(
      hosts.map((host) => ({ host, snmp: { version: '2c' as const, community: 'public' } })),
      3,
      (r, i) => seen.push(`${i}:${r.target.host}:${r.ok}`),
      { ordered: false },
    );
    sut.close();
    expect([...seen].sort()).toEqual(hosts.map((h, i) => `${i}:${h}:true`));
  });
});
