import type { SettingKey, SettingValue } from './catalogue';

/**
 * Settings over SNMP SET (issue 5): which MIB object carries which catalogue setting, and how a value is encoded.
 *
 * The identity settings use the standard MIB-II objects (sysName/sysLocation/sysContact, RFC 3418), which every
 * agent has. The rest use **Fleetward's own settings group**: the vendors' private settings MIBs are not public,
 * so this group is a documented stand-in, placed under the `experimental` arc (1.3.6.1.3, RFC 1155) so it can
 * never be mistaken for a real vendor object. The simulator serves it and the SNMP family drivers write it; a
 * binding to a real vendor MIB replaces the OIDs and codecs in this one file (see settings/README.md).
 *
 * Authorisation: SNMP has no administrator password. A SET is authorised by SNMP itself — a read-write
 * community or a read-write v3 user — exactly as on real devices; a read-only community gets `noAccess`.
 * The administrator password can be *changed* through `fwSetAdminPassword` (write-only: it reads back empty).
 */

/** Base of Fleetward's settings group (instances are `<oid>.0`). */
export const FW_SETTINGS_MIB = '1.3.6.1.3.18334.5.1';

export type SettingsMibSyntax =
  /** OctetString, UTF-8 text. */
  | { kind: 'text' }
  /** OctetString that reads back empty (a password). */
  | { kind: 'secretText' }
  /** Integer (plain number). */
  | { kind: 'integer' }
  /** Integer, RFC 2579 TruthValue: true(1), false(2). */
  | { kind: 'truth' }
  /** Integer, 1-based position in `values`. */
  | { kind: 'enum'; values: readonly string[] };

export interface SettingsMibObject {
  /** The catalogue key; `field` names the member for object-typed settings carried by several objects. */
  key: SettingKey;
  field?: string;
  name: string;
  /** Object OID without the `.0` instance. */
  oid: string;
  syntax: SettingsMibSyntax;
}

const fw = (n: number): string => `${FW_SETTINGS_MIB}.${n}`;
const TLS_VERSIONS = ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

export const SETTINGS_MIB_OBJECTS: readonly SettingsMibObject[] = [
  { key: 'identity.contact', name: 'sysContact', oid: '1.3.6.1.2.1.1.4', syntax: { kind: 'text' } },
  { key: 'identity.deviceName', name: 'sysName', oid: '1.3.6.1.2.1.1.5', syntax: { kind: 'text' } },
  { key: 'identity.location', name: 'sysLocation', oid: '1.3.6.1.2.1.1.6', syntax: { kind: 'text' } },
  { key: 'security.adminPassword', name: 'fwSetAdminPassword', oid: fw(1), syntax: { kind: 'secretText' } },
  { key: 'time.timeZone', name: 'fwSetTimeZone', oid: fw(2), syntax: { kind: 'text' } },
  { key: 'time.daylightSaving', field: 'enabled', name: 'fwSetDstEnabled', oid: fw(3), syntax: { kind: 'truth' } },
  {
    key: 'time.daylightSaving',
    field: 'offsetMinutes',
    name: 'fwSetDstOffsetMinutes',
    oid: fw(4),
    syntax: { kind: 'integer' },
  },
  { key: 'time.daylightSaving', field: 'start', name: 'fwSetDstStart', oid: fw(5), syntax: { kind: 'text' } },
  { key: 'time.daylightSaving', field: 'end', name: 'fwSetDstEnd', oid: fw(6), syntax: { kind: 'text' } },
  { key: 'power.sleepAfterMinutes', name: 'fwSetSleepAfterMinutes', oid: fw(7), syntax: { kind: 'integer' } },
  { key: 'power.lowPowerAfterMinutes', name: 'fwSetLowPowerAfterMinutes', oid: fw(8), syntax: { kind: 'integer' } },
  { key: 'tls.minVersion', name: 'fwSetTlsMinVersion', oid: fw(9), syntax: { kind: 'enum', values: TLS_VERSIONS } },
  { key: 'tls.httpsOnly', name: 'fwSetHttpsOnly', oid: fw(10), syntax: { kind: 'truth' } },
  { key: 'snmp.v1v2cEnabled', name: 'fwSetSnmpV1V2cEnabled', oid: fw(11), syntax: { kind: 'truth' } },
  { key: 'snmp.v3Enabled', name: 'fwSetSnmpV3Enabled', oid: fw(12), syntax: { kind: 'truth' } },
];

/** The objects that carry one setting (several for an object-typed setting), in MIB order. */
export function settingsMibObjectsOf(key: SettingKey): SettingsMibObject[] {
  return SETTINGS_MIB_OBJECTS.filter((o) => o.key === key);
}

/** The object of an OID (with or without the `.0` instance). */
export function settingsMibObjectByOid(oid: string): SettingsMibObject | undefined {
  const bare = oid.replace(/^\./, '').replace(/\.0$/, '');
  return SETTINGS_MIB_OBJECTS.find((o) => o.oid === bare);
}

/** An SNMP-ready value: `integer` for Integer objects, `text` for OctetString ones. */
export type SettingsMibWire = { type: 'integer'; value: number } | { type: 'text'; value: string };

/** Encodes one object's share of a catalogue value; null when the value does not fit the object's syntax. */
export function encodeSettingsMibValue(object: SettingsMibObject, value: SettingValue): SettingsMibWire | null {
  const v =
    object.field === undefined
      ? value
      : typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value[object.field]
        : undefined;
  switch (object.syntax.kind) {
    case 'text':
    case 'secretText':
      return typeof v === 'string' ? { type: 'text', value: v } : null;
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) ? { type: 'integer', value: v } : null;
    case 'truth':
      return typeof v === 'boolean' ? { type: 'integer', value: v ? 1 : 2 } : null;
    case 'enum': {
      const i = typeof v === 'string' ? object.syntax.values.indexOf(v) : -1;
      return i < 0 ? null : { type: 'integer', value: i + 1 };
    }
  }
}

/** Decodes one object's raw value (number or text); null when the device sent something outside the syntax. */
export function decodeSettingsMibValue(object: SettingsMibObject, raw: number | string): SettingValue | null {
  switch (object.syntax.kind) {
    case 'text':
    case 'secretText':
      return typeof raw === 'string' ? raw : null;
    case 'integer':
      return typeof raw === 'number' && Number.isInteger(raw) ? raw : null;
    case 'truth':
      return raw === 1 ? true : raw === 2 ? false : null;
    case 'enum':
      return typeof raw === 'number' ? (object.syntax.values[raw - 1] ?? null) : null;
  }
}
