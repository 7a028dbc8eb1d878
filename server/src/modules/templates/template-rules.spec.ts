import type { SettingValues } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../common/errors';
import {
  assertMayChangeKind,
  maskValues,
  parseTemplateValues,
  restoreAllSecrets,
  secretKeysOf,
  withoutSecrets,
} from './template-rules';
import { TemplateServiceSettingsForbiddenError } from './template.errors';

function scope(permissions: Permission[], isSuperAdmin = false): AccessScope {
  return {
    userId: 'u1',
    isSuperAdmin,
    permissions: new Set(permissions),
    deviceGroupIds: new Set(),
    edgeIds: new Set(),
    allDeviceGroups: false,
    allEdges: false,
  };
}

const stored: SettingValues = {
  'security.adminPassword': 'old-secret-1',
  'time.timeZone': 'Asia/Tokyo',
  'snmp.v3Users': [
    {
      name: 'ops',
      level: 'authPriv',
      authProtocol: 'sha',
      authKey: 'auth-key-1',
      privProtocol: 'aes',
      privKey: 'priv-key-1',
    },
  ],
};

describe('template rules', () => {
  it('masks every secret, also nested ones, and leaves the other values as they are', () => {
    const masked = maskValues(stored);
    expect(masked['security.adminPassword']).toEqual({ set: true });
    expect(masked['time.timeZone']).toBe('Asia/Tokyo');
    expect(masked['snmp.v3Users']).toEqual([
      {
        name: 'ops',
        level: 'authPriv',
        authProtocol: 'sha',
        authKey: { set: true },
        privProtocol: 'aes',
        privKey: { set: true },
      },
    ]);
    expect(JSON.stringify(masked)).not.toMatch(/old-secret-1|auth-key-1|priv-key-1/);
  });

  it('keeps a stored secret sent back as {set: true} and takes a new one when given', () => {
    const incoming = {
      ...maskValues(stored),
      'security.adminPassword': 'new-secret-2',
    };
    const restored = restoreAllSecrets(incoming, stored) as SettingValues;
    expect(restored['security.adminPassword']).toBe('new-secret-2');
    expect(restored['snmp.v3Users']).toEqual(stored['snmp.v3Users']);
    expect(parseTemplateValues('admin', restored)).toEqual(restored);
  });

  it('a kept secret follows its list item by name: removing or reordering rows never moves a key to another user', () => {
    const ops = { name: 'ops', level: 'authNoPriv', authProtocol: 'sha', authKey: 'ops-auth-key' };
    const audit = { name: 'audit', level: 'authNoPriv', authProtocol: 'sha', authKey: 'audit-auth-key' };
    const two: SettingValues = { 'snmp.v3Users': [ops, audit] };
    const masked = maskValues(two)['snmp.v3Users'] as Record<string, unknown>[];
    // The first row removed: the second keeps its own key, not the first one's.
    const removed = restoreAllSecrets({ 'snmp.v3Users': [masked[1]] }, two) as SettingValues;
    expect(removed['snmp.v3Users']).toEqual([audit]);
    // Reordered: each keeps its own.
    const swapped = restoreAllSecrets({ 'snmp.v3Users': [masked[1], masked[0]] }, two) as SettingValues;
    expect(swapped['snmp.v3Users']).toEqual([audit, ops]);
    // Renamed with the placeholder: no stored key is guessed, validation asks for one.
    const renamed = restoreAllSecrets({ 'snmp.v3Users': [{ ...masked[0], name: 'ops2' }] }, two);
    expect(() => parseTemplateValues('admin', renamed)).toThrow(ValidationFailedError);
  });

  it('a placeholder with nothing stored is refused by validation', () => {
    const restored = restoreAllSecrets({ 'snmp.readCommunity': { set: true } }, {});
    expect(() => parseTemplateValues('admin', restored)).toThrow(ValidationFailedError);
  });

  it('lists every problem: bad values, unknown keys, service settings in an admin template', () => {
    try {
      parseTemplateValues('admin', {
        'time.timeZone': 'Mars/Olympus',
        'no.such.key': 1,
        'service.tonerLowThresholdPercent': 10,
      });
      expect.unreachable();
    } catch (error) {
      const fields = (error as ValidationFailedError).details?.map((d) => d.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'values.time.timeZone',
          'values.no.such.key',
          'values.service.tonerLowThresholdPercent',
        ]),
      );
    }
    expect(parseTemplateValues('service', { 'service.tonerLowThresholdPercent': 10 })).toEqual({
      'service.tonerLowThresholdPercent': 10,
    });
    expect(() => parseTemplateValues('admin', {})).toThrow(ValidationFailedError);
  });

  it('service templates need Device Management RW and System Management (or the Super Admin)', () => {
    expect(() => assertMayChangeKind(scope([Permission.AdminTemplateManagement]), 'admin')).not.toThrow();
    expect(() => assertMayChangeKind(scope([Permission.AdminTemplateManagement]), 'service')).toThrow(
      TemplateServiceSettingsForbiddenError,
    );
    expect(() =>
      assertMayChangeKind(scope([Permission.AdminTemplateManagement, Permission.DeviceManagementRw]), 'service'),
    ).toThrow(TemplateServiceSettingsForbiddenError);
    expect(() =>
      assertMayChangeKind(
        scope([Permission.AdminTemplateManagement, Permission.DeviceManagementRw, Permission.SystemManagement]),
        'service',
      ),
    ).not.toThrow();
    expect(() => assertMayChangeKind(scope([], true), 'service')).not.toThrow();
  });

  it('finds the keys holding secrets and leaves them out of exports', () => {
    expect(secretKeysOf(stored).sort()).toEqual(['security.adminPassword', 'snmp.v3Users']);
    expect(withoutSecrets(stored)).toEqual({ 'time.timeZone': 'Asia/Tokyo' });
  });
});
