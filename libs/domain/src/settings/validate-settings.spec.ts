import { SETTING_DEFINITIONS } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { settingHasSecret, validateSettingValue, validateSettingValues } from './validate-settings';

describe('settings catalogue validation', () => {
  it('accepts valid values of every kind', () => {
    expect(
      validateSettingValues({
        'security.adminPassword': 'N3w-Admin-Pass',
        'time.timeZone': 'Asia/Tokyo',
        'time.daylightSaving': { enabled: true, offsetMinutes: 60, start: 'M3.5.0/02:00', end: 'M10.5.0/03:00' },
        'time.ntp': { enabled: true, servers: ['ntp.example.com', '10.0.0.1'], pollIntervalMinutes: 60 },
        'power.sleepAfterMinutes': 15,
        'snmp.v1v2cEnabled': false,
        'tls.minVersion': 'TLSv1.2',
        'addressBook.users': [{ id: 'u1', name: 'Ann', email: 'ann@example.com' }],
      }),
    ).toEqual([]);
  });

  it('names every problem with its path', () => {
    expect(
      validateSettingValues({
        'security.adminPassword': 'short',
        'time.timeZone': 'Mars/Olympus',
        'power.sleepAfterMinutes': 0,
        'time.daylightSaving': { enabled: 'yes', offsetMinutes: 60, start: 'March', extra: 1 },
        'nope.unknown': 1,
      }),
    ).toEqual([
      { key: 'security.adminPassword', path: '', message: 'must be at least 8 characters' },
      { key: 'time.timeZone', path: '', message: 'must be an IANA time zone, e.g. Asia/Tokyo' },
      { key: 'power.sleepAfterMinutes', path: '', message: 'must be between 1 and 240' },
      { key: 'time.daylightSaving', path: 'extra', message: 'is not a known field' },
      { key: 'time.daylightSaving', path: 'enabled', message: 'must be true or false' },
      { key: 'time.daylightSaving', path: 'start', message: 'has an invalid format' },
      { key: 'time.daylightSaving', path: 'end', message: 'is required' },
      { key: 'nope.unknown', path: '', message: 'is not a setting of the catalogue' },
    ]);
  });

  it('checks list items and their bounds', () => {
    expect(
      validateSettingValue('time.ntp', { enabled: true, servers: ['a', 'b', 'c', 'd'], pollIntervalMinutes: 5 }),
    ).toEqual([{ key: 'time.ntp', path: 'servers', message: 'must have at most 3 items' }]);
    expect(validateSettingValue('network.dns', { servers: ['bad host!'], domain: 'corp' })).toEqual([
      { key: 'network.dns', path: 'servers[0]', message: 'must be a host name or an IPv4 address' },
    ]);
  });

  it('rejects a non-object', () => {
    expect(validateSettingValues([1])).toHaveLength(1);
  });

  it('knows which settings hold secrets', () => {
    const secret = SETTING_DEFINITIONS.filter((d) => settingHasSecret(d.type)).map((d) => d.key);
    expect(secret).toEqual([
      'security.adminPassword',
      'snmp.readCommunity',
      'snmp.writeCommunity',
      'snmp.v3Users',
      'email.smtp',
      'service.cePassword',
    ]);
  });
});
