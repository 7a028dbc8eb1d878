import {
  PRINTER_ERROR_NAMES,
  type DeviceState,
  type InputTray,
  type PrinterAlert,
  type PrinterErrorName,
  type SnapshotCounters,
  type Supply,
  type UnreadableItem,
} from '@fleetward/contracts';

/**
 * Pure part of `ingestPoll`: turns one edge poll result (success document, failure, or something
 * malformed) into the device's new columns and the history rows to append. The edge is another process
 * on the network, so every piece is checked: a malformed piece becomes null (or is dropped from a list),
 * never a made-up number.
 */

const PRINTER_ERRORS: ReadonlySet<string> = new Set<string>(PRINTER_ERROR_NAMES);
const OVERALL: ReadonlySet<string> = new Set(['ok', 'warning', 'error', 'unknown']);
const SUPPLY_STATES: ReadonlySet<string> = new Set(['ok', 'low', 'empty', 'unknown']);
const SUPPLY_CLASSES: ReadonlySet<string> = new Set(['consumed', 'receptacle', 'other']);
const ALERT_SEVERITIES: ReadonlySet<string> = new Set(['other', 'critical', 'warning', 'warningBinaryChangeEvent']);
const UNREADABLE_REASONS: ReadonlySet<string> = new Set([
  'noSuchObject',
  'noSuchInstance',
  'endOfMibView',
  'timeout',
  'malformed',
  'error',
]);
/** Counters are stored in `int` columns on every driver. */
const MAX_COUNTER = 2_147_483_647;
const MAX_LIST = 200;

export const COUNTER_TYPES = ['total', 'black', 'color', 'print', 'copy', 'scan', 'fax'] as const;
export type CounterType = (typeof COUNTER_TYPES)[number];
export type CounterValues = Record<CounterType, number | null>;

/** What the device row holds before this poll (used to keep identity and to skip unchanged history). */
export interface PreviousDeviceState {
  status: DeviceState;
  errors: PrinterErrorName[];
  vendor: string | null;
  model: string | null;
  serialNumber: string | null;
  firmware: string | null;
  sysName: string | null;
  sysLocation: string | null;
  counters: SnapshotCounters | null;
  supplies: Supply[];
  /** Null when the device was never polled. */
  lastPollAt: Date | null;
}

export interface DeviceStateUpdate {
  status: DeviceState;
  errors: PrinterErrorName[];
  lastPollAt: Date;
  lastPollOutcome: 'ok' | 'failed';
  lastPollErrorCode: string | null;
  lastPollErrorMessage: string | null;
  /** Only on success: the parts read. */
  read?: {
    vendor: string | null;
    model: string | null;
    serialNumber: string | null;
    firmware: string | null;
    sysName: string | null;
    sysLocation: string | null;
    driverId: string | null;
    counters: SnapshotCounters;
    supplies: Supply[];
    trays: InputTray[];
    alerts: PrinterAlert[];
    unreadable: UnreadableItem[];
    lastSeenAt: Date;
  };
}

export interface IngestPlan {
  device: DeviceStateUpdate;
  statusChange: { at: Date; status: DeviceState; errors: PrinterErrorName[]; message: string | null } | null;
  counterReading: (CounterValues & { at: Date }) | null;
  supplyReadings: {
    at: Date;
    index: number;
    description: string | null;
    type: string | null;
    color: string | null;
    remainingPercent: number | null;
    state: string;
  }[];
}

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, max);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COUNTER ? value : null;
}

function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function percent(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100 ? Math.round(value) : null;
}

function oneOf<T extends string>(value: unknown, allowed: ReadonlySet<string>, fallback: T): T {
  return typeof value === 'string' && allowed.has(value) ? (value as T) : fallback;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value.slice(0, MAX_LIST) : [];
}

function rawTriple(value: unknown): { level: number | null; max: number | null; unit: string | null } {
  const raw = isObject(value) ? value : {};
  return { level: int(raw.level), max: int(raw.max), unit: str(raw.unit, 50) };
}

export function sanitizeErrors(value: unknown): PrinterErrorName[] {
  const names = list(value).filter((e): e is PrinterErrorName => typeof e === 'string' && PRINTER_ERRORS.has(e));
  return [...new Set(names)].sort();
}

export function sanitizeCounters(value: unknown): SnapshotCounters {
  const c = isObject(value) ? value : {};
  const markers = list(c.markers)
    .filter(isObject)
    .map((m) => ({ index: int(m.index), lifeCount: count(m.lifeCount), unit: str(m.unit, 50) }))
    .filter((m): m is SnapshotCounters['markers'][number] => m.index !== null);
  return {
    total: count(c.total),
    black: count(c.black),
    color: count(c.color),
    print: count(c.print),
    copy: count(c.copy),
    scan: count(c.scan),
    fax: count(c.fax),
    markers,
  };
}

export function sanitizeSupplies(value: unknown): Supply[] {
  const out: Supply[] = [];
  for (const s of list(value).filter(isObject)) {
    const index = int(s.index);
    if (index === null) continue;
    const colorSource = s.colorSource === 'colorant' || s.colorSource === 'description' ? s.colorSource : null;
    out.push({
      index,
      description: str(s.description, 200),
      partNumber: str(s.partNumber, 100),
      serialNumber: str(s.serialNumber, 100),
      type: str(s.type, 50),
      class: oneOf(s.class, SUPPLY_CLASSES, 'other'),
      color: str(s.color, 50),
      colorSource,
      remainingPercent: percent(s.remainingPercent),
      state: oneOf(s.state, SUPPLY_STATES, 'unknown'),
      raw: rawTriple(s.raw),
    });
  }
  return out;
}

export function sanitizeTrays(value: unknown): InputTray[] {
  const out: InputTray[] = [];
  for (const t of list(value).filter(isObject)) {
    const index = int(t.index);
    if (index === null) continue;
    out.push({
      index,
      name: str(t.name, 100),
      mediaName: str(t.mediaName, 100),
      type: str(t.type, 50),
      level: count(t.level),
      max: count(t.max),
      levelPercent: percent(t.levelPercent),
      state: oneOf(t.state, SUPPLY_STATES, 'unknown'),
      raw: rawTriple(t.raw),
    });
  }
  return out;
}

function sanitizeAlerts(value: unknown): PrinterAlert[] {
  const out: PrinterAlert[] = [];
  for (const a of list(value).filter(isObject)) {
    const index = int(a.index);
    if (index === null) continue;
    out.push({
      index,
      severity:
        typeof a.severity === 'string' && ALERT_SEVERITIES.has(a.severity)
          ? (a.severity as PrinterAlert['severity'])
          : null,
      group: str(a.group, 50),
      groupIndex: int(a.groupIndex),
      location: int(a.location),
      code: str(a.code, 50),
      description: str(a.description, 200),
      timeSeconds: int(a.timeSeconds),
    });
  }
  return out;
}

function sanitizeUnreadable(value: unknown): UnreadableItem[] {
  return list(value)
    .filter(isObject)
    .map((u) => {
      const item: UnreadableItem = {
        item: str(u.item, 100) ?? 'unknown',
        reason: oneOf(u.reason, UNREADABLE_REASONS, 'error'),
        message: str(u.message, 300) ?? '',
      };
      const oid = str(u.oid, 200);
      if (oid !== null) item.oid = oid;
      return item;
    });
}

export function counterValues(counters: SnapshotCounters | null): CounterValues {
  return {
    total: counters?.total ?? null,
    black: counters?.black ?? null,
    color: counters?.color ?? null,
    print: counters?.print ?? null,
    copy: counters?.copy ?? null,
    scan: counters?.scan ?? null,
    fax: counters?.fax ?? null,
  };
}

function sameCounters(a: CounterValues, b: CounterValues): boolean {
  return COUNTER_TYPES.every((t) => a[t] === b[t]);
}

function supplyKey(supplies: readonly Supply[]): string {
  return JSON.stringify(supplies.map((s) => [s.index, s.remainingPercent, s.state]));
}

function sameErrors(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((e, i) => e === b[i]);
}

/** Plans what one poll result changes. `now` is the server's time of the ingest (edges' clocks may drift). */
export function planIngest(result: unknown, previous: PreviousDeviceState, now: Date): IngestPlan {
  const poll = isObject(result) ? result : null;
  if (poll?.ok !== true) {
    const error = poll && isObject(poll.error) ? poll.error : null;
    const wellFormed = poll !== null && poll.ok === false && error !== null;
    const code = wellFormed ? (str(error.code, 64) ?? 'error') : 'malformedResponse';
    const message = wellFormed
      ? (str(error.message, 500) ?? 'The edge gave no message.')
      : 'The edge answered with a malformed poll result.';
    const device: DeviceStateUpdate = {
      status: 'unreachable',
      errors: [],
      lastPollAt: now,
      lastPollOutcome: 'failed',
      lastPollErrorCode: code,
      lastPollErrorMessage: message,
    };
    const changed = previous.lastPollAt === null || previous.status !== 'unreachable';
    return {
      device,
      statusChange: changed ? { at: now, status: 'unreachable', errors: [], message } : null,
      counterReading: null,
      supplyReadings: [],
    };
  }

  const identity = isObject(poll.identity) ? poll.identity : {};
  const statusDoc = isObject(poll.status) ? poll.status : {};
  const driver = isObject(poll.driver) ? poll.driver : {};
  const status = oneOf<DeviceState>(statusDoc.overall, OVERALL, 'unknown');
  const errors = sanitizeErrors(statusDoc.errors);
  const counters = sanitizeCounters(poll.counters);
  const supplies = sanitizeSupplies(poll.supplies);
  const device: DeviceStateUpdate = {
    status,
    errors,
    lastPollAt: now,
    lastPollOutcome: 'ok',
    lastPollErrorCode: null,
    lastPollErrorMessage: null,
    read: {
      // Identity is stable: a field this poll could not read keeps the last value read.
      vendor: str(identity.vendor, 100) ?? previous.vendor,
      model: str(identity.model, 200) ?? previous.model,
      serialNumber: str(identity.serialNumber, 100) ?? previous.serialNumber,
      firmware: str(identity.firmware, 200) ?? previous.firmware,
      sysName: str(identity.sysName, 255) ?? previous.sysName,
      sysLocation: str(identity.sysLocation, 255) ?? previous.sysLocation,
      driverId: str(driver.id, 100),
      counters,
      supplies,
      trays: sanitizeTrays(poll.trays),
      alerts: sanitizeAlerts(poll.alerts),
      unreadable: sanitizeUnreadable(poll.unreadable),
      lastSeenAt: now,
    },
  };
  const statusChanged =
    previous.lastPollAt === null || previous.status !== status || !sameErrors(previous.errors, errors);
  const values = counterValues(counters);
  const hasCounters = COUNTER_TYPES.some((t) => values[t] !== null);
  const countersChanged = !sameCounters(values, counterValues(previous.counters));
  const suppliesChanged = supplyKey(supplies) !== supplyKey(previous.supplies);
  return {
    device,
    statusChange: statusChanged ? { at: now, status, errors, message: null } : null,
    counterReading: hasCounters && countersChanged ? { ...values, at: now } : null,
    supplyReadings: suppliesChanged
      ? supplies.map((s) => ({
          at: now,
          index: s.index,
          description: s.description,
          type: s.type,
          color: s.color,
          remainingPercent: s.remainingPercent,
          state: s.state,
        }))
      : [],
  };
}
