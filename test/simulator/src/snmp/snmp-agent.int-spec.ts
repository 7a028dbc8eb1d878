import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatedDevice, type Simulator } from '../simulator';
import { NET_SNMP_AVAILABLE, parseValues, runNetSnmp } from './net-snmp-tools';
import { DEFAULT_V3_USER } from './snmp-agent';

const PORT = 16161;
const FAST = ['-t', '1', '-r', '0'];

if (!NET_SNMP_AVAILABLE) console.log('skipped: Net-SNMP snmpget not installed (apt-get install -y snmp)');

function v2c(device: SimulatedDevice, community = 'public'): string[] {
  return ['-v2c', '-c', community, '-On', '-Oq', ...FAST, `${device.address}:${device.port}`];
}

function v1(device: SimulatedDevice): string[] {
  return ['-v1', '-c', 'public', '-On', '-Oq', ...FAST, `${device.address}:${device.port}`];
}

function v3(device: SimulatedDevice, overrides: { user?: string; authKey?: string; privKey?: string } = {}): string[] {
  return [
    '-v3',
    '-l',
    'authPriv',
    '-u',
    overrides.user ?? DEFAULT_V3_USER.name,
    '-a',
    'SHA',
    '-A',
    overrides.authKey ?? DEFAULT_V3_USER.authKey,
    '-x',
    'AES',
    '-X',
    overrides.privKey ?? DEFAULT_V3_USER.privKey,
    '-On',
    '-Oq',
    ...FAST,
    `${device.address}:${device.port}`,
  ];
}

describe.skipIf(!NET_SNMP_AVAILABLE)('SNMP face read by Net-SNMP tools', () => {
  let sim: Simulator;
  let iSeries: SimulatedDevice;
  let generic: SimulatedDevice;
  let mono: SimulatedDevice;
  let oem: SimulatedDevice;
  /** An i-series whose SNMP settings the tests change (its XML API and its panel reach them). */
  let managed: SimulatedDevice;

  beforeAll(async () => {
    sim = await startSimulator({
      devices: 5,
      baseAddress: '127.2.0.1',
      port: PORT,
      families: ['i-series', 'generic', 'p4700', 'oem-4000i', 'i-series'],
      seed: 7,
    });
    [iSeries, generic, mono, oem, managed] = sim.devices as [
      SimulatedDevice,
      SimulatedDevice,
      SimulatedDevice,
      SimulatedDevice,
      SimulatedDevice,
    ];
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('answers SNMPv1 with the system group and Host-Resources status of the model', async () => {
    const result = await runNetSnmp('snmpget', [
      ...v1(iSeries),
      '1.3.6.1.2.1.1.1.0',
      '1.3.6.1.2.1.1.2.0',
      '1.3.6.1.2.1.1.5.0',
      '1.3.6.1.2.1.25.3.2.1.2.1',
      '1.3.6.1.2.1.25.3.2.1.5.1',
      '1.3.6.1.2.1.25.3.5.1.1.1',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const values = parseValues(result.stdout);
    const model = iSeries.model;
    expect(values.get('1.3.6.1.2.1.1.1.0')).toBe(model.identity.sysDescr);
    expect(values.get('1.3.6.1.2.1.1.2.0')).toBe(`.${model.identity.sysObjectId}`);
    expect(values.get('1.3.6.1.2.1.1.5.0')).toBe(model.identity.sysName);
    expect(values.get('1.3.6.1.2.1.25.3.2.1.2.1')).toBe('.1.3.6.1.2.1.25.3.1.5');
    expect(values.get('1.3.6.1.2.1.25.3.2.1.5.1')).toBe('2');
    expect(values.get('1.3.6.1.2.1.25.3.5.1.1.1')).toBe('3');
  });

  it('walks the Printer-MIB supplies over v2c with the levels of the model', async () => {
    const result = await runNetSnmp('snmpwalk', [...v2c(generic), '1.3.6.1.2.1.43.11.1.1']);
    expect(result.code, result.stderr).toBe(0);
    const values = parseValues(result.stdout);
    for (const supply of generic.model.supplies) {
      expect(values.get(`1.3.6.1.2.1.43.11.1.1.6.1.${supply.index}`)).toBe(supply.description);
      expect(values.get(`1.3.6.1.2.1.43.11.1.1.8.1.${supply.index}`)).toBe(String(supply.maxCapacity));
      expect(values.get(`1.3.6.1.2.1.43.11.1.1.9.1.${supply.index}`)).toBe(String(supply.level));
    }
    // No index column is served: the walk holds columns 2..9 only.
    expect([...values.keys()].some((oid) => oid.startsWith('1.3.6.1.2.1.43.11.1.1.1.'))).toBe(false);
  });

  it('walks a whole device over v2c to the end of the MIB without an error', async () => {
    const result = await runNetSnmp('snmpwalk', [...v2c(iSeries), '1.3.6.1']);
    expect(result.code, result.stderr).toBe(0);
    const values = parseValues(result.stdout);
    expect(values.size).toBeGreaterThan(120);
    expect(values.get('1.3.6.1.2.1.43.5.1.1.17.1')).toBe(iSeries.model.identity.serialNumber);
    expect(values.get('1.3.6.1.4.1.18334.1.1.1.5.7.2.1.1.0')).toBe(String(iSeries.model.counters.total));
  });

  it('answers SNMPv3 authPriv (SHA + AES-128) with the counters of the model', async () => {
    const result = await runNetSnmp('snmpget', [
      ...v3(mono),
      '1.3.6.1.2.1.43.10.2.1.4.1.1',
      '1.3.6.1.2.1.43.5.1.1.17.1',
      '1.3.6.1.4.1.18334.1.1.1.1.3.2.2.0',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const values = parseValues(result.stdout);
    expect(values.get('1.3.6.1.2.1.43.10.2.1.4.1.1')).toBe(String(mono.model.counters.total));
    expect(values.get('1.3.6.1.2.1.43.5.1.1.17.1')).toBe(mono.model.identity.serialNumber);
    expect(values.get('1.3.6.1.4.1.18334.1.1.1.1.3.2.2.0')).toBe(mono.model.identity.serialNumber);
  });

  it('has no prtGeneralSerialNumber on the OEM profile (the edge must fall back)', async () => {
    const result = await runNetSnmp('snmpget', [...v2c(oem), '1.3.6.1.2.1.43.5.1.1.17.1']);
    expect(result.stdout).toMatch(/No Such (Instance|Object)/);
  });

  it('shows a jam to the very next request and drops it when cleared', async () => {
    const errorState = () =>
      runNetSnmp('snmpget', [...v2c(mono), '-Ox', '1.3.6.1.2.1.25.3.5.1.2.1', '1.3.6.1.2.1.25.3.2.1.5.1']);
    mono.inject('jam');
    const jammed = parseValues((await errorState()).stdout);
    expect(jammed.get('1.3.6.1.2.1.25.3.5.1.2.1')).toBe('04');
    expect(jammed.get('1.3.6.1.2.1.25.3.2.1.5.1')).toBe('5');
    const alerts = parseValues((await runNetSnmp('snmpwalk', [...v2c(mono), '1.3.6.1.2.1.43.18.1.1.7'])).stdout);
    expect([...alerts.values()]).toContain('8');

    mono.clear('jam');
    const cleared = parseValues((await errorState()).stdout);
    expect(cleared.get('1.3.6.1.2.1.25.3.5.1.2.1')).toBe('00');
    const after = parseValues((await runNetSnmp('snmpwalk', [...v2c(mono), '1.3.6.1.2.1.43.18.1.1.7'])).stdout);
    expect([...after.values()]).not.toContain('8');
  });

  it('shows pages printed in prtMarkerLifeCount at once', async () => {
    const before = mono.model.counters.total;
    mono.print(12);
    const result = await runNetSnmp('snmpget', [...v2c(mono), '1.3.6.1.2.1.43.10.2.1.4.1.1']);
    expect(parseValues(result.stdout).get('1.3.6.1.2.1.43.10.2.1.4.1.1')).toBe(String(before + 12));
  });

  it('times out while asleep and answers again once woken', async () => {
    generic.sleep();
    const asleep = await runNetSnmp('snmpget', [...v2c(generic), '1.3.6.1.2.1.1.3.0']);
    expect(asleep.code).not.toBe(0);
    expect(asleep.stderr + asleep.stdout).toMatch(/Timeout/);
    generic.wake();
    const awake = await runNetSnmp('snmpget', [...v2c(generic), '1.3.6.1.2.1.1.3.0']);
    expect(awake.code, awake.stderr).toBe(0);
  });

  it('times out while unreachable', async () => {
    generic.inject('unreachable');
    try {
      const result = await runNetSnmp('snmpget', [...v3(generic), '1.3.6.1.2.1.1.1.0']);
      expect(result.code).not.toBe(0);
      expect(result.stderr + result.stdout).toMatch(/Timeout/);
    } finally {
      generic.clear('unreachable');
    }
  });

  it('answers late when slow', async () => {
    generic.inject('slow', { delayMs: 400 });
    try {
      const result = await runNetSnmp('snmpget', [...v2c(generic), '-t', '3', '1.3.6.1.2.1.1.1.0']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.ms).toBeGreaterThanOrEqual(400);
    } finally {
      generic.clear('slow');
    }
  });

  it('answers a wrong v3 authentication key with an authentication failure report', async () => {
    const result = await runNetSnmp('snmpget', [...v3(iSeries, { authKey: 'not-the-auth-key' }), '1.3.6.1.2.1.1.1.0']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Authentication failure/);
  });

  it('answers a wrong v3 privacy key with a decryption error report', async () => {
    const result = await runNetSnmp('snmpget', [...v3(iSeries, { privKey: 'not-the-priv-key' }), '1.3.6.1.2.1.1.1.0']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Decryption error/);
  });

  it('answers an unknown v3 user with an unknown user name report', async () => {
    const result = await runNetSnmp('snmpget', [...v3(iSeries, { user: 'mallory' }), '1.3.6.1.2.1.1.1.0']);
    expect(result.stderr).toMatch(/Unknown user name/);
  });

  it('ignores a wrong community, as real devices do', async () => {
    const result = await runNetSnmp('snmpget', [...v2c(iSeries, 'private'), '1.3.6.1.2.1.1.1.0']);
    expect(result.stderr + result.stdout).toMatch(/Timeout/);
  });

  it('refuses SET from the read-only community', async () => {
    const result = await runNetSnmp('snmpset', [...v2c(iSeries), '1.3.6.1.2.1.1.5.0', 's', 'renamed']);
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/notWritable|noAccess/);
    expect(iSeries.model.identity.sysName).not.toBe('renamed');
  });

  it('rejects the old credentials under wrongCredentials and accepts them again when cleared', async () => {
    oem.inject('wrongCredentials');
    try {
      const result = await runNetSnmp('snmpget', [...v3(oem), '1.3.6.1.2.1.1.1.0']);
      expect(result.stderr).toMatch(/Authentication failure/);
    } finally {
      oem.clear('wrongCredentials');
    }
    const again = await runNetSnmp('snmpget', [...v3(oem), '1.3.6.1.2.1.1.1.0']);
    expect(again.code, again.stderr).toBe(0);
  });

  it('answers with the credentials its settings hold: a new read community and v3 users replace the old ones', async () => {
    const sysDescr = '1.3.6.1.2.1.1.1.0';
    const admin = { adminPassword: 'fleetward-admin' };
    const outcomes = managed.settings.apply(
      {
        'snmp.readCommunity': 'fw-rotated-2026',
        'snmp.v3Users': [
          {
            name: 'fw-poller',
            level: 'authPriv',
            authProtocol: 'sha',
            authKey: 'poller-auth-key',
            privProtocol: 'aes',
            privKey: 'poller-priv-key',
          },
        ],
      },
      admin,
    );
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    const old = await runNetSnmp('snmpget', [...v2c(managed), sysDescr]);
    expect(old.stderr + old.stdout).toMatch(/Timeout/);
    const fresh = await runNetSnmp('snmpget', [...v2c(managed, 'fw-rotated-2026'), sysDescr]);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect((await runNetSnmp('snmpget', [...v3(managed), sysDescr])).stderr).toMatch(/Unknown user name/);
    const user = await runNetSnmp('snmpget', [
      ...v3(managed, { user: 'fw-poller', authKey: 'poller-auth-key', privKey: 'poller-priv-key' }),
      sysDescr,
    ]);
    expect(user.code, user.stderr).toBe(0);

    // v1/v2c switched off at the panel: no community answers any more; on again, the new one does.
    managed.settings.changeLocally('snmp.v1v2cEnabled', false);
    expect((await runNetSnmp('snmpget', [...v2c(managed, 'fw-rotated-2026'), sysDescr])).stderr).toMatch(/Timeout/);
    managed.settings.changeLocally('snmp.v1v2cEnabled', true);
    expect((await runNetSnmp('snmpget', [...v2c(managed, 'fw-rotated-2026'), sysDescr])).code).toBe(0);
    // The other devices keep their own credentials.
    expect((await runNetSnmp('snmpget', [...v2c(iSeries), sysDescr])).code).toBe(0);
  });
});
