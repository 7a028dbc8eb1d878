import { describe, expect, it } from 'vitest';
import { canonical, compareSettings } from './drift';

describe('drift comparison', () => {
  it('in sync when every value matches, whatever the field order', () => {
    expect(canonical({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonical({ a: [{ x: 1, y: 2 }], b: 1 }));
    const result = compareSettings({ 'time.timeZone': 'Asia/Tokyo', 'time.daylightSaving': { enabled: false } }, [
      { key: 'time.timeZone', status: 'ok', value: 'Asia/Tokyo' },
      { key: 'time.daylightSaving', status: 'ok', value: { enabled: false } },
    ]);
    expect(result).toEqual({ status: 'inSync', differences: [], unreadable: [], notApplicable: [] });
  });

  it('drifted with a diff per differing key; unreadable keys are listed', () => {
    const result = compareSettings(
      { 'time.timeZone': 'Asia/Tokyo', 'identity.location': 'Hall', 'identity.contact': 'x' },
      [
        { key: 'time.timeZone', status: 'ok', value: 'Europe/Berlin' },
        { key: 'identity.location', status: 'failed', code: 'READ_FAILED', message: 'no answer for sysLocation' },
      ],
    );
    expect(result.status).toBe('drifted');
    expect(result.differences).toEqual([{ key: 'time.timeZone', expected: 'Asia/Tokyo', actual: 'Europe/Berlin' }]);
    expect(result.unreadable.map((u) => u.key)).toEqual(['identity.location', 'identity.contact']);
  });

  it('unreadable when nothing differs but a key could not be read', () => {
    const result = compareSettings({ 'time.timeZone': 'UTC', 'identity.contact': 'x' }, [
      { key: 'time.timeZone', status: 'failed', code: 'MALFORMED_VALUE', message: 'sysTimeZone holds 7' },
      { key: 'identity.contact', status: 'ok', value: 'x' },
    ]);
    expect(result).toMatchObject({
      status: 'unreadable',
      unreadable: [{ key: 'time.timeZone', reason: 'sysTimeZone holds 7' }],
      notApplicable: [],
    });
  });

  it('a key the device does not support is not applicable: in sync when every applicable key matches', () => {
    const result = compareSettings({ 'time.timeZone': 'UTC', 'identity.contact': 'x' }, [
      { key: 'time.timeZone', status: 'unsupported', message: 'not supported by this driver' },
      { key: 'identity.contact', status: 'ok', value: 'x' },
    ]);
    expect(result).toEqual({
      status: 'inSync',
      differences: [],
      unreadable: [],
      notApplicable: [{ key: 'time.timeZone', reason: 'not supported by this driver' }],
    });
    // …and still drifted when an applicable key differs.
    expect(
      compareSettings({ 'time.timeZone': 'UTC', 'identity.contact': 'x' }, [
        { key: 'time.timeZone', status: 'unsupported', message: 'not on this model' },
        { key: 'identity.contact', status: 'ok', value: 'y' },
      ]).status,
    ).toBe('drifted');
  });

  it('not applicable when no key of the template applies to the device', () => {
    const result = compareSettings({ 'time.timeZone': 'UTC' }, [
      { key: 'time.timeZone', status: 'unsupported', message: 'not on this model' },
    ]);
    expect(result).toMatchObject({ status: 'notApplicable', unreadable: [] });
  });
});
