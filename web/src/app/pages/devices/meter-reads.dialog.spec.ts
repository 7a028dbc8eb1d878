import { HttpErrorResponse } from '@angular/common/http';
import { lastMonth, meterReadsQuery, withJsonErrorBody } from './meter-reads.dialog';

describe('meter reads download', () => {
  it('defaults to the previous calendar month, across a year end too', () => {
    expect(lastMonth(new Date(2026, 10, 26, 12))).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(lastMonth(new Date(2026, 0, 5))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(lastMonth(new Date(2028, 2, 1))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('covers whole days and adds the group only when chosen', () => {
    const query = meterReadsQuery('2026-10-01', '2026-10-31', '');
    expect(query).toEqual({
      from: new Date(2026, 9, 1, 0, 0, 0, 0).toISOString(),
      to: new Date(2026, 9, 31, 23, 59, 59, 999).toISOString(),
    });
    expect(meterReadsQuery('2026-10-01', '2026-10-31', 'g-1')?.groupId).toBe('g-1');
  });

  it('refuses a missing day or a period that runs backwards', () => {
    expect(meterReadsQuery('', '2026-10-31', '')).toBeNull();
    expect(meterReadsQuery('2026-11-01', '2026-10-31', '')).toBeNull();
  });

  it('reads the JSON error body of a failed blob download', async () => {
    const body = { code: 'VALIDATION_FAILED', message: 'from must be before to', correlationId: 'c' };
    const failed = new HttpErrorResponse({
      status: 400,
      error: new Blob([JSON.stringify(body)], { type: 'application/json' }),
    });
    const parsed = await withJsonErrorBody(failed);
    expect(parsed).toBeInstanceOf(HttpErrorResponse);
    expect((parsed as HttpErrorResponse).error).toEqual(body);
  });
});
