import {
  METER_TYPES,
  type CounterReadingResponse,
  type MeterType,
  type SupplyReadingResponse,
} from '@fleetward/contracts';
import type { FwChartSeries } from './line-chart.component';

export const HISTORY_PERIODS = [7, 30, 90] as const;
export type FwHistoryPeriod = (typeof HISTORY_PERIODS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** `from`/`to` of the last `days` days ending at `now` (ISO instants). */
export function historyRange(days: FwHistoryPeriod, now: Date): { from: string; to: string } {
  return { from: new Date(now.getTime() - days * DAY_MS).toISOString(), to: now.toISOString() };
}

/** One series per meter type that has at least one number in the period (labels are the meter types). */
export function counterSeries(
  readings: readonly CounterReadingResponse[],
): { type: MeterType; series: FwChartSeries }[] {
  const result: { type: MeterType; series: FwChartSeries }[] = [];
  for (const type of METER_TYPES) {
    if (!readings.some((r) => r[type] !== null)) continue;
    result.push({
      type,
      series: { label: type, points: readings.map((r) => ({ t: Date.parse(r.at), v: r[type] })) },
    });
  }
  return result;
}

/** One series per supply (by index, in index order), labelled by its description, colour or type. */
export function supplySeries(readings: readonly SupplyReadingResponse[]): FwChartSeries[] {
  const byIndex = new Map<number, { label: string; points: { t: number; v: number | null }[] }>();
  for (const r of readings) {
    let entry = byIndex.get(r.index);
    if (!entry) {
      entry = { label: r.description ?? r.color ?? r.type ?? `#${r.index}`, points: [] };
      byIndex.set(r.index, entry);
    }
    entry.points.push({ t: Date.parse(r.at), v: r.remainingPercent });
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, s]) => s);
}
