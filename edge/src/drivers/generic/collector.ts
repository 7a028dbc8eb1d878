import type { TableSource, UnreadableItem, UnreadableReason, ValueSource } from '@fleetward/contracts';
import { compareOids, type GetResult, SnmpError, type SnmpVarbind } from '../../protocols/snmp';
import type { Reading } from '../driver.interface';
import type { Decoded } from './values';

/** `${list}.${field}` keys, made once per pair (a key built per cell is a new string to hash every time). */
const cellKeys = new Map<string, Map<string, string>>();

function cellKey(list: string, field: string): string {
  let byField = cellKeys.get(list);
  if (byField === undefined) cellKeys.set(list, (byField = new Map<string, string>()));
  let key = byField.get(field);
  if (key === undefined) byField.set(field, (key = `${list}.${field}`));
  return key;
}

/** Row indexes by OID: the suffix of each row OID below its column, one string per OID (see rowIndex). */
const rowIndexes = new Map<string, { at: number; index: string }>();

/** The row index of `oid` below `base` ("…9.1.4" under "…9" → "1.4"), the same string object every poll. */
export function rowIndex(base: string, oid: string): string {
  const at = base.length + 1;
  const hit = rowIndexes.get(oid);
  if (hit !== undefined && hit.at === at) return hit.index;
  const index = oid.slice(at);
  if (rowIndexes.size >= 50_000) rowIndexes.clear();
  rowIndexes.set(oid, { at, index });
  return index;
}

/** Accumulates sources and unreadable items while a reading is built. */
export class Collector {
  readonly sources: Record<string, ValueSource> = {};
  readonly tableSources: Record<string, TableSource> = {};
  readonly unreadable: UnreadableItem[] = [];

  source(item: string, oid: string, raw: string | number | null): void {
    this.sources[item] = { oid, raw };
  }

  /** Records a table cell: `field` of list `list` ("supplies", "level") from `${column}.${row}`. */
  cell(list: string, field: string, column: string, row: string, raw: string | number | null): void {
    const key = cellKey(list, field);
    let t = this.tableSources[key];
    if (t === undefined) this.tableSources[key] = t = { column, rows: [], raw: [] };
    t.rows.push(row);
    t.raw.push(raw);
  }

  /**
   * Decodes one table cell of `column` at `row` (its element is `${list}.${element}`); a wrong type is recorded as
   * malformed under `${list}.${element}.${field}` and gives null.
   */
  decodeCell<T>(
    list: string,
    element: number,
    field: string,
    column: string,
    row: string,
    vb: SnmpVarbind,
    decode: (vb: SnmpVarbind) => Decoded<T>,
  ): T | null {
    const d = decode(vb);
    if (!d.ok) {
      this.missing(`${list}.${element}.${field}`, 'malformed', `${vb.oid}: ${d.message}`, vb.oid);
      return null;
    }
    this.cell(list, field, column, row, d.raw);
    return d.value;
  }

  missing(item: string, reason: UnreadableReason, message: string, oid?: string): void {
    this.unreadable.push({ item, ...(oid ? { oid } : {}), reason, message });
  }

  /** Records a failed table walk or GET (an SnmpError) as unreadable. */
  failed(item: string, error: unknown, oid?: string): void {
    if (error instanceof SnmpError) {
      const reason: UnreadableReason =
        error.code === 'timeout' ? 'timeout' : error.code === 'malformedResponse' ? 'malformed' : 'error';
      this.missing(item, reason, error.message, oid);
    } else {
      this.missing(item, 'error', error instanceof Error ? error.message : String(error), oid);
    }
  }

  /** Decodes a GET result; records the source, or the reason it is missing when `item` is required. */
  take<T>(
    item: string,
    result: GetResult | undefined,
    decode: (vb: SnmpVarbind) => Decoded<T>,
    options: { report?: boolean } = {},
  ): T | null {
    if (!result) return null;
    if (!result.ok) {
      if (options.report !== false) {
        const reason: UnreadableReason = result.error === 'noSuchName' ? 'noSuchObject' : result.error;
        this.missing(item, reason, `${result.oid}: ${result.error}`, result.oid);
      }
      return null;
    }
    return this.decode(item, result.varbind, decode);
  }

  /** Decodes one varbind; a wrong type is recorded as malformed and gives null. */
  decode<T>(item: string, vb: SnmpVarbind, decode: (vb: SnmpVarbind) => Decoded<T>): T | null {
    const d = decode(vb);
    if (!d.ok) {
      this.missing(item, 'malformed', `${vb.oid}: ${d.message}`, vb.oid);
      return null;
    }
    this.source(item, vb.oid, d.raw);
    return d.value;
  }

  reading<T>(value: T): Reading<T> {
    return { value, sources: this.sources, tableSources: this.tableSources, unreadable: this.unreadable };
  }
}

/** Groups table column varbinds by row index (the OID suffix below each column). */
export function rowsByIndex(
  columns: Map<string, SnmpVarbind[]>,
  names: Record<string, string>,
): Map<string, Record<string, SnmpVarbind>> {
  const rows = new Map<string, Record<string, SnmpVarbind>>();
  for (const [name, base] of Object.entries(names)) {
    for (const vb of columns.get(base) ?? []) {
      const index = rowIndex(base, vb.oid);
      let row = rows.get(index);
      if (!row) rows.set(index, (row = {}));
      row[name] = vb;
    }
  }
  // Rows usually arrive in order (one walk per column): sort only when they did not.
  let sorted = true;
  let previous: string | null = null;
  for (const index of rows.keys()) {
    if (previous !== null && compareOids(previous, index) > 0) {
      sorted = false;
      break;
    }
    previous = index;
  }
  return sorted ? rows : new Map([...rows.entries()].sort((a, b) => compareOids(a[0], b[0])));
}

/** Last arc of a row index ("1.4" → 4). */
export function lastArc(index: string): number {
  return Number(index.slice(index.lastIndexOf('.') + 1));
}

/** First arc of a row index ("1.4" → 1): the hrDeviceIndex in Printer-MIB tables. */
export function firstArc(index: string): number {
  const dot = index.indexOf('.');
  return Number(dot < 0 ? index : index.slice(0, dot));
}
