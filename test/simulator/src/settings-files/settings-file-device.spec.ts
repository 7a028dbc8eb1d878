import { openResult, parseSettingsFile, renderSettingsFile, sealSettings } from '@fleetward/domain/settings-file';
import { describe, expect, it } from 'vitest';
import { DeviceSettingsStore } from '../model/device-settings';
import { handleSettingsFile } from './settings-file-device';

const device = { address: '127.25.7.1', serial: 'SN-1' };
const kdf = { N: 1024 };
const store = () =>
  new DeviceSettingsStore({
    supported: ['security.adminPassword', 'time.timeZone', 'identity.location'],
    adminPassword: 'fleetward-admin',
    initial: { 'time.timeZone': 'UTC' },
  });
const file = async (password = 'fleetward-admin', to = device) =>
  renderSettingsFile(
    await sealSettings(
      { variant: 'json', device: to, operationId: 'op-7', password, kdf },
      { settings: { 'security.adminPassword': 'New-Passw0rd', 'tls.httpsOnly': true }, report: ['time.timeZone'] },
    ),
    'json',
  );

describe('handleSettingsFile (simulated device)', () => {
  it('applies through the store and seals the result with the password it decrypted with', async () => {
    const s = store();
    const handled = await handleSettingsFile(await file(), 'json', { store: s, device, kdf });
    expect(handled.outcome).toBe('applied');
    expect(s.peek('security.adminPassword')).toBe('New-Passw0rd');
    const result = parseSettingsFile(handled.result!, 'json');
    expect(result.header).toMatchObject({ kind: 'result', operationId: 'op-7', device });
    expect(await openResult(result, 'fleetward-admin', 'json')).toEqual({
      outcomes: [
        { key: 'security.adminPassword', status: 'applied' },
        { key: 'tls.httpsOnly', status: 'unsupported', message: 'not supported by this model' },
      ],
      report: [{ key: 'time.timeZone', readable: true, value: 'UTC' }],
    });
  });

  it('answers "authentication failed" in clear text when it cannot decrypt, and changes nothing', async () => {
    const s = store();
    const handled = await handleSettingsFile(await file('other-password'), 'json', { store: s, device, kdf });
    expect(parseSettingsFile(handled.result!, 'json')).toMatchObject({
      refusal: { code: 'DEVICE_AUTH_FAILED', message: expect.stringContaining('authentication failed') },
    });
    expect(s.applyCount).toBe(0);
  });

  it('refuses a file meant for another device without trying its key', async () => {
    const s = store();
    const handled = await handleSettingsFile(
      await file('fleetward-admin', { address: '127.25.7.2', serial: 'SN-1' }),
      'json',
      {
        store: s,
        device,
      },
    );
    expect(parseSettingsFile(handled.result!, 'json')).toMatchObject({ refusal: { code: 'WRONG_DEVICE' } });
    expect(s.applyCount).toBe(0);
  });

  it('drops an unreadable file (no operation to answer)', async () => {
    expect(await handleSettingsFile(Buffer.from('garbage'), 'json', { store: store(), device })).toEqual({
      result: null,
      operationId: null,
      outcome: 'refused',
    });
  });
});
