import type { MeterReadResponse, MeterValues } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { csvCell, METER_CSV_HEADER, meterReadsCsv, pagesBetween, sumPages } from './meter-reads';

const values = (v: Partial<MeterValues>): MeterValues => ({
  total: null,
  black: null,
  color: null,
  print: null,
  copy: null,
  scan: null,
  fax: null,
  ...v,
});

describe('meter reads', () => {
  it('pages = last − first where both sides have the type; a counter that went back gives null', () => {
    expect(
      pagesBetween(values({ total: 100, black: 60, color: 40 }), values({ total: 150, black: 90, scan: 5 })),
    ).toEqual(values({ total: 50, black: 30 }));
    expect(pagesBetween(values({ total: 500 }), values({ total: 20 }))).toEqual(values({}));
    expect(pagesBetween(null, values({ total: 20 }))).toEqual(values({}));
  });

  it('sums per type, null where no device gives it', () => {
    expect(sumPages([values({ total: 5, color: 1 }), values({ total: 7 }), values({})])).toEqual(
      values({ total: 12, color: 1 }),
    );
  });

  describe('csvCell', () => {
    it('quotes commas, quotes and line breaks (RFC 4180)', () => {
      expect(csvCell('plain')).toBe('plain');
      expect(csvCell('a,b')).toBe('"a,b"');
      expect(csvCell('say "hi"')).toBe('"say ""hi"""');
      expect(csvCell('two\nlines')).toBe('"two\nlines"');
      expect(csvCell(null)).toBe('');
      expect(csvCell(0)).toBe('0');
    });

    it('defuses cells a spreadsheet would run as a formula', () => {
      expect(csvCell('=1+1')).toBe("'=1+1");
      expect(csvCell('+49 30 1234')).toBe("'+49 30 1234");
      expect(csvCell('-2')).toBe("'-2");
      expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
      expect(csvCell('\tcmd')).toBe("'\tcmd");
      expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
      expect(csvCell(-2)).toBe('-2');
    });
  });

  it('writes a header and one CRLF-terminated row per device with the per-type breakdown', () => {
    const item: MeterReadResponse = {
      deviceId: 'd',
      name: 'Sales, 2F',
      address: '10.0.0.5',
      serialNumber: null,
      model: 'FW-C4000i',
      groups: ['Berlin', 'Sales'],
      first: { at: '2026-01-01T00:00:00.000Z', values: values({ total: 100, black: 100 }) },
      last: { at: '2026-01-31T00:00:00.000Z', values: values({ total: 180, black: 150 }) },
      pages: values({ total: 80, black: 50 }),
    };
    const csv = meterReadsCsv([item]);
    expect(meterReadsCsv([item], { byteOrderMark: true })).toBe(`\uFEFF${csv}`);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[0]).toBe(METER_CSV_HEADER.join(','));
    expect(lines[1]).toBe(
      '"Sales, 2F",10.0.0.5,,FW-C4000i,Berlin; Sales,2026-01-01T00:00:00.000Z,2026-01-31T00:00:00.000Z,' +
        '100,180,80,100,150,50,,,,,,,,,,,,,,,',
    );
  });
});
