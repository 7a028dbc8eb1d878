import {
  decodeSettingsMibValue,
  settingsMibObjectByOid,
  type SettingKey,
  type SettingValue,
  type SettingValues,
} from '@fleetward/contracts';
import type { DeviceModel } from '../model/device-model';

/** RFC 3416 error-status values the settings objects answer with. */
export const SnmpErrorStatus = { noError: 0, noAccess: 6, wrongType: 7, wrongValue: 10, commitFailed: 14 } as const;

/** The part of a net-snmp MibRequest the SET handler uses. */
export interface SetMibRequest {
  oid: string;
  setValue?: unknown;
  instanceNode?: unknown;
  error?: { errorStatus: number };
  done(error?: { errorStatus: number; type: number; value: null }): void;
}

const NULL_TYPE = 5;

/**
 * SNMP SET of settings through the device's settings store, as net-snmp's bulk SET handler: net-snmp calls it
 * once to test the whole PDU and once to commit it. The test phase decodes every settings varbind (object-typed
 * settings are merged from their several objects over the current value) and asks the store what it would
 * say; a value the device refuses fails the PDU with `wrongValue` at that varbind (SNMP SET is all or nothing,
 * RFC 3416 §4.2.5), a malformed one with `wrongType`. The commit phase applies the values. SET is authorised by
 * the read-write community / v3 user (net-snmp answers `noAccess` to read-only ones before this runs), so the
 * store is called with the device's own administrator password.
 */
export function settingsSetHandler(model: DeviceModel) {
  return (requests: SetMibRequest[], _mib: unknown, testSet: boolean): number => {
    const store = model.settingsStore;
    const pending = requests.filter((r) => r.error === undefined);
    const byKey = new Map<SettingKey, { first: SetMibRequest; value: SettingValue }>();
    for (const request of pending) {
      const object = settingsMibObjectByOid(request.oid);
      // No instance node: net-snmp already answers it (noAccess for a read-only community, noSuchObject, …).
      if (!object || !request.instanceNode) continue;
      const raw = Buffer.isBuffer(request.setValue) ? request.setValue.toString('utf8') : request.setValue;
      const textual = object.syntax.kind === 'text' || object.syntax.kind === 'secretText';
      // A value of the wrong SMI type: net-snmp's own handler answers wrongType.
      if (textual ? typeof raw !== 'string' : typeof raw !== 'number') continue;
      const decoded = decodeSettingsMibValue(object, raw as number | string);
      if (decoded === null) {
        if (testSet) request.done({ errorStatus: SnmpErrorStatus.wrongValue, type: NULL_TYPE, value: null });
        continue;
      }
      const entry = byKey.get(object.key);
      if (object.field === undefined) {
        byKey.set(object.key, { first: entry?.first ?? request, value: decoded });
        continue;
      }
      const base = entry?.value ?? store.peek(object.key) ?? {};
      const merged = typeof base === 'object' && base !== null && !Array.isArray(base) ? { ...base } : {};
      merged[object.field] = decoded;
      byKey.set(object.key, { first: entry?.first ?? request, value: merged });
    }
    const values: SettingValues = {};
    for (const [key, { value }] of byKey) values[key] = value;
    if (Object.keys(values).length === 0) return SnmpErrorStatus.noError;
    if (testSet) {
      for (const outcome of store.check(values)) {
        if (outcome.status === 'applied') continue;
        const request = byKey.get(outcome.key as SettingKey)?.first;
        if (request && request.error === undefined)
          request.done({ errorStatus: SnmpErrorStatus.wrongValue, type: NULL_TYPE, value: null });
      }
      return SnmpErrorStatus.noError;
    }
    const password = store.peek('security.adminPassword');
    const outcomes = store.apply(values, { adminPassword: typeof password === 'string' ? password : '' });
    return outcomes.every((o) => o.status === 'applied') ? SnmpErrorStatus.noError : SnmpErrorStatus.commitFailed;
  };
}
