import {
  SETTINGS_FILE_MAX_BYTES,
  type SettingsFilePayload,
  type SettingsFileVariant,
  type SettingsResultPayload,
} from '@fleetward/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assertSettingsFileFor,
  openResult,
  openSettings,
  parseSettingsFile,
  refuseSettingsFile,
  renderSettingsFile,
  sealResult,
  sealSettings,
  SettingsFileError,
  type SettingsFileFailure,
} from './settings-file.codec';

const device = { serial: 'C31-000123', address: '127.25.1.10' };
const base = {
  device,
  operationId: 'op-0001',
  password: 'fleetward-admin',
  createdAt: '2026-12-01T09:00:00.000Z',
  kdf: { N: 1024 },
};
const payload: SettingsFilePayload = {
  settings: {
    'security.adminPassword': 'n3w-Secret&<pw>',
    'time.timeZone': 'Asia/Tokyo',
    'power.sleepAfterMinutes': 15,
    'tls.httpsOnly': true,
    'time.ntp': { enabled: true, servers: ['ntp1.example.com', 'ntp2.example.com'], pollIntervalMinutes: 60 },
    'addressBook.users': [{ id: 'u1', name: 'Ōta "Kei"', email: 'kei@example.com' }],
    'identity.location': '',
  },
  report: ['time.timeZone', 'identity.location'],
};
const result: SettingsResultPayload = {
  outcomes: [
    { key: 'time.timeZone', status: 'applied' },
    { key: 'power.sleepAfterMinutes', status: 'rejected', message: 'value must be at most 10 on this model' },
    { key: 'addressBook.users', status: 'unsupported', message: 'not supported by this model' },
  ],
  report: [
    { key: 'time.timeZone', readable: true, value: 'Asia/Tokyo' },
    { key: 'security.adminPassword', readable: false, reason: 'write-only (secret)' },
  ],
};

async function reason(fn: () => unknown): Promise<SettingsFileFailure> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsFileError);
    return (error as SettingsFileError).reason;
  }
  throw new Error('expected a SettingsFileError');
}

describe.each<SettingsFileVariant>(['xml', 'json'])('settings file (%s variant)', (variant) => {
  const sealed = () => sealSettings({ ...base, variant }, payload);
  let file0: Awaited<ReturnType<typeof sealed>>;
  beforeAll(async () => {
    file0 = await sealed();
  });

  it('round-trips settings and results, and keeps secrets out of the clear text', async () => {
    const bytes = renderSettingsFile(file0, variant);
    expect(bytes.toString('utf8')).not.toContain('n3w-Secret');
    expect(bytes.toString('utf8')).not.toContain('Asia/Tokyo');
    const file = parseSettingsFile(bytes, variant);
    expect(file.header).toEqual({
      format: 'fleetward-settings-file',
      version: 1,
      kind: 'settings',
      device,
      operationId: 'op-0001',
      createdAt: '2026-12-01T09:00:00.000Z',
    });
    expect(await openSettings(file, 'fleetward-admin', variant)).toEqual(payload);

    const resultBytes = renderSettingsFile(await sealResult({ ...base, variant }, result), variant);
    const parsed = parseSettingsFile(resultBytes, variant);
    expect(parsed.header.kind).toBe('result');
    expect(await openResult(parsed, 'fleetward-admin', variant)).toEqual(result);
  });

  it('uses a fresh salt and IV per file', async () => {
    const a = await sealed();
    const b = await sealed();
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('refuses a wrong administrator password as decryptFailed (→ DEVICE_AUTH_FAILED)', async () => {
    const file = parseSettingsFile(renderSettingsFile(file0, variant), variant);
    const error = await openSettings(file, 'not-the-password', variant).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsFileError);
    expect((error as SettingsFileError).reason).toBe('decryptFailed');
    expect((error as SettingsFileError).refusalCode).toBe('DEVICE_AUTH_FAILED');
  });

  it('detects a tampered ciphertext and a tampered header (re-addressed to another device)', async () => {
    const file = file0;
    const raw = Buffer.from(file.ciphertext, 'base64');
    raw[0] = raw[0]! ^ 0x01;
    expect(
      await reason(() => openSettings({ ...file, ciphertext: raw.toString('base64') }, 'fleetward-admin', variant)),
    ).toBe('decryptFailed');
    const readdressed = { ...file, header: { ...file.header, device: { serial: null, address: '127.25.1.11' } } };
    const reparsed = parseSettingsFile(renderSettingsFile(readdressed, variant), variant);
    expect(await reason(() => openSettings(reparsed, 'fleetward-admin', variant))).toBe('decryptFailed');
  });

  it('lets a device refuse a file meant for another device (serial or address)', async () => {
    const file = file0;
    expect(() => assertSettingsFileFor(file, device)).not.toThrow();
    expect(() => assertSettingsFileFor(file, { ...device, address: '127.25.1.10'.toUpperCase() })).not.toThrow();
    expect(await reason(() => assertSettingsFileFor(file, { ...device, address: '127.25.1.11' }))).toBe('wrongDevice');
    expect(await reason(() => assertSettingsFileFor(file, { ...device, serial: 'C31-999999' }))).toBe('wrongDevice');
    const anySerial = await sealSettings(
      { ...base, variant, device: { serial: null, address: device.address } },
      payload,
    );
    expect(() => assertSettingsFileFor(anySerial, { ...device, serial: 'C31-999999' })).not.toThrow();
  });

  it('refuses an oversized file before parsing it', async () => {
    const big = Buffer.alloc(SETTINGS_FILE_MAX_BYTES + 1, 0x20);
    expect(await reason(() => parseSettingsFile(big, variant))).toBe('tooLarge');
  });

  it('refuses malformed files, unknown keys and a result file where a settings file is expected', async () => {
    expect(await reason(() => parseSettingsFile('', variant))).toBe('malformed');
    expect(await reason(() => parseSettingsFile('{not', variant))).toBe('malformed');
    const resultFile = await sealResult({ ...base, variant }, result);
    expect(await reason(() => openSettings(resultFile, 'fleetward-admin', variant))).toBe('wrongKind');
    const unknownKey = await sealSettings({ ...base, variant }, { settings: {}, report: ['no.such' as never] });
    expect(await reason(() => openSettings(unknownKey, 'fleetward-admin', variant))).toBe('malformed');
  });

  it('bounds the scrypt cost a file may ask for, and rejects another version', async () => {
    const file = file0;
    const costly = { ...file, kdf: { ...file.kdf, N: 1 << 20 } };
    expect(await reason(() => parseSettingsFile(renderSettingsFile(costly, variant), variant))).toBe('kdfOutOfBounds');
    const v2 = { ...file, header: { ...file.header, version: 2 as never } };
    expect(await reason(() => parseSettingsFile(renderSettingsFile(v2, variant), variant))).toBe('unsupportedVersion');
  });

  it('writes and reads a clear-text refusal that carries no payload', async () => {
    const refusal = refuseSettingsFile(file0, 'DEVICE_AUTH_FAILED', 'authentication failed', base.createdAt);
    const parsed = parseSettingsFile(renderSettingsFile(refusal, variant), variant);
    expect(parsed).toEqual({
      header: { ...file0.header, kind: 'result' },
      refusal: { code: 'DEVICE_AUTH_FAILED', message: 'authentication failed' },
    });
    expect(await reason(() => openResult(parsed, 'fleetward-admin', variant))).toBe('wrongKind');
  });
});

describe('settings file (XML specifics)', () => {
  it('refuses DOCTYPE / ENTITY declarations (no entity expansion)', async () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><SettingsFile xmlns="urn:fleetward:settings-file:1"/>';
    expect(await reason(() => parseSettingsFile(xml, 'xml'))).toBe('forbiddenMarkup');
  });

  it('writes the documented elements', async () => {
    const xml = renderSettingsFile(await sealSettings({ ...base, variant: 'xml' }, payload), 'xml').toString('utf8');
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><SettingsFile xmlns="urn:fleetward:settings-file:1" format="fleetward-settings-file" version="1" kind="settings"><Device serial="C31-000123" address="127.25.1.10"\/><OperationId>op-0001<\/OperationId><CreatedAt>2026-12-01T09:00:00.000Z<\/CreatedAt><Kdf name="scrypt" salt="[^"]+" N="1024" r="8" p="1"\/><Cipher name="aes-256-gcm" iv="[^"]+" tag="[^"]+"\/><CipherValue>[A-Za-z0-9+/=]+<\/CipherValue><\/SettingsFile>$/,
    );
  });

  it('seals with the default scrypt cost when none is given', async () => {
    const file = await sealSettings({ ...base, kdf: undefined, variant: 'json' }, payload);
    expect(file.kdf).toMatchObject({ N: 16_384, r: 8, p: 1 });
    expect(await openSettings(file, 'fleetward-admin', 'json')).toEqual(payload);
  });
});
