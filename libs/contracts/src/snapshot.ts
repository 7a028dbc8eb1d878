/**
 * Device snapshot: the normalized result of one poll of one printer/MFP.
 * Shared by the edge (producer), the server (stores it) and the console (shows it).
 *
 * Rules: unknown values are `null`, never 0; every value read from the device is listed with the OID it came from
 * and the raw value — in `sources`, and from schema 2 on, cells of table columns in `tableSources` —; what could not
 * be read is listed in `unreadable`.
 */

/**
 * 2: table cells are listed per column in `tableSources` instead of one `sources` entry each. Edges before it send
 * 1 (every value in `sources`); readers accept both.
 */
export const SNAPSHOT_SCHEMA_VERSION = 2 as const;
export type SnapshotSchemaVersion = 1 | typeof SNAPSHOT_SCHEMA_VERSION;

export type SnmpVersionName = '1' | '2c' | '3';

export interface SnapshotTarget {
  host: string;
  port: number;
  snmpVersion: SnmpVersionName;
  /** SNMPv3 context name or, for v1/v2c, nothing (the community is a secret and never echoed). */
  context?: string;
}

/**
 * RFC 3805 PrinterDetectedErrorState bit names in bit order: index = bit number, bit 0 being the most
 * significant bit of the first octet.
 */
export const PRINTER_ERROR_NAMES = [
  'lowPaper',
  'noPaper',
  'lowToner',
  'noToner',
  'doorOpen',
  'jammed',
  'offline',
  'serviceRequested',
  'inputTrayMissing',
  'outputTrayMissing',
  'markerSupplyMissing',
  'outputNearFull',
  'outputFull',
  'inputTrayEmpty',
  'overduePreventMaint',
] as const;

export type PrinterErrorName = (typeof PRINTER_ERROR_NAMES)[number];

/** RFC 2790 hrDeviceStatus. */
export type DeviceStatusName = 'unknown' | 'running' | 'warning' | 'testing' | 'down';
/** RFC 2790 hrPrinterStatus. */
export type PrinterStatusName = 'other' | 'unknown' | 'idle' | 'printing' | 'warmup';
export type OverallStatus = 'ok' | 'warning' | 'error' | 'unknown';

export type SupplyClass = 'consumed' | 'receptacle' | 'other';
export type SupplyState = 'ok' | 'low' | 'empty' | 'unknown';

export interface SnapshotIdentity {
  /** Canonical vendor name from the enterprise number of sysObjectID (or sysDescr when there is none). */
  vendor: string | null;
  /** IANA enterprise number of sysObjectID. */
  enterprise: number | null;
  model: string | null;
  serialNumber: string | null;
  firmware: string | null;
  sysObjectId: string | null;
  sysDescr: string | null;
  sysName: string | null;
  sysLocation: string | null;
  sysContact: string | null;
  uptimeSeconds: number | null;
}

export interface SnapshotStatus {
  device: DeviceStatusName | null;
  printer: PrinterStatusName | null;
  errors: PrinterErrorName[];
  /** hrPrinterDetectedErrorState as hex (e.g. "0100"), "" for an empty octet string, null when unread. */
  rawErrorState: string | null;
  overall: OverallStatus;
}

export interface MarkerCounter {
  /** prtMarkerIndex */
  index: number;
  lifeCount: number | null;
  /** PrtMarkerCounterUnitTC name, e.g. "impressions"; null when missing. */
  unit: string | null;
}

export interface SnapshotCounters {
  /** prtMarkerLifeCount of the first marker, else the vendor total. */
  total: number | null;
  black: number | null;
  color: number | null;
  print: number | null;
  copy: number | null;
  scan: number | null;
  fax: number | null;
  markers: MarkerCounter[];
}

export interface Supply {
  /** prtMarkerSuppliesIndex */
  index: number;
  /** Decoded description without part/serial suffixes. */
  description: string | null;
  partNumber: string | null;
  serialNumber: string | null;
  /** PrtMarkerSuppliesTypeTC name, e.g. "toner", "wasteToner". */
  type: string | null;
  class: SupplyClass;
  /** Colorant name (prtMarkerColorantValue), e.g. "black"; from the description when the table is missing. */
  color: string | null;
  colorSource: 'colorant' | 'description' | null;
  /** Part of the supply's life left (consumable) or free space left (receptacle), 0–100, rounded; null when unknown. */
  remainingPercent: number | null;
  state: SupplyState;
  raw: { level: number | null; max: number | null; unit: string | null };
}

export interface InputTray {
  /** prtInputIndex */
  index: number;
  name: string | null;
  mediaName: string | null;
  /** PrtInputTypeTC name. */
  type: string | null;
  /** Sheets (or the tray's unit) present; null when the device gives no number (-1, -2, -3). */
  level: number | null;
  max: number | null;
  levelPercent: number | null;
  state: SupplyState;
  raw: { level: number | null; max: number | null; unit: string | null };
}

export interface PrinterAlert {
  /** prtAlertIndex */
  index: number;
  severity: 'other' | 'critical' | 'warning' | 'warningBinaryChangeEvent' | null;
  /** PrtAlertGroupTC name, e.g. "input", "markerSupplies". */
  group: string | null;
  groupIndex: number | null;
  location: number | null;
  /** PrtAlertCodeTC name, e.g. "jam", "markerTonerEmpty"; "code<N>" for an unlisted number. */
  code: string | null;
  description: string | null;
  /** sysUpTime (seconds) when the alert was raised. */
  timeSeconds: number | null;
}

export type UnreadableReason = 'noSuchObject' | 'noSuchInstance' | 'endOfMibView' | 'timeout' | 'malformed' | 'error';

export interface UnreadableItem {
  /** What we tried to read, e.g. "identity.serialNumber" or "supplies". */
  item: string;
  oid?: string;
  reason: UnreadableReason;
  message: string;
}

export interface ValueSource {
  oid: string;
  raw: string | number | null;
}

/**
 * Where the values of one field of a snapshot list (supplies, trays, alerts, counters.markers) came from: cells of
 * one table column. Keyed by `<list>.<field>` (e.g. "supplies.level"); cell k is `${column}.${rows[k]}` with raw
 * value `raw[k]`, and belongs to the list element whose `index` is the row's last arc.
 */
export interface TableSource {
  column: string;
  rows: string[];
  raw: (string | number | null)[];
}

export interface DriverChoice {
  id: string;
  reason: string;
}

export interface DeviceSnapshot {
  /** What this edge sends is SNAPSHOT_SCHEMA_VERSION; a server may still receive 1 from an older edge. */
  schemaVersion: SnapshotSchemaVersion;
  ok: true;
  target: SnapshotTarget;
  polledAt: string;
  durationMs: number;
  driver: DriverChoice;
  identity: SnapshotIdentity;
  status: SnapshotStatus;
  counters: SnapshotCounters;
  supplies: Supply[];
  trays: InputTray[];
  alerts: PrinterAlert[];
  /**
   * Keyed by the snapshot path, e.g. "identity.serialNumber", "counters.total"; in schema 1 also every table cell
   * ("supplies.1.level"), from schema 2 on only cells that are not a plain column value of their list.
   */
  sources: Record<string, ValueSource>;
  /** Schema 2: table cells per column (absent in schema 1). */
  tableSources?: Record<string, TableSource>;
  unreadable: UnreadableItem[];
}

export type PollErrorCode =
  | 'timeout'
  | 'unreachable'
  | 'unknownUser'
  | 'wrongAuthentication'
  | 'decryptionError'
  | 'unsupportedSecurityLevel'
  | 'notInTimeWindow'
  | 'unknownEngineId'
  | 'noSuchName'
  | 'malformedResponse'
  | 'invalidTarget'
  | 'error';

export interface FailedPoll {
  schemaVersion: SnapshotSchemaVersion;
  ok: false;
  target: SnapshotTarget;
  polledAt: string;
  durationMs: number;
  error: { code: PollErrorCode; message: string };
}

export type PollResult = DeviceSnapshot | FailedPoll;
