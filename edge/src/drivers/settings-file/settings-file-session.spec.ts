import type { SettingsFileVariant } from '@fleetward/contracts';
import {
  openSettings,
  parseSettingsFile,
  refuseSettingsFile,
  renderSettingsFile,
  sealResult,
} from '@fleetward/domain/settings-file';
import { describe, expect, it } from 'vitest';
import { SettingsFileSession, type SettingsFileExchange } from './settings-file-session';
import {
  DeviceAuthFailedError,
  SettingsAccessMissingError,
  SettingsTransportError,
  WrongDeviceError,
} from './settings-file.errors';

const device = { address: '127.25.9.1', serial: 'S-1' };
const kdf = { N: 1024 };

/** A fake device behind the exchange: it answers each file with what `answer` returns. */
function fakeExchange(
  answer: (file: Buffer, operationId: string) => Buffer | Promise<Buffer>,
  variant: SettingsFileVariant = 'json',
): SettingsFileExchange & { files: Buffer[] } {
  const files: Buffer[] = [];
  return {
    transport: 'smb',
    variant,
    files,
    exchange: async ({ file, operationId }) => {
      files.push(file);
      return answer(file, operationId);
    },
  };
}

const sut = (exchange: SettingsFileExchange, adminPassword: string | undefined = 'pw-device') =>
  new SettingsFileSession({
    exchange,
    device,
    adminPassword,
    writable: ['security.adminPassword', 'time.timeZone', 'power.sleepAfterMinutes'],
    readable: ['time.timeZone', 'power.sleepAfterMinutes'],
    newOperationId: () => 'op-42',
    kdf,
  });

describe('SettingsFileSession', () => {
  it('seals the values for the device and maps its sealed answer per key, keeping the request order', async () => {
    const exchange = fakeExchange(async (file) => {
      const parsed = parseSettingsFile(file, 'json');
      expect(parsed.header).toMatchObject({ kind: 'settings', operationId: 'op-42', device });
      expect(await openSettings(parsed, 'pw-device', 'json')).toEqual({
        settings: { 'time.timeZone': 'Asia/Tokyo', 'power.sleepAfterMinutes': 500 },
        report: [],
      });
      return renderSettingsFile(
        await sealResult(
          { variant: 'json', device, operationId: 'op-42', password: 'pw-device', kdf },
          {
            outcomes: [
              { key: 'power.sleepAfterMinutes', status: 'rejected', message: 'value must be at most 240' },
              { key: 'time.timeZone', status: 'applied' },
            ],
            report: [],
          },
        ),
        'json',
      );
    });
    expect(
      await sut(exchange).apply({
        'tls.httpsOnly': true,
        'time.timeZone': 'Asia/Tokyo',
        'power.sleepAfterMinutes': 500,
      }),
    ).toEqual([
      {
        key: 'tls.httpsOnly',
        status: 'unsupported',
        code: 'UNSUPPORTED_SETTING',
        message: expect.stringContaining('do not carry'),
      },
      { key: 'time.timeZone', status: 'applied' },
      {
        key: 'power.sleepAfterMinutes',
        status: 'rejected',
        code: 'DEVICE_REJECTED',
        message: 'value must be at most 240',
      },
    ]);
    expect(exchange.files[0]!.toString()).not.toContain('Asia/Tokyo');
  });

  it('sends nothing when no key is writable, and needs the admin password otherwise', async () => {
    const exchange = fakeExchange(() => Buffer.alloc(0));
    expect(await sut(exchange).apply({ 'tls.httpsOnly': true })).toHaveLength(1);
    expect(exchange.files).toHaveLength(0);
    await expect(sut(exchange, '').apply({ 'time.timeZone': 'UTC' })).rejects.toBeInstanceOf(
      SettingsAccessMissingError,
    );
  });

  it('turns refusals into the matching errors', async () => {
    const refusing = (code: 'DEVICE_AUTH_FAILED' | 'WRONG_DEVICE' | 'FILE_INVALID') =>
      fakeExchange((file) =>
        renderSettingsFile(refuseSettingsFile(parseSettingsFile(file, 'json'), code, 'because'), 'json'),
      );
    await expect(sut(refusing('DEVICE_AUTH_FAILED')).apply({ 'time.timeZone': 'UTC' })).rejects.toBeInstanceOf(
      DeviceAuthFailedError,
    );
    await expect(sut(refusing('WRONG_DEVICE')).apply({ 'time.timeZone': 'UTC' })).rejects.toBeInstanceOf(
      WrongDeviceError,
    );
    await expect(sut(refusing('FILE_INVALID')).apply({ 'time.timeZone': 'UTC' })).rejects.toBeInstanceOf(
      SettingsTransportError,
    );
  });

  it('never reports "applied" from a result it cannot authenticate or that answers another operation', async () => {
    const forged = fakeExchange(async () =>
      renderSettingsFile(
        await sealResult(
          { variant: 'json', device, operationId: 'op-42', password: 'someone-else', kdf },
          { outcomes: [{ key: 'time.timeZone', status: 'applied' }], report: [] },
        ),
        'json',
      ),
    );
    await expect(sut(forged).apply({ 'time.timeZone': 'UTC' })).rejects.toBeInstanceOf(SettingsTransportError);
    const otherOp = fakeExchange(async () =>
      renderSettingsFile(
        await sealResult(
          { variant: 'json', device, operationId: 'op-41', password: 'pw-device', kdf },
          { outcomes: [{ key: 'time.timeZone', status: 'applied' }], report: [] },
        ),
        'json',
      ),
    );
    await expect(sut(otherOp).apply({ 'time.timeZone': 'UTC' })).rejects.toThrow(/does not answer operation op-42/);
    const silent = fakeExchange(async () =>
      renderSettingsFile(
        await sealResult(
          { variant: 'json', device, operationId: 'op-42', password: 'pw-device', kdf },
          { outcomes: [], report: [] },
        ),
        'json',
      ),
    );
    expect(await sut(silent).apply({ 'time.timeZone': 'UTC' })).toEqual([
      {
        key: 'time.timeZone',
        status: 'failed',
        code: 'NOT_REPORTED',
        message: 'the device did not report this setting',
      },
    ]);
  });

  it('reads through a report request (XML variant); secrets and unreported keys are never made up', async () => {
    const exchange = fakeExchange(async (file) => {
      const payload = await openSettings(parseSettingsFile(file, 'xml'), 'pw-device', 'xml');
      expect(payload).toEqual({ settings: {}, report: ['time.timeZone', 'power.sleepAfterMinutes'] });
      return renderSettingsFile(
        await sealResult(
          { variant: 'xml', device, operationId: 'op-42', password: 'pw-device', kdf },
          { outcomes: [], report: [{ key: 'time.timeZone', readable: true, value: 'Europe/Berlin' }] },
        ),
        'xml',
      );
    }, 'xml');
    expect(
      await sut(exchange).read(['security.adminPassword', 'time.timeZone', 'power.sleepAfterMinutes', 'tls.httpsOnly']),
    ).toEqual([
      { key: 'security.adminPassword', status: 'unsupported', message: expect.stringContaining('secret') },
      { key: 'time.timeZone', status: 'ok', value: 'Europe/Berlin' },
      { key: 'power.sleepAfterMinutes', status: 'failed', code: 'NOT_REPORTED', message: expect.any(String) },
      { key: 'tls.httpsOnly', status: 'unsupported', message: expect.any(String) },
    ]);
  });

  it('declares what it can do: secrets write-only', () => {
    expect(sut(fakeExchange(() => Buffer.alloc(0))).supported()).toEqual([
      { key: 'security.adminPassword', read: false, write: true, transport: 'smb' },
      { key: 'time.timeZone', read: true, write: true, transport: 'smb' },
      { key: 'power.sleepAfterMinutes', read: true, write: true, transport: 'smb' },
    ]);
  });
});
