/**
 * Downsampling of history older than a cutoff: keep one row per device per UTC day (per series key, e.g.
 * per supply index), the last of that day, so a counter series keeps its end-of-day values.
 */
export interface DownsampleRow {
  id: string;
  deviceId: string;
  at: Date;
  /** Rows with different keys are separate series (supply index); undefined for one series per device. */
  key?: string | number;
}

/** Ids of the rows to delete: all but the last row of each (device, key, UTC day). */
export function rowsToDropForDownsampling(rows: readonly DownsampleRow[]): string[] {
  const keep = new Map<string, DownsampleRow>();
  for (const row of rows) {
    const bucket = `${row.deviceId}|${String(row.key ?? '')}|${row.at.toISOString().slice(0, 10)}`;
    const current = keep.get(bucket);
    if (!current || row.at > current.at || (row.at.getTime() === current.at.getTime() && row.id > current.id)) {
      keep.set(bucket, row);
    }
  }
  const kept = new Set([...keep.values()].map((r) => r.id));
  return rows.filter((r) => !kept.has(r.id)).map((r) => r.id);
}

/** `now` minus whole days. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
