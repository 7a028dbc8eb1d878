import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatedDevice, type Simulator } from '../simulator';
import { NET_SNMP_AVAILABLE, parseValues, runNetSnmp } from './net-snmp-tools';

const PORT = 16_425;
const FAST = ['-t', '1', '-r', '0'];
const as = (d: SimulatedDevice, community: string) => [
  '-v2c',
  '-c',
  community,
  '-On',
  '-Oq',
  ...FAST,
  `${d.address}:${PORT}`,
];
const FW = '1.3.6.1.3.18334.5.1';

describe.skipIf(!NET_SNMP_AVAILABLE)('settings over SNMP SET, driven by Net-SNMP snmpset', () => {
  let sim: Simulator;
  let oem: SimulatedDevice;
  let iSeries: SimulatedDevice;
  let generic: SimulatedDevice;

  beforeAll(async () => {
    sim = await startSimulator({
      devices: 3,
      baseAddress: '127.23.2.1',
      port: PORT,
      families: ['oem-4000i', 'i-series', 'generic'],
      communities: ['public', { name: 'fw-write', access: 'read-write' }],
    });
    [oem, iSeries, generic] = sim.devices as [SimulatedDevice, SimulatedDevice, SimulatedDevice];
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('a SET of sysLocation and a settings-MIB object goes through the store and shows in GET', async () => {
    const before = oem.settings.applyCount;
    const set = await runNetSnmp('snmpset', [
      ...as(oem, 'fw-write'),
      '1.3.6.1.2.1.1.6.0',
      's',
      'Server room',
      `${FW}.7.0`,
      'i',
      '42',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(oem.settings.applyCount).toBe(before + 1);
    expect(oem.settings.peek('power.sleepAfterMinutes')).toBe(42);
    const get = await runNetSnmp('snmpget', [...as(oem, 'public'), '1.3.6.1.2.1.1.6.0', `${FW}.7.0`, `${FW}.1.0`]);
    const values = parseValues(get.stdout);
    expect(values.get('1.3.6.1.2.1.1.6.0')).toBe('Server room');
    expect(values.get(`${FW}.7.0`)).toBe('42');
    // The administrator password object is write-only.
    expect(values.get(`${FW}.1.0`)).toBe('');
  });

  it('answers a value the device refuses with wrongValue and changes nothing (all or nothing)', async () => {
    const before = oem.settings.applyCount;
    const set = await runNetSnmp('snmpset', [
      ...as(oem, 'fw-write'),
      '1.3.6.1.2.1.1.6.0',
      's',
      'Elsewhere',
      `${FW}.9.0`,
      'i',
      '4', // TLSv1.3: this firmware has none
    ]);
    expect(set.code).not.toBe(0);
    expect(set.stderr).toMatch(/wrongValue/);
    expect(set.stderr).toContain(`Failed object: .${FW}.9.0`);
    expect(oem.settings.applyCount).toBe(before);
    expect(oem.settings.peek('identity.location')).toBe('Server room');
  });

  it('answers a value outside the catalogue bounds with wrongValue and one of the wrong type with wrongType', async () => {
    const range = await runNetSnmp('snmpset', [...as(oem, 'fw-write'), `${FW}.7.0`, 'i', '999']);
    expect(range.stderr).toMatch(/wrongValue/);
    const type = await runNetSnmp('snmpset', [...as(oem, 'fw-write'), `${FW}.7.0`, 's', 'soon']);
    expect(type.stderr).toMatch(/wrongType/);
    expect(oem.settings.peek('power.sleepAfterMinutes')).toBe(42);
  });

  it('refuses SET from a read-only community with noAccess, and on read-only objects with notWritable', async () => {
    const ro = await runNetSnmp('snmpset', [...as(oem, 'public'), '1.3.6.1.2.1.1.6.0', 's', 'x']);
    expect(ro.stderr).toMatch(/noAccess/);
    // i-series takes its settings through the XML API: its MIB-II identity objects stay read-only.
    const xmlFamily = await runNetSnmp('snmpset', [...as(iSeries, 'fw-write'), '1.3.6.1.2.1.1.5.0', 's', 'x']);
    expect(xmlFamily.stderr).toMatch(/notWritable/);
    expect(iSeries.model.settings.deviceName).not.toBe('x');
  });

  it('the standards-only printer takes sysName and has no settings-MIB objects', async () => {
    const set = await runNetSnmp('snmpset', [...as(generic, 'fw-write'), '1.3.6.1.2.1.1.5.0', 's', 'lobby']);
    expect(set.code, set.stderr).toBe(0);
    expect(generic.model.settings.deviceName).toBe('lobby');
    const get = await runNetSnmp('snmpget', [...as(generic, 'public'), `${FW}.2.0`]);
    expect(get.stdout).toMatch(/No Such Object/i);
  });
});
