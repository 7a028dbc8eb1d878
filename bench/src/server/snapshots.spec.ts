import { describe, expect, it } from 'vitest';
import { ingestSnapshot } from './snapshots';

const AT = new Date('2026-06-01T08:00:00.000Z');

describe('ingestSnapshot', () => {
  it('is a full colour MFP schema-2 snapshot whose counters and toner move every round', () => {
    const a = ingestSnapshot(1, 1, '10.0.0.1', AT);
    const b = ingestSnapshot(1, 2, '10.0.0.1', AT);
    if (!a.ok || !b.ok) throw new Error('expected successful polls');
    expect(a.supplies).toHaveLength(5);
    expect(a.trays).toHaveLength(2);
    expect(a.schemaVersion).toBe(2);
    expect(Object.keys(a.sources).length).toBeGreaterThan(5);
    expect(a.tableSources?.['supplies.level']?.rows).toHaveLength(5);
    expect(JSON.stringify(a).length).toBeGreaterThan(3000);
    expect(b.counters.total).toBeGreaterThan(a.counters.total!);
    expect(b.supplies[0]!.remainingPercent).not.toBe(a.supplies[0]!.remainingPercent);
    expect(a.target).toEqual({ host: '10.0.0.1', port: 161, snmpVersion: '2c' });
  });

  it('makes 5 % of a round low on toner (warning + alert) and about 1 % failed polls', () => {
    const round = Array.from({ length: 1000 }, (_, i) => ingestSnapshot(i, 3, `10.0.${i >> 8}.${i & 255}`, AT));
    const low = round.filter((s) => s.ok && s.status.overall === 'warning');
    const failed = round.filter((s) => !s.ok);
    expect(low.length).toBeGreaterThanOrEqual(45);
    expect(low.length).toBeLessThanOrEqual(55);
    expect(low.every((s) => s.ok && s.status.errors.includes('lowToner') && s.alerts.length === 1)).toBe(true);
    expect(failed.length).toBeGreaterThan(5);
    expect(failed.length).toBeLessThan(20);
  });
});
