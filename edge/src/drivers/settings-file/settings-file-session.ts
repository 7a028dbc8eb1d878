import {
  isSettingsFileRefusal,
  settingDefinition,
  type SettingApplyOutcome,
  type SettingCapability,
  type SettingKey,
  type SettingReadOutcome,
  type SettingsFileVariant,
  type SettingsTransport,
  type SettingValues,
} from '@fleetward/contracts';
import { settingHasSecret } from '@fleetward/domain';
import {
  openResult,
  parseSettingsFile,
  renderSettingsFile,
  sealSettings,
  SettingsFileError,
} from '@fleetward/domain/settings-file';
import { randomUUID } from 'node:crypto';
import { EdgeError } from '../../common/edge-error';
import {
  DeviceAuthFailedError,
  SettingsAccessMissingError,
  SettingsTransportError,
  WrongDeviceError,
} from './settings-file.errors';

/**
 * What moves one settings file to a device and brings its result file back (WebDAV pull or SMB share). It throws
 * EdgeErrors (DeviceUnreachableError, SettingsResultTimeoutError, SettingsTransportError) for whole-op failures.
 */
export interface SettingsFileExchange {
  readonly transport: Extract<SettingsTransport, 'webdav' | 'smb'>;
  readonly variant: SettingsFileVariant;
  exchange(request: { operationId: string; deviceAddress: string; file: Buffer }): Promise<Buffer>;
}

export interface SettingsFileSessionOptions {
  exchange: SettingsFileExchange;
  /** The device as the file names it (a device with another address or serial refuses the file). */
  device: { address: string; serial: string | null };
  /** The device administrator password: the file's encryption key is derived from it. */
  adminPassword: string | undefined;
  /** Keys this family takes in a settings file (mapping.ts of the family). */
  writable: readonly SettingKey[];
  /** Keys the device reports back in a result file (non-secret). */
  readable: readonly SettingKey[];
  /** Operation id written into the file (default: a random UUID per call). */
  newOperationId?: () => string;
  /** Lower scrypt cost (tests only; bounded by the codec). */
  kdf?: { N?: number };
  now?: () => Date;
}

/** What a settings-file family can do: write what its files carry, read what its result files report (no secrets). */
export function settingsFileCapabilities(
  transport: SettingsFileExchange['transport'],
  writable: readonly SettingKey[],
  readable: readonly SettingKey[],
): SettingCapability[] {
  return [...new Set([...writable, ...readable])].map((key) => ({
    key,
    read: readable.includes(key) && !settingHasSecret(settingDefinition(key).type),
    write: writable.includes(key),
    transport,
  }));
}

/**
 * The family-independent half of a settings-file driver: seals the values for one device, hands the file to the
 * exchange, and turns the device's result into per-key outcomes — reporting the device's own reasons, and never
 * "applied" unless the device wrote an authenticated (sealed) result saying so.
 */
export class SettingsFileSession {
  constructor(private readonly options: SettingsFileSessionOptions) {}

  supported(): SettingCapability[] {
    return settingsFileCapabilities(this.options.exchange.transport, this.options.writable, this.options.readable);
  }

  async apply(settings: SettingValues): Promise<SettingApplyOutcome[]> {
    const keys = Object.keys(settings) as SettingKey[];
    const sendable: SettingValues = {};
    const local: SettingApplyOutcome[] = [];
    for (const key of keys) {
      if (this.options.writable.includes(key)) sendable[key] = settings[key];
      else
        local.push({
          key,
          status: 'unsupported',
          code: 'UNSUPPORTED_SETTING',
          message: `${this.options.exchange.transport} settings files of this family do not carry ${key}`,
        });
    }
    if (Object.keys(sendable).length === 0) return local;
    const result = await this.exchange({ settings: sendable, report: [] });
    const byKey = new Map(result.outcomes.map((o) => [o.key, o]));
    const sent = (Object.keys(sendable) as SettingKey[]).map((key): SettingApplyOutcome => {
      const o = byKey.get(key);
      if (!o) return { key, status: 'failed', code: 'NOT_REPORTED', message: 'the device did not report this setting' };
      if (o.status === 'applied') return { key, status: 'applied' };
      return {
        key,
        status: o.status,
        code: o.status === 'rejected' ? 'DEVICE_REJECTED' : 'UNSUPPORTED_SETTING',
        message: o.message ?? (o.status === 'rejected' ? 'refused by the device' : 'not supported by the device'),
      };
    });
    const order = new Map(keys.map((k, i) => [k, i]));
    return [...sent, ...local].sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  }

  async read(keys: readonly SettingKey[]): Promise<SettingReadOutcome[]> {
    const ask: SettingKey[] = [];
    const local = new Map<SettingKey, SettingReadOutcome>();
    for (const key of keys) {
      if (settingHasSecret(settingDefinition(key).type)) {
        local.set(key, { key, status: 'unsupported', message: 'write-only (secret): a device never reveals it' });
      } else if (!this.options.readable.includes(key)) {
        local.set(key, {
          key,
          status: 'unsupported',
          message: `not reported in ${this.options.exchange.transport} result files of this family`,
        });
      } else ask.push(key);
    }
    const reported = new Map<SettingKey, SettingReadOutcome>();
    if (ask.length > 0) {
      const result = await this.exchange({ settings: {}, report: ask });
      for (const r of result.report) {
        reported.set(
          r.key,
          r.readable
            ? { key: r.key, status: 'ok', value: r.value }
            : { key: r.key, status: 'unsupported', message: r.reason },
        );
      }
    }
    return keys.map(
      (key) =>
        local.get(key) ??
        reported.get(key) ?? {
          key,
          status: 'failed',
          code: 'NOT_REPORTED',
          message: 'the device did not report this setting',
        },
    );
  }

  private async exchange(payload: { settings: SettingValues; report: SettingKey[] }) {
    const { exchange, device, adminPassword } = this.options;
    if (!adminPassword) {
      throw new SettingsAccessMissingError(
        'the device administrator password is needed: the settings file is encrypted with a key derived from it',
      );
    }
    const operationId = (this.options.newOperationId ?? randomUUID)();
    const sealed = await sealSettings(
      {
        variant: exchange.variant,
        device,
        operationId,
        password: adminPassword,
        createdAt: (this.options.now?.() ?? new Date()).toISOString(),
        ...(this.options.kdf ? { kdf: this.options.kdf } : {}),
      },
      payload,
    );
    const answer = await exchange.exchange({
      operationId,
      deviceAddress: device.address,
      file: renderSettingsFile(sealed, exchange.variant),
    });
    try {
      const file = parseSettingsFile(answer, exchange.variant);
      if (file.header.kind !== 'result' || file.header.operationId !== operationId) {
        throw new SettingsTransportError(`the result file does not answer operation ${operationId}`);
      }
      if (isSettingsFileRefusal(file)) {
        const { code, message } = file.refusal;
        if (code === 'DEVICE_AUTH_FAILED') {
          throw new DeviceAuthFailedError(`the device could not decrypt its settings file: ${message}`);
        }
        if (code === 'WRONG_DEVICE') throw new WrongDeviceError(`the device refused the settings file: ${message}`);
        throw new SettingsTransportError(`the device refused the settings file as invalid: ${message}`);
      }
      // Sealed with the password the settings were sealed with: only the device that read them could write it.
      return await openResult(file, adminPassword, exchange.variant);
    } catch (error) {
      if (error instanceof EdgeError) throw error;
      const detail = error instanceof SettingsFileError ? error.message : String(error);
      throw new SettingsTransportError(`the device's result file cannot be trusted: ${detail}`, { cause: error });
    }
  }
}
