import { describe, expect, it } from 'vitest';
import { BenchUsageError } from '../bench.errors';
import { expectedDocument, fleetProfile, printerValues } from './printer-dataset';
import { fleetAddresses, MAX_AGENTADDRESS_CHARS, planSnmpdFleet, renderSnmpdConf, snmpdArgs } from './snmpd-config';

describe('fleetAddresses', () => {
  it('counts upward and skips host parts .0 and .255', () => {
    expect(fleetAddresses('127.4.0.253', 4)).toEqual(['127.4.0.253', '127.4.0.254', '127.4.1.1', '127.4.1.2']);
  });

  it('refuses addresses outside loopback and fleets that overflow the /16', () => {
    expect(() => fleetAddresses('10.0.0.1', 1)).toThrow(BenchUsageError);
    expect(() => fleetAddresses('127.4.255.250', 10)).toThrow(/do not fit/);
  });
});

describe('planSnmpdFleet', () => {
  it('splits the fleet into processes of at most perProcess addresses, each with its own profile', () => {
    const plans = planSnmpdFleet({ devices: 260, baseAddress: '127.4.0.1', perProcess: 125 });
    expect(plans.map((p) => p.addresses.length)).toEqual([125, 125, 10]);
    expect(plans[2]!.profile.serialNumber).toBe('A7PU0210003');
    expect(new Set(plans.flatMap((p) => p.addresses)).size).toBe(260);
  });
});

describe('renderSnmpdConf', () => {
  const plan = planSnmpdFleet({ devices: 125, baseAddress: '127.4.0.1', perProcess: 125 })[0]!;
  const conf = renderSnmpdConf(plan, 161);

  it('serves every planned address, read-only v2c for loopback and an authPriv v3 user', () => {
    const served = conf
      .split('\n')
      .filter((l) => l.startsWith('agentaddress '))
      .flatMap((l) => l.slice('agentaddress '.length).split(','));
    expect(served).toHaveLength(125);
    expect(served[0]).toBe('127.4.0.1:161');
    expect(conf).toContain('rocommunity public 127.0.0.0/8');
    expect(conf).toMatch(/^createUser fleetward SHA "[^"]+" AES "[^"]+"$/m);
    expect(conf).toContain('rouser fleetward priv');
  });

  it('writes sys* values without quotes and binary octet strings as hex', () => {
    expect(conf).toContain('sysdescr KONICA MINOLTA bizhub C300i');
    expect(conf).toContain('override .1.3.6.1.2.1.25.3.5.1.2.1 octet_str 0xa000');
    expect(conf).toContain('override .1.3.6.1.2.1.43.10.2.1.4.1.1 counter 123457');
    expect(conf).toContain('override .1.3.6.1.2.1.43.11.1.1.6.1.5 octet_str "Waste Toner Box"');
  });

  it('refuses a process whose address list snmpd would cut (and bind the rest as 0.0.0.0)', () => {
    const big = planSnmpdFleet({ devices: 200, baseAddress: '127.4.100.1', perProcess: 200 })[0]!;
    expect(() => renderSnmpdConf(big, 161)).toThrow(new RegExp(`at most ${MAX_AGENTADDRESS_CHARS}`));
  });

  it('starts only the MIB modules the printer needs, in the foreground, with a private persistent dir', () => {
    const args = snmpdArgs({ confPath: '/w/c', persistentDir: '/w/p', pidPath: '/w/pid', logPath: '/w/log' });
    expect(args).toEqual(expect.arrayContaining(['-f', '-C', '-c', '/w/c', '--persistentDir=/w/p', '-I']));
    expect(args[args.indexOf('-I') + 1]).toMatch(/^system_mib,override,/);
  });
});

describe('printer data set', () => {
  it('serves the supplies the expected document lists, with the same levels', () => {
    const profile = fleetProfile(1);
    const values = printerValues(profile);
    const level = (i: number): unknown => values.find((v) => v.oid === `1.3.6.1.2.1.43.11.1.1.9.1.${i}`)?.value;
    const expected = expectedDocument(profile);
    for (const s of expected.supplies) expect(level(s.index)).toBe(s.remainingPercent);
    expect(new Set(values.map((v) => v.oid)).size).toBe(values.length);
  });
});
