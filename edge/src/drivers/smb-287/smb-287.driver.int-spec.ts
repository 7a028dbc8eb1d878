import type { SettingsTarget, SnapshotIdentity } from '@fleetward/contracts';
import { readdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceSettingsStore } from '../../../../test/simulator/src/model/device-settings';
import { SmbShareSettingsReader } from '../../../../test/simulator/src/settings-files';
import { sambaAvailable, startSamba, type RunningSamba } from '../../../../test/support/samba';
import type { SnmpClient } from '../../protocols/snmp';
import { DeviceAuthFailedError, WrongDeviceError } from '../settings-file/settings-file.errors';
import { SMB_287_WRITABLE } from './mapping';
import { createSmb287DriverFactory } from './smb-287.driver';

const missing = sambaAvailable();
if (missing) console.warn(`skipping smb-287 driver tests: ${missing}`);

const DEVICE = '127.25.3.1';
const identity: SnapshotIdentity = {
  vendor: 'KONICA MINOLTA',
  enterprise: 18334,
  model: 'bizhub 287',
  serialNumber: 'A7PU021000123',
  firmware: null,
  sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.133.1.1',
  sysDescr: 'KONICA MINOLTA bizhub 287',
  sysName: 'mfp-287',
  sysLocation: null,
  sysContact: null,
  uptimeSeconds: 1,
};
// Settings never touch SNMP: a client that fails loudly if they did.
const snmp = new Proxy({}, { get: () => () => Promise.reject(new Error('SNMP not expected')) }) as SnmpClient;
const kdf = { N: 1024 };

describe.skipIf(missing !== null)('smb-287 driver: settings file on the device share (real Samba)', () => {
  let open: RunningSamba;
  let signed: RunningSamba;
  let readers: SmbShareSettingsReader[] = [];
  const factory = createSmb287DriverFactory({ resultTimeoutMs: 10_000, pollIntervalMs: 100, smbTimeoutMs: 5000, kdf });

  beforeAll(async () => {
    open = await startSamba();
    signed = await startSamba({ signing: 'mandatory' });
  });
  afterAll(async () => {
    await open?.stop();
    await signed?.stop();
  });
  afterEach(async () => {
    await Promise.all(readers.map((r) => r.stop()));
    readers = [];
  });

  function device(share: RunningSamba, options: { address?: string; serial?: string } = {}) {
    const store = new DeviceSettingsStore({
      // The simulated model lacks the NTP setting, and keeps its sleep timer at 60 minutes at most.
      supported: SMB_287_WRITABLE.filter((k) => k !== 'time.ntp'),
      adminPassword: 'fleetward-admin',
      initial: { 'time.timeZone': 'UTC', 'identity.location': 'Floor 1' },
      restrict: (key, value) =>
        key === 'power.sleepAfterMinutes' && (value as number) > 60 ? 'at most 60 minutes on this model' : null,
    });
    const reader = new SmbShareSettingsReader({
      dir: share.dir,
      store,
      address: options.address ?? DEVICE,
      serial: options.serial ?? identity.serialNumber,
      intervalMs: 50,
      kdf,
    });
    reader.start();
    readers.push(reader);
    return store;
  }

  function driver(share: RunningSamba, adminPassword = 'fleetward-admin') {
    const settingsTarget: SettingsTarget = {
      host: DEVICE,
      snmp: { version: '2c', community: 'public' },
      access: {
        adminPassword,
        smb: { share: share.unc, user: share.user, password: share.password, port: share.port },
      },
    };
    expect(factory.canHandle(identity)).toMatch(/bizhub 287 family/);
    return factory.create({ snmp, identity, settings: { target: settingsTarget, writeSnmp: snmp, timeoutMs: 5000 } });
  }

  it('rotates the admin password and applies the rest, reporting the device-side refusals (node-smb2)', async () => {
    const store = device(open);
    const sut = driver(open).capabilities.settings!;
    const outcomes = await sut.apply({
      'security.adminPassword': 'rotated-Passw0rd',
      'time.timeZone': 'Asia/Tokyo',
      'power.sleepAfterMinutes': 120,
      'time.ntp': { enabled: true, servers: ['ntp.example.com'], pollIntervalMinutes: 60 },
      'tls.httpsOnly': true,
    });
    expect(outcomes).toEqual([
      { key: 'security.adminPassword', status: 'applied' },
      { key: 'time.timeZone', status: 'applied' },
      {
        key: 'power.sleepAfterMinutes',
        status: 'rejected',
        code: 'DEVICE_REJECTED',
        message: 'at most 60 minutes on this model',
      },
      { key: 'time.ntp', status: 'unsupported', code: 'UNSUPPORTED_SETTING', message: 'not supported by this model' },
      { key: 'tls.httpsOnly', status: 'unsupported', code: 'UNSUPPORTED_SETTING', message: expect.any(String) },
    ]);
    expect(store.peek('security.adminPassword')).toBe('rotated-Passw0rd');
    expect(store.peek('time.timeZone')).toBe('Asia/Tokyo');
    expect(store.applyCount).toBe(1);
    // Both files are gone from the share afterwards.
    expect((await readdir(open.dir)).filter((f) => f.startsWith('fleetward-'))).toEqual([]);

    // The next delivery must use the new password: the old one is refused by the device.
    await expect(driver(open).capabilities.settings!.apply({ 'time.timeZone': 'UTC' })).rejects.toBeInstanceOf(
      DeviceAuthFailedError,
    );
    const again = await driver(open, 'rotated-Passw0rd').capabilities.settings!.apply({ 'time.timeZone': 'UTC' });
    expect(again).toEqual([{ key: 'time.timeZone', status: 'applied' }]);
  });

  it('goes through the smbclient fallback when the share requires signing', async () => {
    const store = device(signed);
    const outcomes = await driver(signed).capabilities.settings!.apply({ 'identity.location': 'Floor 7, west' });
    expect(outcomes).toEqual([{ key: 'identity.location', status: 'applied' }]);
    expect(store.peek('identity.location')).toBe('Floor 7, west');
    expect((await readdir(signed.dir)).filter((f) => f.startsWith('fleetward-'))).toEqual([]);
  });

  it("reports a wrong admin password as the device's refusal, and changes nothing", async () => {
    const store = device(open);
    const error = await driver(open, 'not-the-password')
      .capabilities.settings!.apply({ 'time.timeZone': 'Europe/Berlin' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceAuthFailedError);
    expect((error as DeviceAuthFailedError).code).toBe('DEVICE_AUTH_FAILED');
    expect((error as Error).message).toMatch(/authentication failed/);
    expect(store.peek('time.timeZone')).toBe('UTC');
    expect(store.applyCount).toBe(0);
  });

  it('is refused by a device whose serial differs (a file meant for another device)', async () => {
    const store = device(open, { serial: 'A7PU021999999' });
    await expect(
      driver(open).capabilities.settings!.apply({ 'time.timeZone': 'Europe/Berlin' }),
    ).rejects.toBeInstanceOf(WrongDeviceError);
    expect(store.peek('time.timeZone')).toBe('UTC');
  });

  it('reads what the device reports in its result file; secrets are never readable', async () => {
    device(open);
    const sut = driver(open).capabilities.settings!;
    expect(await sut.read(['time.timeZone', 'identity.location', 'security.adminPassword', 'tls.httpsOnly'])).toEqual([
      { key: 'time.timeZone', status: 'ok', value: 'UTC' },
      { key: 'identity.location', status: 'ok', value: 'Floor 1' },
      { key: 'security.adminPassword', status: 'unsupported', message: expect.stringMatching(/secret/) },
      { key: 'tls.httpsOnly', status: 'unsupported', message: expect.any(String) },
    ]);
    expect(sut.supported().find((c) => c.key === 'security.adminPassword')).toEqual({
      key: 'security.adminPassword',
      read: false,
      write: true,
      transport: 'smb',
    });
  });
});
