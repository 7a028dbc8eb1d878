import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../common/errors';
import { effectiveIntervals, parsePollPolicyBody, shortenedDue } from './poll-policy';

const DEFAULTS = { statusIntervalSeconds: 300, fullIntervalSeconds: 3600 };

describe('effectiveIntervals', () => {
  it('uses the defaults for a device without overrides', () => {
    expect(effectiveIntervals([], DEFAULTS)).toEqual(DEFAULTS);
    expect(effectiveIntervals([{ statusIntervalSeconds: null, fullIntervalSeconds: null }], DEFAULTS)).toEqual(
      DEFAULTS,
    );
  });

  it('takes per kind the shortest override among the groups', () => {
    expect(
      effectiveIntervals(
        [
          { statusIntervalSeconds: 120, fullIntervalSeconds: null },
          { statusIntervalSeconds: 60, fullIntervalSeconds: 7200 },
          { statusIntervalSeconds: null, fullIntervalSeconds: 1800 },
        ],
        DEFAULTS,
      ),
    ).toEqual({ statusIntervalSeconds: 60, fullIntervalSeconds: 1800 });
  });

  it('an override shorter than the default is used even when it is longer than another group would allow', () => {
    expect(effectiveIntervals([{ statusIntervalSeconds: 600, fullIntervalSeconds: null }], DEFAULTS)).toEqual({
      statusIntervalSeconds: 600,
      fullIntervalSeconds: 3600,
    });
  });

  it('never leaves the status interval longer than the full interval', () => {
    expect(effectiveIntervals([{ statusIntervalSeconds: null, fullIntervalSeconds: 120 }], DEFAULTS)).toEqual({
      statusIntervalSeconds: 120,
      fullIntervalSeconds: 120,
    });
  });
});

describe('parsePollPolicyBody', () => {
  const fields = (body: unknown) => {
    try {
      parsePollPolicyBody(body, DEFAULTS);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailedError);
      return (error as ValidationFailedError).details?.map((d) => d.field);
    }
    return [];
  };

  it('accepts nulls and whole seconds within the bounds', () => {
    expect(parsePollPolicyBody({ statusIntervalSeconds: null, fullIntervalSeconds: null }, DEFAULTS)).toEqual({
      statusIntervalSeconds: null,
      fullIntervalSeconds: null,
    });
    expect(parsePollPolicyBody({ statusIntervalSeconds: 30, fullIntervalSeconds: 604_800 }, DEFAULTS)).toEqual({
      statusIntervalSeconds: 30,
      fullIntervalSeconds: 604_800,
    });
  });

  it('refuses out-of-bound, fractional, missing and unknown fields', () => {
    expect(fields({ statusIntervalSeconds: 29, fullIntervalSeconds: null })).toEqual(['statusIntervalSeconds']);
    expect(fields({ statusIntervalSeconds: 86_401, fullIntervalSeconds: null })).toEqual(['statusIntervalSeconds']);
    expect(fields({ statusIntervalSeconds: null, fullIntervalSeconds: 59 })).toEqual(['fullIntervalSeconds']);
    expect(fields({ statusIntervalSeconds: null, fullIntervalSeconds: 604_801 })).toEqual(['fullIntervalSeconds']);
    expect(fields({ statusIntervalSeconds: 60.5, fullIntervalSeconds: '600' })).toEqual([
      'statusIntervalSeconds',
      'fullIntervalSeconds',
    ]);
    expect(fields({ statusIntervalSeconds: 60 })).toEqual(['fullIntervalSeconds']);
    expect(fields({ statusIntervalSeconds: 60, fullIntervalSeconds: 600, every: 1 })).toEqual(['every']);
    expect(fields([])).toEqual(['(body)']);
  });

  it('refuses a full interval shorter than the status interval (the default where none is set)', () => {
    expect(fields({ statusIntervalSeconds: 600, fullIntervalSeconds: 300 })).toEqual(['fullIntervalSeconds']);
    expect(fields({ statusIntervalSeconds: null, fullIntervalSeconds: 120 })).toEqual(['fullIntervalSeconds']);
    expect(fields({ statusIntervalSeconds: 7200, fullIntervalSeconds: null })).toEqual(['fullIntervalSeconds']);
    expect(fields({ statusIntervalSeconds: 600, fullIntervalSeconds: 600 })).toEqual([]);
  });
});

describe('shortenedDue', () => {
  const at = (t: string) => new Date(`2026-05-04T${t}:00.000Z`);

  it('moves a due time earlier to last poll + interval, never later', () => {
    expect(shortenedDue(at('08:05'), at('08:00'), 60)).toEqual(at('08:01'));
    expect(shortenedDue(at('08:05'), at('08:00'), 600)).toEqual(at('08:05'));
  });

  it('keeps the due time when the last poll is unknown', () => {
    expect(shortenedDue(at('08:05'), null, 60)).toEqual(at('08:05'));
  });
});
