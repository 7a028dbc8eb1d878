import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { DATE_FORMATS, type DisplaySettings } from '@fleetward/contracts';
import { FwDisplaySettingsService } from '../core/settings/display-settings.service';
import { formatDisplayDate } from './format-date';
import { FwDatePipe } from './fw-date.pipe';

// Local-time components, so the expectations hold in any time zone.
const afternoon = new Date(2026, 2, 7, 15, 4);
const morning = new Date(2026, 11, 31, 0, 9);

describe('formatDisplayDate', () => {
  const expected: Record<(typeof DATE_FORMATS)[number], string> = {
    'yyyy-MM-dd': '2026-03-07',
    'dd/MM/yyyy': '07/03/2026',
    'MM/dd/yyyy': '03/07/2026',
    'yyyy/MM/dd': '2026/03/07',
    'dd.MM.yyyy': '07.03.2026',
  };

  it.each(DATE_FORMATS.map((f) => [f]))('formats the date with %s', (dateFormat) => {
    const settings: DisplaySettings = { dateFormat, timeFormat: 'HH:mm' };
    expect(formatDisplayDate(afternoon, settings, 'date')).toBe(expected[dateFormat]);
    expect(formatDisplayDate(afternoon, settings)).toBe(`${expected[dateFormat]} 15:04`);
  });

  it('formats 12-hour time with AM/PM, midnight as 12 AM', () => {
    const settings: DisplaySettings = { dateFormat: 'yyyy-MM-dd', timeFormat: 'h:mm a' };
    expect(formatDisplayDate(afternoon, settings)).toBe('2026-03-07 3:04 PM');
    expect(formatDisplayDate(morning, settings)).toBe('2026-12-31 12:09 AM');
    expect(formatDisplayDate(new Date(2026, 0, 1, 12, 0), settings)).toBe('2026-01-01 12:00 PM');
  });

  it('accepts ISO strings, and leaves missing or unparseable values visible as such', () => {
    const settings: DisplaySettings = { dateFormat: 'dd.MM.yyyy', timeFormat: 'HH:mm' };
    expect(formatDisplayDate(afternoon.toISOString(), settings)).toBe('07.03.2026 15:04');
    expect(formatDisplayDate(null, settings)).toBe('');
    expect(formatDisplayDate(undefined, settings)).toBe('');
    expect(formatDisplayDate('not a date', settings)).toBe('not a date');
  });
});

describe('FwDatePipe', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('follows the display setting loaded from the server', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const display = TestBed.inject(FwDisplaySettingsService);
    const backend = TestBed.inject(HttpTestingController);
    const pipe = TestBed.runInInjectionContext(() => new FwDatePipe());
    expect(pipe.transform(afternoon)).toBe('2026-03-07 15:04');

    const load = display.load();
    backend.expectOne('/api/v1/settings/display').flush({ dateFormat: 'MM/dd/yyyy', timeFormat: 'h:mm a' });
    await load;
    expect(pipe.transform(afternoon)).toBe('03/07/2026 3:04 PM');
    expect(pipe.transform(afternoon, 'date')).toBe('03/07/2026');
    backend.verify();
  });
});
