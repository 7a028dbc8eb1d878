import { refuseSettingsFile, renderSettingsFile } from '@fleetward/domain/settings-file';
import { describe, expect, it } from 'vitest';
import type { SmbFileClient } from '../../protocols/smb';
import { SmbAuthError, SmbUnreachableError } from '../../protocols/smb';
import {
  DeviceUnreachableError,
  SettingsAccessMissingError,
  SettingsResultTimeoutError,
  SettingsTransportError,
} from '../settings-file/settings-file.errors';
import { SmbSettingsFileExchange, smbShareOf } from './smb-exchange';

/** An in-memory share; `device` runs after each write (a fake device answering). */
function fakeShare(device?: (files: Map<string, Buffer>) => void) {
  const files = new Map<string, Buffer>();
  const log: string[] = [];
  const client: SmbFileClient = {
    via: 'node-smb2',
    writeFile: (f, d) => {
      log.push(`write ${f}`);
      files.set(f, d);
      return Promise.resolve();
    },
    readFile: (f) => Promise.resolve(files.get(f) ?? null),
    rename: (a, b) => {
      log.push(`rename ${a} ${b}`);
      files.set(b, files.get(a)!);
      files.delete(a);
      device?.(files);
      return Promise.resolve();
    },
    remove: (f) => {
      files.delete(f);
      return Promise.resolve();
    },
    close: () => {
      log.push('close');
      return Promise.resolve();
    },
  };
  return { files, log, client };
}

const share = { host: '127.25.9.9', share: 'fleetward', user: 'u', password: 'p' };
const RESULT = renderSettingsFile(
  refuseSettingsFile(
    {
      header: {
        format: 'fleetward-settings-file',
        version: 1,
        kind: 'settings',
        device: { serial: null, address: '127.25.9.1' },
        operationId: 'op-1',
        createdAt: '2026-12-01T00:00:00.000Z',
      },
    },
    'WRONG_DEVICE',
    'not me',
  ),
  'json',
);

describe('SmbSettingsFileExchange', () => {
  it('writes to a temporary name, renames into place, reads the result and deletes both files', async () => {
    const fake = fakeShare((files) => {
      if (files.has('in/fleetward-settings-op-1.json')) files.set('in/fleetward-result-op-1.json', RESULT);
    });
    const sut = new SmbSettingsFileExchange({
      share,
      folder: 'in',
      resultTimeoutMs: 1000,
      connect: () => Promise.resolve(fake.client),
    });
    expect(await sut.exchange({ operationId: 'op-1', file: Buffer.from('F') })).toEqual(RESULT);
    expect(fake.log).toEqual([
      'write in/fleetward-settings-op-1.json.part',
      'rename in/fleetward-settings-op-1.json.part in/fleetward-settings-op-1.json',
      'close',
    ]);
    expect(fake.files.size).toBe(0);
    expect(sut.lastVia).toBe('node-smb2');
  });

  it('checks what it wrote: a file that reads back wrong (zeros) is written again before it is renamed', async () => {
    const fake = fakeShare((files) => files.set('fleetward-result-op-4.json', RESULT));
    let zeroReads = 3;
    const read = fake.client.readFile;
    fake.client.readFile = (f) => (f.endsWith('.part') && zeroReads-- > 0 ? Promise.resolve(Buffer.alloc(1)) : read(f));
    const sut = new SmbSettingsFileExchange({
      share,
      folder: '',
      resultTimeoutMs: 1000,
      connect: () => Promise.resolve(fake.client),
    });
    await sut.exchange({ operationId: 'op-4', file: Buffer.from('F') });
    expect(fake.log.filter((l) => l.startsWith('write'))).toEqual([
      'write fleetward-settings-op-4.json.part',
      'write fleetward-settings-op-4.json.part',
    ]);
  });

  it('reads a result that is still being written again until it parses', async () => {
    const fake = fakeShare((files) => files.set('fleetward-result-op-3.json', RESULT.subarray(0, 20)));
    const sut = new SmbSettingsFileExchange({
      share,
      folder: '',
      resultTimeoutMs: 5000,
      connect: () => Promise.resolve(fake.client),
      now: () => 0,
      sleep: () => {
        fake.files.set('fleetward-result-op-3.json', RESULT);
        return Promise.resolve();
      },
    });
    expect(await sut.exchange({ operationId: 'op-3', file: Buffer.from('F') })).toEqual(RESULT);
  });

  it('waits a bounded time (injected clock), then withdraws the file and reports the outcome unknown', async () => {
    const fake = fakeShare();
    let clock = 0;
    const sleeps: number[] = [];
    const sut = new SmbSettingsFileExchange({
      share,
      folder: '',
      resultTimeoutMs: 2000,
      pollIntervalMs: 500,
      connect: () => Promise.resolve(fake.client),
      now: () => clock,
      sleep: (ms) => {
        sleeps.push(ms);
        clock += ms;
        return Promise.resolve();
      },
    });
    await expect(sut.exchange({ operationId: 'op-2', file: Buffer.from('F') })).rejects.toBeInstanceOf(
      SettingsResultTimeoutError,
    );
    expect(sleeps).toEqual([500, 500, 500, 500]);
    expect(fake.files.size).toBe(0);
  });

  it('maps SMB failures: unreachable share → DEVICE_UNREACHABLE, refused logon → TRANSPORT_FAILED', async () => {
    const failing = (error: Error) =>
      new SmbSettingsFileExchange({ share, folder: '', resultTimeoutMs: 10, connect: () => Promise.reject(error) });
    await expect(
      failing(new SmbUnreachableError('no answer')).exchange({ operationId: 'x', file: Buffer.alloc(1) }),
    ).rejects.toBeInstanceOf(DeviceUnreachableError);
    await expect(
      failing(new SmbAuthError('logon refused')).exchange({ operationId: 'x', file: Buffer.alloc(1) }),
    ).rejects.toBeInstanceOf(SettingsTransportError);
  });

  it('reads the share from the target access (UNC path, sub-folder) and requires it', () => {
    const target = {
      host: '10.0.0.7',
      snmp: { version: '2c' as const, community: 'public' },
      access: { smb: { share: '\\\\10.0.0.7\\scans\\fleet', path: 'inbox/', user: 'svc', password: 'pw', port: 4450 } },
    };
    expect(smbShareOf(target, 3000)).toEqual({
      share: { host: '10.0.0.7', share: 'scans', user: 'svc', password: 'pw', port: 4450, timeoutMs: 3000 },
      folder: 'fleet/inbox',
    });
    expect(() => smbShareOf({ ...target, access: {} })).toThrow(SettingsAccessMissingError);
  });
});
