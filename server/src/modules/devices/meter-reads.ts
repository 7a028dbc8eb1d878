import { METER_TYPES, type MeterReadResponse, type MeterValues } from '@fleetward/contracts';

/** Counter values of a stored reading, by meter type. */
export type ReadingValues = MeterValues;

function emptyValues(): MeterValues {
  return { total: null, black: null, color: null, print: null, copy: null, scan: null, fax: null };
}

/**
 * Pages in a period per type: last − first where both readings give the type. A counter that went
 * backwards (device replaced or reset) gives null rather than a negative or guessed number.
 */
export function pagesBetween(first: MeterValues | null, last: MeterValues | null): MeterValues {
  const pages = emptyValues();
  if (!first || !last) return pages;
  for (const type of METER_TYPES) {
    const a = first[type];
    const b = last[type];
    pages[type] = a !== null && b !== null && b >= a ? b - a : null;
  }
  return pages;
}

/** Sum per type over devices; null where no device gives the type. */
export function sumPages(items: readonly MeterValues[]): MeterValues {
  const sum = emptyValues();
  for (const item of items) {
    for (const type of METER_TYPES) {
      const v = item[type];
      if (v !== null) sum[type] = (sum[type] ?? 0) + v;
    }
  }
  return sum;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled. Text that a
 * spreadsheet would run as a formula (starts with = + - @, tab or CR) gets a leading apostrophe (OWASP
 * "CSV injection"). Numbers are written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const METER_CSV_HEADER = [
  'Device',
  'Address',
  'Serial number',
  'Model',
  'Groups',
  'First reading at',
  'Last reading at',
  ...METER_TYPES.flatMap((t) => [`${t} first`, `${t} last`, `${t} pages`]),
];

/**
 * The meter-read CSV: a header row, one row per device, CRLF line ends (RFC 4180). `byteOrderMark` starts it
 * with U+FEFF, without which Excel reads UTF-8 as the local code page (mojibake for Japanese names).
 */
export function meterReadsCsv(items: readonly MeterReadResponse[], options: { byteOrderMark?: boolean } = {}): string {
  const lines = [METER_CSV_HEADER.map(csvCell).join(',')];
  for (const item of items) {
    const cells: (string | number | null)[] = [
      item.name,
      item.address,
      item.serialNumber,
      item.model,
      item.groups.join('; '),
      item.first?.at ?? null,
      item.last?.at ?? null,
    ];
    for (const type of METER_TYPES) {
      cells.push(item.first?.values[type] ?? null, item.last?.values[type] ?? null, item.pages[type]);
    }
    lines.push(cells.map(csvCell).join(','));
  }
  return `${options.byteOrderMark ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
