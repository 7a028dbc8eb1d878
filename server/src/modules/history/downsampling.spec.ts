import { describe, expect, it } from 'vitest';
import { rowsToDropForDownsampling, type DownsampleRow } from './downsampling';

const row = (id: string, deviceId: string, at: string, key?: number): DownsampleRow => ({
  id,
  deviceId,
  at: new Date(at),
  ...(key === undefined ? {} : { key }),
});

describe('rowsToDropForDownsampling', () => {
  it('keeps the last row per device per UTC day', () => {
    const sut = rowsToDropForDownsampling([
      row('a1', 'A', '2026-01-01T00:00:00Z'),
      row('a2', 'A', '2026-01-01T12:00:00Z'),
      row('a3', 'A', '2026-01-01T23:59:59.999Z'),
      row('a4', 'A', '2026-01-02T00:00:00Z'),
      row('b1', 'B', '2026-01-01T08:00:00Z'),
    ]);
    expect(sut.sort()).toEqual(['a1', 'a2']);
  });

  it('keeps one row per series key (supply index) and breaks time ties by id', () => {
    const sut = rowsToDropForDownsampling([
      row('s1', 'A', '2026-01-01T01:00:00Z', 1),
      row('s2', 'A', '2026-01-01T01:00:00Z', 2),
      row('s3', 'A', '2026-01-01T02:00:00Z', 1),
      row('s4', 'A', '2026-01-01T02:00:00Z', 2),
      row('t1', 'A', '2026-01-03T05:00:00Z', 1),
      row('t2', 'A', '2026-01-03T05:00:00Z', 1),
    ]);
    expect(sut.sort()).toEqual(['s1', 's2', 't1']);
  });

  it('drops nothing from rows already thinned, or from nothing', () => {
    expect(rowsToDropForDownsampling([])).toEqual([]);
    expect(
      rowsToDropForDownsampling([row('a', 'A', '2026-01-01T10:00:00Z'), row('b', 'A', '2026-01-02T10:00:00Z')]),
    ).toEqual([]);
  });
});
