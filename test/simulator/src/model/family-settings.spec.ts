import { describe, expect, it } from 'vitest';
import { renderDeviceMib } from '../snmp/device-mib';
import { DeviceModel } from './device-model';
import { FAMILY_IDS } from './families';
import { DEFAULT_ADMIN_PASSWORD } from './family-settings';

describe('a device model owns its settings store', () => {
  it('every family starts with readable values for its non-secret keys and the default admin password', () => {
    for (const family of FAMILY_IDS) {
      const model = new DeviceModel({ number: 1, family, seed: 1 });
      const store = model.settingsStore;
      expect(store.verifyAdminPassword(DEFAULT_ADMIN_PASSWORD), family).toBe(true);
      expect(store.supportedKeys, family).toContain('identity.deviceName');
      expect(store.read('identity.deviceName'), family).toEqual({ readable: true, value: model.identity.sysName });
    }
  });

  it('takes another admin password when given one', () => {
    const model = new DeviceModel({ number: 1, family: 'i-series', seed: 1, adminPassword: 'other-pass-1' });
    expect(model.settingsStore.verifyAdminPassword('other-pass-1')).toBe(true);
    expect(model.settingsStore.verifyAdminPassword(DEFAULT_ADMIN_PASSWORD)).toBe(false);
  });

  it('a settings change is a model change: the SNMP view serves the new sysName', () => {
    const model = new DeviceModel({ number: 3, family: 'oem-4000i', seed: 3 });
    const version = model.version;
    model.settingsStore.apply({ 'identity.deviceName': 'renamed-mfp' }, { adminPassword: DEFAULT_ADMIN_PASSWORD });
    expect(model.version).toBeGreaterThan(version);
    expect(model.settings.deviceName).toBe('renamed-mfp');
    const sysName = renderDeviceMib(model).scalars.find((s) => s.name === 'sysName');
    expect(sysName).toMatchObject({ value: 'renamed-mfp', writable: true });
  });

  it('applies family restrictions with the device reason', () => {
    const oem = new DeviceModel({ number: 1, family: 'oem-4000i', seed: 1 });
    expect(oem.settingsStore.check({ 'tls.minVersion': 'TLSv1.3', 'tls.httpsOnly': true })).toEqual([
      { key: 'tls.minVersion', status: 'rejected', message: 'TLS 1.3 is not supported by this firmware' },
      { key: 'tls.httpsOnly', status: 'applied' },
    ]);
    // check() is a dry run.
    expect(oem.settingsStore.applyCount).toBe(0);
    const generic = new DeviceModel({ number: 1, family: 'generic', seed: 1 });
    expect(generic.settingsStore.check({ 'time.timeZone': 'UTC' })[0]).toMatchObject({ status: 'unsupported' });
  });
});
