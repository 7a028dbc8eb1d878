import {
  isSettingKey,
  SETTING_KEYS,
  settingDefinition,
  type SettingKey,
  type SettingsApplyRequest,
  type SettingsApplyResponse,
  type SettingsCapabilitiesResponse,
  type SettingsCapability,
  type SettingsReadResponse,
  type SettingsTarget,
} from '@fleetward/contracts';
import { settingHasSecret } from '@fleetward/domain/settings';
import { createHash } from 'node:crypto';
import { EdgeError } from '../common/edge-error';
import { UnsupportedDeviceError, type DriverRegistry } from '../drivers/driver-registry';
import { familyDriverRegistry } from '../drivers/drivers';
import { probeDevice } from '../drivers/generic/identify';
import type { SettingsDriverContext } from '../drivers/settings/settings-context';
import { deviceError } from '../drivers/settings/snmp-set-settings';
import type { SnmpClientPool } from '../poller/snmp-client-pool';
import type { XmlApiTransport } from '../protocols/xml-api';
import { OperationStore } from './operation-store';

export interface SettingsServiceOptions {
  pool: SnmpClientPool;
  dataDir: string;
  registry?: DriverRegistry;
  timeoutMs: number;
  now?: () => Date;
  xmlApiTransport?: XmlApiTransport;
  operationCapacity?: number;
}

/** An operationId seen before with a different request. */
export class OperationIdReusedError extends EdgeError {
  readonly code = 'OPERATION_ID_REUSED';
  override readonly httpStatus = 409;
}

const CONTRACT_CODES = new Set(['DEVICE_AUTH_FAILED', 'DEVICE_UNREACHABLE', 'TRANSPORT_FAILED', 'UNSUPPORTED_DEVICE']);

/** The edge settings API (libs/contracts/src/edge/settings-api.ts) over the family drivers. */
export class SettingsService {
  private readonly registry: DriverRegistry;
  private readonly now: () => Date;
  private readonly operations: OperationStore;
  /** Applies in flight by operationId: a concurrent duplicate waits for the first instead of sending again. */
  private readonly inFlight = new Map<string, { fingerprint: string; promise: Promise<SettingsApplyResponse> }>();

  constructor(private readonly options: SettingsServiceOptions) {
    this.registry = options.registry ?? familyDriverRegistry();
    this.now = options.now ?? (() => new Date());
    this.operations = new OperationStore(options.dataDir, options.operationCapacity);
  }

  async capabilities(target: SettingsTarget): Promise<SettingsCapabilitiesResponse> {
    try {
      const { driver, settings } = await this.driverFor(target);
      return { ok: true, driver, settings: settings.supported() };
    } catch (error) {
      return { ok: false, error: failure(error) };
    }
  }

  async read(target: SettingsTarget, keys?: SettingKey[]): Promise<SettingsReadResponse> {
    try {
      const { driver, settings } = await this.driverFor(target);
      const wanted =
        keys ??
        settings
          .supported()
          .filter((c) => c.read)
          .map((c) => c.key);
      const outcomes = await settings.read(wanted).catch((e: unknown) => {
        throw deviceError(e);
      });
      return { ok: true, driver, readAt: this.now().toISOString(), settings: outcomes };
    } catch (error) {
      return { ok: false, error: failure(error) };
    }
  }

  async apply(request: SettingsApplyRequest): Promise<SettingsApplyResponse> {
    const { operationId } = request;
    const fingerprint = fingerprintOf(request);
    const running = this.inFlight.get(operationId);
    if (running) {
      if (running.fingerprint !== fingerprint)
        throw new OperationIdReusedError(`operation ${operationId} is running for a different request`);
      const first = await running.promise;
      return { ...first, replayed: true };
    }
    const known = this.operations.get(operationId);
    if (known) {
      if (known.fingerprint !== fingerprint)
        throw new OperationIdReusedError(`operation ${operationId} was used for a different request`);
      if (known.state === 'done') return { ...known.response, replayed: true };
      return {
        ok: false,
        operationId,
        replayed: true,
        error: {
          code: 'OPERATION_INTERRUPTED',
          message:
            'the edge stopped while this operation was being sent; it is not sent again (read the device to see its state)',
        },
        settings: keysOf(request).map((key) => ({ key, status: 'failed', code: 'OPERATION_INTERRUPTED' })),
      };
    }
    const promise = this.applyOnce(request, fingerprint);
    this.inFlight.set(operationId, { fingerprint, promise });
    try {
      return await promise;
    } finally {
      this.inFlight.delete(operationId);
    }
  }

  private async applyOnce(request: SettingsApplyRequest, fingerprint: string): Promise<SettingsApplyResponse> {
    const { operationId } = request;
    this.operations.started(operationId, fingerprint);
    let response: SettingsApplyResponse;
    try {
      const { driver, settings } = await this.driverFor(request.target);
      const outcomes = await settings.apply(request.settings).catch((e: unknown) => {
        throw deviceError(e);
      });
      response = {
        ok: true,
        operationId,
        replayed: false,
        driver,
        appliedAt: this.now().toISOString(),
        settings: outcomes,
      };
    } catch (error) {
      const f = failure(error);
      response = {
        ok: false,
        operationId,
        replayed: false,
        error: f,
        settings: keysOf(request).map((key) => ({ key, status: 'failed', code: f.code })),
      };
    }
    this.operations.done(operationId, fingerprint, response);
    return response;
  }

  private async driverFor(
    target: SettingsTarget,
  ): Promise<{ driver: { id: string; family: string }; settings: SettingsCapability }> {
    const pool = this.options.pool;
    const snmp = pool.client(target);
    const probe = await probeDevice(snmp).catch((e: unknown) => {
      throw deviceError(e);
    });
    const writeSnmp = target.access.snmpWrite ? pool.client({ ...target, snmp: target.access.snmpWrite }) : snmp;
    const context: SettingsDriverContext = {
      snmp,
      identity: probe.identity.value,
      hostResources: probe.hostResources,
      settings: {
        target,
        writeSnmp,
        timeoutMs: target.timeoutMs ?? this.options.timeoutMs,
        ...(this.options.xmlApiTransport ? { xmlApiTransport: this.options.xmlApiTransport } : {}),
      },
    };
    const { driver } = this.registry.create(context);
    const settings = driver.capabilities.settings;
    if (!settings) throw new UnsupportedDeviceError(`driver ${driver.id} cannot read or write settings`);
    return { driver: { id: driver.id, family: driver.family }, settings };
  }
}

function keysOf(request: SettingsApplyRequest): SettingKey[] {
  return (Object.keys(request.settings) as SettingKey[]).filter((k) => SETTING_KEYS.includes(k));
}

/** A digest of the request to detect a reused operationId; secret values are left out (never on disk, even hashed). */
export function fingerprintOf(request: SettingsApplyRequest): string {
  const settings = Object.fromEntries(
    Object.entries(request.settings).map(([k, v]) => [
      k,
      isSettingKey(k) && settingHasSecret(settingDefinition(k).type) ? '<secret>' : v,
    ]),
  );
  const canonical = JSON.stringify({
    target: { host: request.target.host, port: request.target.port ?? 161 },
    settings: sortKeys(settings),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

function failure(error: unknown): { code: string; message: string } {
  if (error instanceof EdgeError && CONTRACT_CODES.has(error.code)) return { code: error.code, message: error.message };
  if (error instanceof EdgeError) return { code: 'TRANSPORT_FAILED', message: `${error.code}: ${error.message}` };
  return { code: 'TRANSPORT_FAILED', message: error instanceof Error ? error.message : String(error) };
}
