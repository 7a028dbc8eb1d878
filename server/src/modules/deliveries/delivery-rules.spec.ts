import type { SettingsApplyResponse } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { classifyApply, nextAttemptAt, nextRunAfter, operationIdOf, scheduleProblems } from './delivery-rules';

const driver = { id: 'xml', family: 'i-series' };

function ok(statuses: ('applied' | 'rejected' | 'unsupported' | 'failed')[]): SettingsApplyResponse {
  return {
    ok: true,
    operationId: 'op',
    replayed: false,
    driver,
    appliedAt: '2026-01-01T00:00:00.000Z',
    settings: statuses.map((status, i) => ({
      key: i === 0 ? 'security.adminPassword' : 'time.timeZone',
      status,
      ...(status === 'applied' ? {} : { code: 'VALUE_REJECTED', message: 'value out of range' }),
    })),
  };
}

describe('delivery rules', () => {
  it('operation ids are stable per (delivery, run, device, attempt) and differ per attempt', () => {
    expect(operationIdOf('d1', 1, 'x', 1)).toBe(operationIdOf('d1', 1, 'x', 1));
    expect(operationIdOf('d1', 1, 'x', 2)).not.toBe(operationIdOf('d1', 1, 'x', 1));
    expect(operationIdOf('d1', 2, 'x', 1)).not.toBe(operationIdOf('d1', 1, 'x', 1));
  });

  it('classifies the edge answer per device', () => {
    expect(classifyApply(ok(['applied', 'applied'])).status).toBe('applied');
    const partial = classifyApply(ok(['applied', 'rejected']));
    expect(partial).toMatchObject({
      status: 'partiallyApplied',
      errorCode: 'VALUE_REJECTED',
      errorMessage: 'value out of range',
    });
    expect(classifyApply(ok(['unsupported', 'unsupported'])).status).toBe('unsupported');
    // A key the device does not support does not apply to it: every other key applied is "applied".
    expect(classifyApply(ok(['applied', 'unsupported']))).toMatchObject({
      status: 'applied',
      errorCode: null,
      outcomes: [{ status: 'applied' }, { status: 'unsupported', message: 'value out of range' }],
    });
    expect(classifyApply(ok(['rejected', 'unsupported'])).status).toBe('failed');
    const down: SettingsApplyResponse = {
      ok: false,
      operationId: 'op',
      replayed: false,
      error: { code: 'DEVICE_UNREACHABLE', message: 'no answer' },
      settings: [],
    };
    expect(classifyApply(down)).toMatchObject({ status: 'unreachable', errorCode: 'DEVICE_UNREACHABLE' });
    expect(classifyApply({ ...down, error: { code: 'DEVICE_AUTH_FAILED', message: 'wrong password' } }).status).toBe(
      'failed',
    );
  });

  it('retries by policy only while attempts remain, and only failures', () => {
    const now = new Date('2026-01-01T00:00:00.000Z');
    const policy = { maxAttempts: 3, backoffSeconds: 60 };
    expect(nextAttemptAt('unreachable', 1, policy, now)?.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(nextAttemptAt('failed', 3, policy, now)).toBeNull();
    expect(nextAttemptAt('applied', 1, policy, now)).toBeNull();
    expect(nextAttemptAt('unsupported', 1, policy, now)).toBeNull();
  });

  it('a recurring schedule runs at period boundaries; a run missed during downtime runs once', () => {
    const schedule = { start: '2026-01-01T00:00:00.000Z', everySeconds: 3600 };
    expect(nextRunAfter(schedule, new Date('2026-01-01T00:00:00.000Z'))?.toISOString()).toBe(
      '2026-01-01T01:00:00.000Z',
    );
    // Down from 00:30 to 05:10: one late run now, the next at 06:00 (not five catch-up runs).
    expect(nextRunAfter(schedule, new Date('2026-01-01T05:10:00.000Z'))?.toISOString()).toBe(
      '2026-01-01T06:00:00.000Z',
    );
    expect(nextRunAfter({ at: '2026-01-01T00:00:00.000Z' }, new Date())).toBeNull();
    expect(nextRunAfter(null, new Date())).toBeNull();
  });

  it('checks schedules', () => {
    expect(scheduleProblems(undefined)).toEqual([]);
    expect(scheduleProblems({ at: '2026-01-01T00:00:00Z' })).toEqual([]);
    expect(scheduleProblems({ at: 'tomorrow' })).toHaveLength(1);
    expect(scheduleProblems({ start: '2026-01-01T00:00:00Z', everySeconds: 10 })).toHaveLength(1);
    expect(scheduleProblems({ cron: '* * * * *' })).toHaveLength(1);
  });
});
