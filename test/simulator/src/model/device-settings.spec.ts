import { describe, expect, it } from 'vitest';
import { DeviceAuthRefusedError, DeviceSettingsStore } from './device-settings';

const store = () =>
  new DeviceSettingsStore({
    supported: ['security.adminPassword', 'time.timeZone', 'power.sleepAfterMinutes', 'tls.minVersion'],
    adminPassword: 'factory-pass',
    initial: { 'time.timeZone': 'Asia/Tokyo', 'power.sleepAfterMinutes': 15, 'tls.minVersion': 'TLSv1.2' },
    restrict: (key, value) =>
      key === 'tls.minVersion' && value === 'TLSv1.3' ? 'TLS 1.3 is not available on this firmware' : null,
  });

describe('simulated device settings', () => {
  it('refuses every write with a wrong administrator password', () => {
    const sut = store();
    expect(() => sut.apply({ 'time.timeZone': 'Europe/Berlin' }, { adminPassword: 'wrong' })).toThrow(
      DeviceAuthRefusedError,
    );
    expect(sut.read('time.timeZone')).toEqual({ readable: true, value: 'Asia/Tokyo' });
    expect(sut.applyCount).toBe(0);
  });

  it('applies per key: stored, rejected with the device reason, or unsupported', () => {
    const sut = store();
    const changed: string[][] = [];
    sut.onChange((keys) => changed.push(keys));
    expect(
      sut.apply(
        {
          'time.timeZone': 'Europe/Berlin',
          'power.sleepAfterMinutes': 999,
          'tls.minVersion': 'TLSv1.3',
          'network.dns': { servers: [], domain: '' },
          'security.adminPassword': 'rotated-pass-1',
        },
        { adminPassword: 'factory-pass' },
      ),
    ).toEqual([
      { key: 'time.timeZone', status: 'applied' },
      { key: 'power.sleepAfterMinutes', status: 'rejected', message: 'value must be between 1 and 240' },
      { key: 'tls.minVersion', status: 'rejected', message: 'TLS 1.3 is not available on this firmware' },
      { key: 'network.dns', status: 'unsupported', message: 'not supported by this model' },
      { key: 'security.adminPassword', status: 'applied' },
    ]);
    expect(changed).toEqual([['time.timeZone', 'security.adminPassword']]);
    expect(sut.verifyAdminPassword('rotated-pass-1')).toBe(true);
    expect(sut.verifyAdminPassword('factory-pass')).toBe(false);
    expect(sut.applyCount).toBe(1);
  });

  it('never reveals a secret and tells why a key is not readable', () => {
    const sut = store();
    expect(sut.read('security.adminPassword')).toEqual({ readable: false, reason: 'write-only (secret)' });
    expect(sut.read('network.dns')).toEqual({ readable: false, reason: 'not supported by this model' });
    expect(sut.peek('security.adminPassword')).toBe('factory-pass');
  });

  it('a change at the panel bypasses authentication (what the drift check must notice)', () => {
    const sut = store();
    sut.changeLocally('time.timeZone', 'America/New_York');
    expect(sut.read('time.timeZone')).toEqual({ readable: true, value: 'America/New_York' });
  });
});
