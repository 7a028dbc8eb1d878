import type { DisplaySettings } from '@fleetward/contracts';

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function parse(value: string | number | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Formats the date part with one of DATE_FORMATS (tokens yyyy, MM, dd), in the browser's time zone. */
export function formatDatePart(date: Date, format: DisplaySettings['dateFormat']): string {
  return format
    .replace('yyyy', String(date.getFullYear()))
    .replace('MM', pad(date.getMonth() + 1))
    .replace('dd', pad(date.getDate()));
}

/** Formats the time part: `HH:mm` (24 h) or `h:mm a` (12 h with AM/PM). */
export function formatTimePart(date: Date, format: DisplaySettings['timeFormat']): string {
  const minutes = pad(date.getMinutes());
  switch (format) {
    case 'HH:mm':
      return `${pad(date.getHours())}:${minutes}`;
    case 'h:mm a': {
      const hours = date.getHours();
      const h12 = hours % 12 === 0 ? 12 : hours % 12;
      return `${h12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
    }
  }
}

export type DateDisplay = 'date' | 'datetime';

/** The one date formatter of the console. Missing values give an empty string; unparseable ones are shown as is. */
export function formatDisplayDate(
  value: string | number | Date | null | undefined,
  settings: DisplaySettings,
  display: DateDisplay = 'datetime',
): string {
  if (value === null || value === undefined || value === '') return '';
  const date = parse(value);
  if (!date) return String(value);
  const datePart = formatDatePart(date, settings.dateFormat);
  return display === 'date' ? datePart : `${datePart} ${formatTimePart(date, settings.timeFormat)}`;
}
