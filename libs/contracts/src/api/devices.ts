import type { SnmpAuthProtocol, SnmpPrivProtocol, SnmpSecurityLevel } from '../edge';
import type { InputTray, PrinterAlert, PrinterErrorName, SnapshotCounters, Supply, UnreadableItem } from '../snapshot';

/** Overall state of a device as the server knows it: the last poll's status, or `unreachable` when it failed. */
export type DeviceState = 'ok' | 'warning' | 'error' | 'unknown' | 'unreachable';
export const DEVICE_STATES: readonly DeviceState[] = ['ok', 'warning', 'error', 'unknown', 'unreachable'];

export type DeviceSortField = 'name' | 'address' | 'model' | 'status' | 'lastSeen';
export const DEVICE_SORT_FIELDS: readonly DeviceSortField[] = ['name', 'address', 'model', 'status', 'lastSeen'];

/**
 * SNMP credentials as given by a Device Management (RW) user. Secrets (community, keys) are stored
 * encrypted and never returned: answers carry `DeviceSnmpSettings` instead.
 */
export type DeviceSnmpInput =
  | { version: '1' | '2c'; community: string }
  | {
      version: '3';
      user: string;
      level: SnmpSecurityLevel;
      authProtocol?: SnmpAuthProtocol;
      authKey?: string;
      privProtocol?: SnmpPrivProtocol;
      privKey?: string;
      context?: string;
    };

/** What the API tells about a device's SNMP credentials: everything but the secrets. */
export interface DeviceSnmpSettings {
  version: '1' | '2c' | '3';
  /** v1/v2c: a community is stored. */
  hasCommunity: boolean;
  v3User: string | null;
  level: SnmpSecurityLevel | null;
  authProtocol: SnmpAuthProtocol | null;
  privProtocol: SnmpPrivProtocol | null;
  hasAuthKey: boolean;
  hasPrivKey: boolean;
  context: string | null;
}

/** Device fields an RW user may set on create (besides name, address, edge and groups). */
export interface DeviceConfigFields {
  /** SNMP UDP port, default 161. */
  port?: number;
  location?: string | null;
  snmp?: DeviceSnmpInput | null;
  /** Device administrator password (stored encrypted, never returned). Null clears it. */
  adminPassword?: string | null;
}

/** PATCH /api/v1/devices/:id (every field optional; group membership is managed under /device-groups). */
export interface UpdateDeviceRequest extends DeviceConfigFields {
  name?: string;
  address?: string;
  /** An edge you reach; null detaches the device. */
  edgeId?: string | null;
}

export interface DeviceIdentityResponse {
  vendor: string | null;
  model: string | null;
  serialNumber: string | null;
  firmware: string | null;
  sysName: string | null;
  /** Location the device reports (sysLocation); `location` on the device is the administrator's. */
  sysLocation: string | null;
}

export interface DeviceLastPoll {
  at: string;
  outcome: 'ok' | 'failed';
  /** Failed polls: the edge's error code and message. */
  errorCode: string | null;
  errorMessage: string | null;
}

/** One device in lists (`GET /api/v1/devices`): the A2 summary plus inventory columns. */
export interface DeviceListItemResponse {
  id: string;
  name: string;
  address: string;
  edgeId: string | null;
  groupIds: string[];
  port: number;
  location: string | null;
  vendor: string | null;
  model: string | null;
  serialNumber: string | null;
  status: DeviceState;
  errors: PrinterErrorName[];
  /** Time of the last successful read (ISO), null when never read. */
  lastSeen: string | null;
  lastPoll: DeviceLastPoll | null;
}

/** `GET /api/v1/devices/:id`: everything the server knows about a device (no secrets). */
export interface DeviceDetailResponse extends DeviceListItemResponse {
  identity: DeviceIdentityResponse;
  snmp: DeviceSnmpSettings | null;
  hasAdminPassword: boolean;
  driverId: string | null;
  supplies: Supply[];
  trays: InputTray[];
  counters: SnapshotCounters | null;
  alerts: PrinterAlert[];
  /** What the last successful poll could not read. */
  unreadable: UnreadableItem[];
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/v1/devices`: paging, sorting, filtering and search (name, address, serial, model). */
export interface DeviceInventoryQuery {
  page?: number;
  pageSize?: number;
  search?: string;
  groupId?: string;
  edgeId?: string;
  status?: DeviceState;
  vendor?: string;
  sort?: DeviceSortField;
  order?: 'asc' | 'desc';
}

/** `?from&to` of history queries and reports (ISO date-times; `to` defaults to now, `from` to 30 days before). */
export interface TimeRangeQuery {
  from?: string;
  to?: string;
}

export interface CounterReadingResponse {
  at: string;
  total: number | null;
  black: number | null;
  color: number | null;
  print: number | null;
  copy: number | null;
  scan: number | null;
  fax: number | null;
}

export interface SupplyReadingResponse {
  at: string;
  index: number;
  description: string | null;
  type: string | null;
  color: string | null;
  remainingPercent: number | null;
  state: string;
}

export interface StatusChangeResponse {
  at: string;
  status: DeviceState;
  errors: PrinterErrorName[];
  /** For `unreachable`: why the poll failed. */
  message: string | null;
}

export interface HistoryResponse<T> {
  deviceId: string;
  from: string;
  to: string;
  items: T[];
}

export const METER_TYPES = ['total', 'black', 'color', 'print', 'copy', 'scan', 'fax'] as const;
export type MeterType = (typeof METER_TYPES)[number];

/** Counter values of one reading, per type (null where the device gives none). */
export type MeterValues = Record<MeterType, number | null>;

/** One device's meter read for a period (billing). */
export interface MeterReadResponse {
  deviceId: string;
  name: string;
  address: string;
  serialNumber: string | null;
  model: string | null;
  /** Names of the device's groups that you reach. */
  groups: string[];
  /** Reading at the start of the period (the last before it, else the first inside it); null when none. */
  first: { at: string; values: MeterValues } | null;
  /** Last reading at or before the end of the period. */
  last: { at: string; values: MeterValues } | null;
  /** last − first per type; null where either side lacks the type or the counter went backwards. */
  pages: MeterValues;
}

/** `GET /api/v1/devices/meter-reads(.csv)?from&to&groupId` */
export interface MeterReadsQuery extends TimeRangeQuery {
  groupId?: string;
}

export interface MeterReadsResponse {
  from: string;
  to: string;
  items: MeterReadResponse[];
}

/** `GET /api/v1/devices/reports/fleet?from&to`: totals per group you reach. */
export interface FleetReportGroup {
  /** Null: devices in no group (only shown to roles with every group). */
  groupId: string | null;
  name: string;
  deviceCount: number;
  byStatus: Record<DeviceState, number>;
  /** Sum of the devices' pages in the period, per type (null where no device gives the type). */
  pages: MeterValues;
}

export interface FleetReportResponse {
  from: string;
  to: string;
  groups: FleetReportGroup[];
  /** Every device you reach, counted once. */
  total: Omit<FleetReportGroup, 'groupId' | 'name'>;
}

/** History retention and downsampling (settings key `history`). */
export interface HistorySettings {
  counterRetentionDays: number;
  supplyRetentionDays: number;
  statusRetentionDays: number;
  /** Counter and supply readings older than this many days are thinned to one per device per day. */
  downsampleAfterDays: number;
}
