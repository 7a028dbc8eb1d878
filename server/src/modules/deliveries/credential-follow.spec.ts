import type { SettingApplyOutcome, SettingKey, SettingValue, SnmpCredentials } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { accessLossOf, followAppliedSettings } from './credential-follow';

const v2c: SnmpCredentials = { version: '2c', community: 'public' };
const v3: SnmpCredentials = {
  version: '3',
  user: 'fleetward',
  level: 'authPriv',
  authProtocol: 'sha',
  authKey: 'old-auth-key',
  privProtocol: 'aes',
  privKey: 'old-priv-key',
  context: 'printer',
};
const applied = (...keys: SettingKey[]): SettingApplyOutcome[] => keys.map((key) => ({ key, status: 'applied' }));
const users: SettingValue[] = [
  {
    name: 'fleetward',
    level: 'authPriv',
    authProtocol: 'sha256',
    authKey: 'new-auth-key',
    privProtocol: 'aes256b',
    privKey: 'new-priv-key',
  },
  { name: 'auditor', level: 'noAuthNoPriv' },
];

describe('followAppliedSettings', () => {
  it('a v2c device is polled with the delivered read community; its SNMP SET community follows the write one', () => {
    const write: SnmpCredentials = { version: '2c', community: 'fw-write' };
    const out = followAppliedSettings(
      { poll: v2c, write },
      { 'snmp.readCommunity': 'rotated-r', 'snmp.writeCommunity': 'rotated-w' },
      applied('snmp.readCommunity', 'snmp.writeCommunity'),
    );
    expect(out).toEqual({
      poll: { version: '2c', community: 'rotated-r' },
      write: { version: '2c', community: 'rotated-w' },
      changes: ['snmp-credentials', 'snmp-write-credentials'],
    });
  });

  it('a device polled with its write community (the same one for SETs) follows the write community, not the read one', () => {
    const rw: SnmpCredentials = { version: '2c', community: 'private' };
    const both = followAppliedSettings(
      { poll: rw, write: rw },
      { 'snmp.readCommunity': 'rotated-r', 'snmp.writeCommunity': 'rotated-w' },
      applied('snmp.readCommunity', 'snmp.writeCommunity'),
    );
    expect(both).toEqual({
      poll: { version: '2c', community: 'rotated-w' },
      write: { version: '2c', community: 'rotated-w' },
      changes: ['snmp-credentials', 'snmp-write-credentials'],
    });
    // Only the read community rotated: the read-write community the server uses still works, so nothing changes.
    expect(
      followAppliedSettings(
        { poll: rw, write: { version: '1', community: 'private' } },
        { 'snmp.readCommunity': 'rotated-r' },
        applied('snmp.readCommunity'),
      ),
    ).toEqual({ changes: [] });
    // Another write community: the polling one is taken as the read community, as before.
    expect(
      followAppliedSettings(
        { poll: rw, write: { version: '2c', community: 'other' } },
        { 'snmp.readCommunity': 'rotated-r', 'snmp.writeCommunity': 'rotated-w' },
        applied('snmp.readCommunity', 'snmp.writeCommunity'),
      ).poll,
    ).toEqual({ version: '2c', community: 'rotated-r' });
  });

  it('only keys the device applied are followed', () => {
    const outcomes: SettingApplyOutcome[] = [
      { key: 'snmp.readCommunity', status: 'rejected', message: 'too short' },
      { key: 'security.adminPassword', status: 'unsupported' },
    ];
    expect(
      followAppliedSettings(
        { poll: v2c, write: null },
        { 'snmp.readCommunity': 'x', 'security.adminPassword': 'New-Admin-1!' },
        outcomes,
      ),
    ).toEqual({ changes: [] });
  });

  it('a v3 device follows the new keys of its own user, keeping the context', () => {
    const out = followAppliedSettings({ poll: v3, write: null }, { 'snmp.v3Users': users }, applied('snmp.v3Users'));
    expect(out.poll).toEqual({
      version: '3',
      user: 'fleetward',
      level: 'authPriv',
      authProtocol: 'sha256',
      authKey: 'new-auth-key',
      privProtocol: 'aes256b',
      privKey: 'new-priv-key',
      context: 'printer',
    });
    expect(out.changes).toEqual(['snmp-credentials']);
    // The same keys again change nothing.
    expect(
      followAppliedSettings({ poll: out.poll!, write: null }, { 'snmp.v3Users': users }, applied('snmp.v3Users'))
        .changes,
    ).toEqual([]);
  });

  it('the administrator password follows a delivered one', () => {
    expect(
      followAppliedSettings(
        { poll: v2c, write: null },
        { 'security.adminPassword': 'New-Admin-1!' },
        applied('security.adminPassword'),
      ),
    ).toEqual({ adminPassword: 'New-Admin-1!', changes: ['admin-password'] });
  });
});

describe('accessLossOf', () => {
  it('a new community or new keys for the same user are no loss: they are followed', () => {
    expect(accessLossOf({ poll: v2c, write: null }, { 'snmp.readCommunity': 'x', 'snmp.v3Enabled': false })).toEqual(
      [],
    );
    expect(accessLossOf({ poll: v3, write: null }, { 'snmp.v3Users': users, 'snmp.v1v2cEnabled': false })).toEqual([]);
  });

  it('turning off the version the server polls with, or removing its user, is', () => {
    expect(accessLossOf({ poll: v2c, write: null }, { 'snmp.v1v2cEnabled': false })).toEqual([
      'turns SNMP v1/v2c off, which Fleetward polls this device with',
    ]);
    expect(accessLossOf({ poll: v3, write: null }, { 'snmp.v3Users': [users[1]!], 'snmp.v3Enabled': false })).toEqual([
      'turns SNMPv3 off, which Fleetward polls this device with',
      'removes the SNMPv3 user "fleetward", which Fleetward polls this device with',
    ]);
    expect(
      accessLossOf({ poll: v3, write: null }, { 'snmp.v3Users': [{ name: 'fleetward', level: 'authPriv' }] }),
    ).toEqual(['leaves the SNMPv3 user "fleetward" without the keys its level needs']);
  });

  it('the SNMP write credentials count too', () => {
    const writer: SnmpCredentials = { version: '3', user: 'writer', level: 'noAuthNoPriv' };
    expect(accessLossOf({ poll: v2c, write: writer }, { 'snmp.v3Users': users })).toEqual([
      'removes the SNMPv3 user "writer", which Fleetward writes settings to this device with',
    ]);
  });
});
