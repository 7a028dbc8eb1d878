import { describe, expect, it } from 'vitest';
import { DeviceSettingsStore } from './device-settings';
import { DeviceSnmpAccess, snmpAccessSettings, type EffectiveSnmpAccess } from './snmp-access';

const initial: EffectiveSnmpAccess = {
  communities: [
    { name: 'public', access: 'read-only' },
    { name: 'monitoring', access: 'read-only' },
    { name: 'fw-write', access: 'read-write' },
  ],
  v3Users: [
    { name: 'fleetward', level: 'authPriv', authProtocol: 'sha', authKey: 'a'.repeat(8), privKey: 'p'.repeat(8) },
    { name: 'writer', level: 'authNoPriv', authProtocol: 'sha', authKey: 'w'.repeat(8), access: 'read-write' },
  ],
};

function device() {
  const store = new DeviceSettingsStore({
    supported: ['snmp.readCommunity', 'snmp.writeCommunity', 'snmp.v1v2cEnabled', 'snmp.v3Enabled', 'snmp.v3Users'],
    adminPassword: 'admin-pass',
    initial: snmpAccessSettings(initial),
  });
  return { store, sut: new DeviceSnmpAccess(initial, store) };
}

describe('DeviceSnmpAccess', () => {
  it('starts with every community and user it was given; its settings name the first of each', () => {
    const { store, sut } = device();
    expect(sut.current()).toEqual(initial);
    expect(store.peek('snmp.readCommunity')).toBe('public');
    expect(store.peek('snmp.writeCommunity')).toBe('fw-write');
    expect(store.peek('snmp.v3Users')).toEqual([
      { name: 'fleetward', level: 'authPriv', authProtocol: 'sha', authKey: 'a'.repeat(8), privKey: 'p'.repeat(8) },
      { name: 'writer', level: 'authNoPriv', authProtocol: 'sha', authKey: 'w'.repeat(8) },
    ]);
  });

  it('a delivered read community replaces the read-only ones, the write community stays', () => {
    const { store, sut } = device();
    const before = sut.version;
    store.apply({ 'snmp.readCommunity': 'rotated' }, { adminPassword: 'admin-pass' });
    expect(sut.version).toBe(before + 1);
    expect(sut.current().communities).toEqual([
      { name: 'rotated', access: 'read-only' },
      { name: 'fw-write', access: 'read-write' },
    ]);
    store.apply({ 'snmp.writeCommunity': 'rw-2' }, { adminPassword: 'admin-pass' });
    expect(sut.current().communities).toEqual([
      { name: 'rotated', access: 'read-only' },
      { name: 'rw-2', access: 'read-write' },
    ]);
  });

  it('delivered v3 users replace the old ones; a user keeps its write access under the same name', () => {
    const { store, sut } = device();
    store.apply(
      {
        'snmp.v3Users': [
          { name: 'writer', level: 'authNoPriv', authProtocol: 'sha256', authKey: 'x'.repeat(8) },
          { name: 'newcomer', level: 'noAuthNoPriv' },
        ],
      },
      { adminPassword: 'admin-pass' },
    );
    expect(sut.current().v3Users).toEqual([
      { name: 'writer', level: 'authNoPriv', authProtocol: 'sha256', authKey: 'x'.repeat(8), access: 'read-write' },
      { name: 'newcomer', level: 'noAuthNoPriv', access: 'read-only' },
    ]);
  });

  it('v1/v2c or v3 switched off answer nothing until switched on again (a panel change too)', () => {
    const { store, sut } = device();
    store.changeLocally('snmp.v1v2cEnabled', false);
    expect(sut.current().communities).toEqual([]);
    expect(sut.current().v3Users).toHaveLength(2);
    store.apply({ 'snmp.v3Enabled': false, 'snmp.v1v2cEnabled': true }, { adminPassword: 'admin-pass' });
    expect(sut.current()).toEqual({ communities: initial.communities, v3Users: [] });
  });

  it('a refused write changes nothing', () => {
    const { store, sut } = device();
    expect(() => store.apply({ 'snmp.readCommunity': 'x' }, { adminPassword: 'wrong' })).toThrow();
    expect(sut.current()).toEqual(initial);
    expect(sut.version).toBe(0);
  });
});
