import { describe, expect, it } from 'vitest';
import { fakeSessionFactory } from '../testing/fake-snmp-session';
import { SnmpClientPool } from './snmp-client-pool';

describe('SnmpClientPool', () => {
  const target = (host: string, community = 'public') => ({
    host,
    port: 161,
    snmp: { version: '2c' as const, community },
  });

  it('keeps one client per device and credentials between polls', () => {
    const factory = fakeSessionFactory('1.3.6.1.2.1.1.1.0|4|x');
    const sut = new SnmpClientPool({ sessionFactory: factory, shareSocket: false });
    expect(sut.client(target('192.0.2.1'))).toBe(sut.client(target('192.0.2.1')));
    expect(sut.client(target('192.0.2.1', 'other'))).not.toBe(sut.client(target('192.0.2.1')));
    expect(sut.size).toBe(2);
    sut.evict(target('192.0.2.1', 'other'));
    expect(sut.size).toBe(1);
    sut.close();
    expect(factory.sessions.every((s) => s.closed)).toBe(true);
  });

  it('closes sessions left idle longer than idleMs', () => {
    let now = 0;
    const factory = fakeSessionFactory('1.3.6.1.2.1.1.1.0|4|x');
    const sut = new SnmpClientPool({ sessionFactory: factory, shareSocket: false, idleMs: 120_000, now: () => now });
    sut.client(target('192.0.2.1'));
    now = 60_000;
    sut.client(target('192.0.2.2'));
    now = 170_000;
    sut.client(target('192.0.2.2'));
    expect(sut.size).toBe(1);
    expect(factory.sessions[0]!.closed).toBe(true);
    expect(factory.sessions[1]!.closed).toBe(false);
    sut.close();
  });
});
