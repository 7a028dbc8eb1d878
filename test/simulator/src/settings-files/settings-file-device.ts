import type { SettingKey, SettingsFileDevice, SettingsFileVariant } from '@fleetward/contracts';
import {
  assertSettingsFileFor,
  openSettings,
  parseSettingsFile,
  refuseSettingsFile,
  renderSettingsFile,
  sealResult,
  SettingsFileError,
} from '@fleetward/domain/settings-file';
import type { DeviceSettingsStore } from '../model/device-settings';

/**
 * What a simulated c3100i / smb-287 device does with a settings file, whichever way it arrived (WebDAV pull or its
 * SMB share): check that the file is meant for it, decrypt it with its own administrator password, apply the values
 * through its settings store (device-side validation), report the requested values, and answer with a result file
 * sealed with the password it decrypted with — or a clear-text refusal when it could not read the file.
 */
export interface SettingsFileDeviceOptions {
  store: DeviceSettingsStore;
  device: SettingsFileDevice;
  /** Lower scrypt cost for the result (tests); the reader accepts any cost within the contract's bounds. */
  kdf?: { N?: number };
  now?: () => Date;
}

export interface HandledSettingsFile {
  /** The result file to write back; null when the file was unreadable (no operation to answer). */
  result: Buffer | null;
  operationId: string | null;
  outcome: 'applied' | 'refused';
}

export async function handleSettingsFile(
  body: Buffer,
  variant: SettingsFileVariant,
  options: SettingsFileDeviceOptions,
): Promise<HandledSettingsFile> {
  const createdAt = (options.now?.() ?? new Date()).toISOString();
  let file;
  try {
    file = parseSettingsFile(body, variant);
  } catch {
    // Nothing to answer to: no header names the operation. A real device logs and drops the file.
    return { result: null, operationId: null, outcome: 'refused' };
  }
  const refuse = (error: SettingsFileError): HandledSettingsFile => {
    const message =
      error.refusalCode === 'DEVICE_AUTH_FAILED'
        ? 'authentication failed: the file cannot be decrypted with this device administrator password'
        : error.message;
    return {
      result: renderSettingsFile(refuseSettingsFile(file, error.refusalCode, message, createdAt), variant),
      operationId: file.header.operationId,
      outcome: 'refused',
    };
  };
  const password = options.store.secretForKeyDerivation();
  let payload;
  try {
    assertSettingsFileFor(file, options.device);
    payload = await openSettings(file, password, variant);
  } catch (error) {
    if (error instanceof SettingsFileError) return refuse(error);
    throw error;
  }
  const outcomes = options.store.apply(payload.settings, { adminPassword: password }).map((o) => ({
    key: o.key as SettingKey,
    status: o.status,
    ...(o.message === undefined ? {} : { message: o.message }),
  }));
  const report = payload.report.map((key) => {
    const r = options.store.read(key);
    return r.readable
      ? { key, readable: true as const, value: r.value }
      : { key, readable: false as const, reason: r.reason };
  });
  const sealed = await sealResult(
    {
      variant,
      device: file.header.device,
      operationId: file.header.operationId,
      password,
      createdAt,
      ...(options.kdf ? { kdf: options.kdf } : {}),
    },
    { outcomes, report },
  );
  return { result: renderSettingsFile(sealed, variant), operationId: file.header.operationId, outcome: 'applied' };
}
