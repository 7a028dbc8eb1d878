import {
  decodeSettingsMibValue,
  encodeSettingsMibValue,
  settingsMibObjectsOf,
  type SettingApplyOutcome,
  type SettingCapability,
  type SettingKey,
  type SettingReadOutcome,
  type SettingValue,
  type SettingValues,
  type SettingsCapability,
} from '@fleetward/contracts';
import { SnmpError, SnmpRequestFailedError, SnmpType, type SnmpClient, type SnmpVarbind } from '../../protocols/snmp';
import { DeviceAuthError, DeviceUnreachableError } from '../../protocols/xml-api';

/** SNMP error statuses that mean "the device refused this value" (RFC 3416 §4.2.5). */
const VALUE_REFUSED = new Set([
  'WrongValue',
  'WrongType',
  'WrongLength',
  'WrongEncoding',
  'BadValue',
  'InconsistentValue',
  'NotWritable',
  'ReadOnly',
]);
/** …and "these credentials may not write". */
const ACCESS_REFUSED = new Set(['NoAccess', 'AuthorizationError']);

/**
 * Settings over SNMP SET (mapping: SETTINGS_MIB_OBJECTS in libs/contracts/src/settings/settings-mib.ts): reads
 * with GET, writes with SET through the write credentials. SNMP SET is all or nothing per PDU, so when the device
 * refuses one varbind the setting it belongs to is reported `rejected` with the device's error status and the
 * others are sent again without it.
 */
export class SnmpSetSettings implements SettingsCapability {
  constructor(
    private readonly keys: readonly SettingKey[],
    private readonly read_: SnmpClient,
    private readonly write_: SnmpClient,
  ) {}

  supported(): SettingCapability[] {
    return this.keys.map((key) => ({
      key,
      read: settingsMibObjectsOf(key).every((o) => o.syntax.kind !== 'secretText'),
      write: true,
      transport: 'snmp-set',
    }));
  }

  async read(keys: readonly SettingKey[]): Promise<SettingReadOutcome[]> {
    const wanted = keys.filter((k) => this.keys.includes(k));
    const objects = wanted.flatMap((k) => settingsMibObjectsOf(k)).filter((o) => o.syntax.kind !== 'secretText');
    const results =
      objects.length === 0
        ? []
        : await this.read_.get(objects.map((o) => `${o.oid}.0`)).catch((e: unknown) => {
            throw deviceError(e);
          });
    const byOid = new Map(results.map((r) => [r.oid, r]));
    return keys.map((key): SettingReadOutcome => {
      if (!this.keys.includes(key)) return { key, status: 'unsupported', message: 'not supported by this driver' };
      const own = settingsMibObjectsOf(key);
      if (own.some((o) => o.syntax.kind === 'secretText'))
        return { key, status: 'unsupported', message: 'write-only (secret)' };
      const fields: Record<string, SettingValue> = {};
      let whole: SettingValue | undefined;
      for (const object of own) {
        const r = byOid.get(`${object.oid}.0`);
        if (!r?.ok)
          return {
            key,
            status: 'unsupported',
            message: `device has no ${object.name} (${r?.ok === false ? r.error : 'no answer'})`,
          };
        const raw =
          r.varbind.type === SnmpType.OctetString
            ? Buffer.from(r.varbind.value as Buffer).toString('utf8')
            : r.varbind.value;
        const value = typeof raw === 'number' || typeof raw === 'string' ? decodeSettingsMibValue(object, raw) : null;
        if (value === null)
          return {
            key,
            status: 'failed',
            code: 'MALFORMED_VALUE',
            message: `${object.name} holds ${String(raw)}, outside its syntax`,
          };
        if (object.field === undefined) whole = value;
        else fields[object.field] = value;
      }
      return { key, status: 'ok', value: whole ?? fields };
    });
  }

  async apply(settings: SettingValues): Promise<SettingApplyOutcome[]> {
    const outcomes = new Map<SettingKey, SettingApplyOutcome>();
    const pending = new Map<SettingKey, SnmpVarbind[]>();
    for (const [key, value] of Object.entries(settings) as [SettingKey, SettingValue][]) {
      if (!this.keys.includes(key)) {
        outcomes.set(key, {
          key,
          status: 'unsupported',
          code: 'UNSUPPORTED',
          message: 'not writable over SNMP on this device',
        });
        continue;
      }
      const varbinds: SnmpVarbind[] = [];
      for (const object of settingsMibObjectsOf(key)) {
        const wire = encodeSettingsMibValue(object, value);
        if (wire === null) {
          // A field the settings MIB has no object for cannot be left out silently.
          outcomes.set(key, {
            key,
            status: 'rejected',
            code: 'VALUE_NOT_ENCODABLE',
            message: `${object.name} cannot carry this value`,
          });
          break;
        }
        varbinds.push(
          wire.type === 'integer'
            ? { oid: `${object.oid}.0`, type: SnmpType.Integer, value: wire.value }
            : { oid: `${object.oid}.0`, type: SnmpType.OctetString, value: Buffer.from(wire.value, 'utf8') },
        );
      }
      if (!outcomes.has(key)) pending.set(key, varbinds);
    }
    while (pending.size > 0) {
      try {
        await this.write_.set([...pending.values()].flat());
        for (const key of pending.keys()) outcomes.set(key, { key, status: 'applied' });
        pending.clear();
      } catch (error) {
        const status = error instanceof SnmpRequestFailedError ? error.status : null;
        if (status !== null && ACCESS_REFUSED.has(status))
          throw new DeviceAuthError(`the device refused SNMP SET with these credentials (${status})`, { cause: error });
        const oid = /:\s*([\d.]+)\s*$/.exec(error instanceof Error ? error.message : '')?.[1];
        const culprit = oid ? [...pending].find(([, vbs]) => vbs.some((vb) => vb.oid === oid))?.[0] : undefined;
        if (status === null || !VALUE_REFUSED.has(status) || culprit === undefined) {
          if (error instanceof SnmpError && status === null) throw deviceError(error);
          for (const key of pending.keys())
            outcomes.set(key, {
              key,
              status: 'failed',
              code: 'SNMP_SET_FAILED',
              message: error instanceof Error ? error.message : String(error),
            });
          pending.clear();
          break;
        }
        outcomes.set(culprit, {
          key: culprit,
          status: 'rejected',
          code: `SNMP_${status.toUpperCase()}`,
          message: `the device refused the value (SNMP ${lowerFirst(status)})`,
        });
        pending.delete(culprit);
      }
    }
    return (Object.keys(settings) as SettingKey[]).map((k) => outcomes.get(k)!);
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** An SNMP failure of the whole exchange as a settings error with a contract code. */
export function deviceError(error: unknown): Error {
  if (error instanceof SnmpError) {
    if (error.isAuthFailure) return new DeviceAuthError(`SNMP credentials refused: ${error.message}`, { cause: error });
    if (error.code === 'timeout' || error.code === 'unreachable')
      return new DeviceUnreachableError(error.message, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
