import type { SnapshotIdentity } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import type { SnmpClient } from '../../protocols/snmp';
import type { WebDavSettingsDrop } from '../../protocols/webdav';
import { SettingsAccessMissingError } from '../settings-file/settings-file.errors';
import { createC3100iDriverFactory } from './c3100i.driver';

const identity = {
  vendor: 'KONICA MINOLTA',
  enterprise: 18334,
  model: 'bizhub C3100i',
  sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.117.2.5',
  serialNumber: 'AA2J021000042',
} as SnapshotIdentity;
const snmp = {} as SnmpClient;
const settings = {
  target: {
    host: '127.25.9.1',
    snmp: { version: '2c' as const, community: 'public' },
    access: { adminPassword: 'pw' },
  },
  writeSnmp: snmp,
  timeoutMs: 1000,
};

describe('c3100i driver factory', () => {
  it('handles the C3100i by sysObjectID or model, and nothing else', () => {
    const sut = createC3100iDriverFactory({ webdav: () => null, pullTimeoutMs: 1, resultTimeoutMs: 1 });
    expect(sut.canHandle(identity)).toMatch(/C3100i family/);
    expect(sut.canHandle({ ...identity, sysObjectId: null })).toMatch(/model bizhub C3100i/);
    expect(
      sut.canHandle({ ...identity, sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4', model: 'bizhub C250i' }),
    ).toBeNull();
  });

  it('offers no settings while the WebDAV drop is off, and says why when asked to apply', async () => {
    const off = createC3100iDriverFactory({ webdav: () => null, pullTimeoutMs: 1, resultTimeoutMs: 1 }).create({
      snmp,
      identity,
      settings,
    }).capabilities.settings!;
    expect(off.supported()).toEqual([]);
    await expect(off.apply({ 'time.timeZone': 'UTC' })).rejects.toBeInstanceOf(SettingsAccessMissingError);
    const drop = { publish: () => Promise.reject(new Error('not used')) } as Pick<WebDavSettingsDrop, 'publish'>;
    const on = createC3100iDriverFactory({ webdav: () => drop, pullTimeoutMs: 1, resultTimeoutMs: 1 }).create({
      snmp,
      identity,
      settings,
    }).capabilities.settings!;
    expect(on.supported().find((c) => c.key === 'time.timeZone')).toEqual({
      key: 'time.timeZone',
      read: true,
      write: true,
      transport: 'webdav',
    });
  });
});
