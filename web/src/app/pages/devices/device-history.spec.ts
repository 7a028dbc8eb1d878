import type { CounterReadingResponse, SupplyReadingResponse } from '@fleetward/contracts';
import { counterSeries, historyRange, supplySeries } from './device-history';

function counters(at: string, total: number | null, color: number | null): CounterReadingResponse {
  return { at, total, black: null, color, print: null, copy: null, scan: null, fax: null };
}

function supplyReading(at: string, index: number, remainingPercent: number | null): SupplyReadingResponse {
  return { at, index, description: `Toner ${index}`, type: 'toner', color: null, remainingPercent, state: 'ok' };
}

describe('device history', () => {
  it('ends the period now and starts it the chosen number of days before', () => {
    expect(historyRange(7, new Date('2026-11-26T00:00:00.000Z'))).toEqual({
      from: '2026-11-19T00:00:00.000Z',
      to: '2026-11-26T00:00:00.000Z',
    });
  });

  it('charts only the meter types that have a number, keeping gaps as null', () => {
    const series = counterSeries([
      counters('2026-11-01T00:00:00.000Z', 100, null),
      counters('2026-11-02T00:00:00.000Z', null, 5),
    ]);
    expect(series.map((s) => s.type)).toEqual(['total', 'color']);
    expect(series[0]?.series.points).toEqual([
      { t: Date.parse('2026-11-01T00:00:00.000Z'), v: 100 },
      { t: Date.parse('2026-11-02T00:00:00.000Z'), v: null },
    ]);
  });

  it('groups supply readings by supply index', () => {
    const series = supplySeries([
      supplyReading('2026-11-01T00:00:00.000Z', 2, 80),
      supplyReading('2026-11-01T00:00:00.000Z', 1, 50),
      supplyReading('2026-11-02T00:00:00.000Z', 1, null),
    ]);
    expect(series.map((s) => s.label)).toEqual(['Toner 1', 'Toner 2']);
    expect(series[0]?.points.map((p) => p.v)).toEqual([50, null]);
  });
});
