import type { SettingsTarget, SnapshotIdentity } from '@fleetward/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceSettingsStore } from '../../../../test/simulator/src/model/device-settings';
import { WebDavSettingsPuller } from '../../../../test/simulator/src/settings-files';
import { loadOrCreateTls } from '../../config/tls';
import type { SnmpClient } from '../../protocols/snmp';
import { WebDavSettingsDrop } from '../../protocols/webdav';
import { DeviceAuthFailedError, DeviceUnreachableError, WrongDeviceError } from '../settings-file/settings-file.errors';
import { createC3100iDriverFactory } from './c3100i.driver';
import { C3100I_WRITABLE } from './mapping';

const EDGE = '127.25.0.1';
const DEVICE = '127.25.4.1';
const OTHER_DEVICE = '127.25.4.2';
const identity: SnapshotIdentity = {
  vendor: 'KONICA MINOLTA',
  enterprise: 18334,
  model: 'bizhub C3100i',
  serialNumber: 'AA2J021000042',
  firmware: null,
  sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.117.2.5',
  sysDescr: 'KONICA MINOLTA bizhub C3100i',
  sysName: 'mfp-c3100i',
  sysLocation: null,
  sysContact: null,
  uptimeSeconds: 1,
};
const snmp = new Proxy({}, { get: () => () => Promise.reject(new Error('SNMP not expected')) }) as SnmpClient;
const kdf = { N: 1024 };

function raw(
  url: string,
  method: string,
  from: string,
  ca: string,
  body?: string,
  headers?: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        localAddress: from,
        ca,
        checkServerIdentity: () => undefined,
        headers: headers ?? (body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('c3100i driver: encrypted XML settings file pulled over WebDAV (real HTTPS sockets)', () => {
  let dataDir: string;
  let tls: { cert: string; key: string };
  let drop: WebDavSettingsDrop;
  let pullers: WebDavSettingsPuller[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'fw-webdav-'));
    tls = loadOrCreateTls({ dataDir, files: null });
    drop = await WebDavSettingsDrop.start({ hostname: EDGE, port: 0, tls });
  });
  afterAll(async () => {
    await drop?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(pullers.map((p) => p.stop()));
    pullers = [];
  });

  const factory = (pullTimeoutMs = 10_000) =>
    createC3100iDriverFactory({ webdav: () => drop, pullTimeoutMs, resultTimeoutMs: 10_000, kdf });

  function device(options: { address?: string; serial?: string; start?: boolean } = {}) {
    const store = new DeviceSettingsStore({
      supported: C3100I_WRITABLE.filter((k) => k !== 'addressBook.destinations'),
      adminPassword: 'fleetward-admin',
      initial: { 'time.timeZone': 'UTC', 'tls.minVersion': 'TLSv1.2' },
      restrict: (key, value) => (key === 'tls.minVersion' && value === 'TLSv1.0' ? 'TLS 1.0 is not offered' : null),
    });
    const puller = new WebDavSettingsPuller({
      url: drop.url,
      ca: tls.cert,
      localAddress: options.address ?? DEVICE,
      store,
      serial: options.serial ?? identity.serialNumber,
      intervalMs: 50,
      kdf,
    });
    if (options.start !== false) puller.start();
    pullers.push(puller);
    return { store, puller };
  }

  function driver(adminPassword = 'fleetward-admin', pullTimeoutMs?: number) {
    const settingsTarget: SettingsTarget = {
      host: DEVICE,
      snmp: { version: '2c', community: 'public' },
      access: { adminPassword },
    };
    const f = factory(pullTimeoutMs);
    expect(f.canHandle(identity)).toMatch(/C3100i family/);
    return f.create({ snmp, identity, settings: { target: settingsTarget, writeSnmp: snmp, timeoutMs: 5000 } })
      .capabilities.settings!;
  }

  it('delivers the settings the device pulls, with its own per-key answers', async () => {
    const { store } = device();
    const outcomes = await driver().apply({
      'security.adminPassword': 'rotated-Passw0rd',
      'time.timeZone': 'Asia/Tokyo',
      'tls.minVersion': 'TLSv1.0',
      'addressBook.destinations': [{ id: 'd1', name: 'Scans', kind: 'smb', address: '\\\\fs\\scans' }],
    });
    expect(outcomes).toEqual([
      { key: 'security.adminPassword', status: 'applied' },
      { key: 'time.timeZone', status: 'applied' },
      { key: 'tls.minVersion', status: 'rejected', code: 'DEVICE_REJECTED', message: 'TLS 1.0 is not offered' },
      {
        key: 'addressBook.destinations',
        status: 'unsupported',
        code: 'UNSUPPORTED_SETTING',
        message: 'not supported by this model',
      },
    ]);
    expect(store.peek('security.adminPassword')).toBe('rotated-Passw0rd');
    expect(store.peek('time.timeZone')).toBe('Asia/Tokyo');
    expect(store.applyCount).toBe(1);
    expect(drop.pendingCount).toBe(0);
    expect(await driver('rotated-Passw0rd').read(['time.timeZone', 'tls.minVersion'])).toEqual([
      { key: 'time.timeZone', status: 'ok', value: 'Asia/Tokyo' },
      { key: 'tls.minVersion', status: 'ok', value: 'TLSv1.2' },
    ]);
  });

  it("reports a wrong admin password as the device's refusal (it cannot decrypt the file)", async () => {
    const { store } = device();
    const error = await driver('not-the-password')
      .apply({ 'time.timeZone': 'Europe/Berlin' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceAuthFailedError);
    expect((error as Error).message).toMatch(/authentication failed/);
    expect(store.peek('time.timeZone')).toBe('UTC');
    expect(store.applyCount).toBe(0);
  });

  it('is refused by a device with another serial at that address', async () => {
    const { store } = device({ serial: 'AA2J021999999' });
    await expect(driver().apply({ 'time.timeZone': 'Europe/Berlin' })).rejects.toBeInstanceOf(WrongDeviceError);
    expect(store.peek('time.timeZone')).toBe('UTC');
  });

  it('serves the folder only to its device: others see an empty inbox and no file; nothing is listable', async () => {
    const other = device({ address: OTHER_DEVICE, start: false });
    const published = await drop.publish({ operationId: 'op-1', deviceAddress: DEVICE, file: Buffer.from('<x/>') });
    try {
      expect(await other.puller.pullOnce()).toEqual([]);
      const fileUrl = `${drop.url}${published.path}`;
      expect(await raw(fileUrl, 'GET', OTHER_DEVICE, tls.cert)).toBe(404);
      expect(await raw(`${drop.url}/ops/unguessable-but-wrong-token/settings.xml`, 'GET', DEVICE, tls.cert)).toBe(404);
      expect(await raw(`${drop.url}/`, 'PROPFIND', DEVICE, tls.cert)).toBe(403);
      expect(await raw(`${drop.url}/ops/`, 'PROPFIND', DEVICE, tls.cert)).toBe(404);
      expect(await raw(fileUrl, 'PUT', DEVICE, tls.cert, 'overwrite')).toBe(405);
      expect(await raw(fileUrl, 'DELETE', DEVICE, tls.cert)).toBe(405);
      // A result before the pull is refused too.
      expect(await raw(fileUrl.replace('settings.xml', 'result.xml'), 'PUT', DEVICE, tls.cert, '<r/>')).toBe(409);
      expect(await raw(fileUrl, 'GET', DEVICE, tls.cert)).toBe(200);
      expect(published.pulled).toBe(true);
      // A result must declare its length (bounded before it is read).
      const resultUrl = fileUrl.replace('settings.xml', 'result.xml');
      expect(await raw(resultUrl, 'PUT', DEVICE, tls.cert, '<r/>', { 'transfer-encoding': 'chunked' })).toBe(411);
    } finally {
      await published.withdraw();
    }
    expect(await raw(`${drop.url}${published.path}`, 'GET', DEVICE, tls.cert)).toBe(404);
  });

  it('fails as unreachable when the device does not pull in time, and withdraws the file', async () => {
    const { store, puller } = device({ start: false });
    await expect(driver('fleetward-admin', 300).apply({ 'time.timeZone': 'Asia/Tokyo' })).rejects.toBeInstanceOf(
      DeviceUnreachableError,
    );
    expect(drop.pendingCount).toBe(0);
    // The device coming back later finds nothing to apply.
    expect(await puller.pullOnce()).toEqual([]);
    expect(store.peek('time.timeZone')).toBe('UTC');
  });
});
