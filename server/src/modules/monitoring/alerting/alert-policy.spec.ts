import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALERT_POLICY,
  ERROR_CONDITIONS,
  resolveAlertPolicy,
  validateAlertPolicyOverride,
  type AlertPolicyOverride,
} from './alert-policy';
import { InvalidAlertPolicyError } from './alerting.errors';

describe('resolveAlertPolicy', () => {
  it('gives the defaults to a device in no group', () => {
    const sut = resolveAlertPolicy([]);
    expect(sut).toEqual(DEFAULT_ALERT_POLICY);
    expect(sut.supplyThresholds).toEqual({
      toner: 10,
      drum: 10,
      wasteReceptacle: 10,
      staples: 'empty',
      other: 'empty',
    });
    expect(sut.rules).toEqual({ deviceUnreachable: true, deviceError: true, supplyLow: true, edgeOffline: true });
  });

  it('applies one group override on top of the defaults', () => {
    const sut = resolveAlertPolicy([{ supplyThresholds: { toner: 20 }, unreachable: { failedPolls: 5 } }]);
    expect(sut.supplyThresholds.toner).toBe(20);
    expect(sut.supplyThresholds.drum).toBe(10);
    expect(sut.unreachable).toEqual({ failedPolls: 5, minDurationMs: DEFAULT_ALERT_POLICY.unreachable.minDurationMs });
  });

  it('lets the most sensitive setting win across groups, whatever their order', () => {
    const quiet: AlertPolicyOverride = {
      rules: { supplyLow: false },
      supplyThresholds: { toner: 'off', drum: 5 },
      unreachable: { failedPolls: 6, minDurationMs: 3_600_000 },
      errorConditions: ['jammed'],
      holdDownMs: 60_000,
      maxNotificationsPerHour: 2,
    };
    const eager: AlertPolicyOverride = {
      supplyThresholds: { toner: 25, staples: 'off' },
      unreachable: { failedPolls: 2 },
      errorConditions: ['lowPaper'],
      edgeOffline: { afterMs: 120_000 },
    };
    const ab = resolveAlertPolicy([quiet, eager]);
    const ba = resolveAlertPolicy([eager, quiet]);
    expect(ab).toEqual(ba);
    expect(ab.rules.supplyLow).toBe(true); // eager keeps the default: on
    expect(ab.supplyThresholds).toEqual({ toner: 25, drum: 10, wasteReceptacle: 10, staples: 'empty', other: 'empty' });
    expect(ab.unreachable).toEqual({ failedPolls: 2, minDurationMs: DEFAULT_ALERT_POLICY.unreachable.minDurationMs });
    // Each group's list replaces the default list; the device gets the union of its groups' lists.
    expect(ab.errorConditions).toEqual(['jammed', 'lowPaper']);
    const withDefaults = new Set<string>([...DEFAULT_ALERT_POLICY.errorConditions, 'lowPaper']);
    expect(resolveAlertPolicy([eager, {}]).errorConditions).toEqual(
      ERROR_CONDITIONS.filter((c) => withDefaults.has(c)),
    );
    expect(ab.edgeOffline.afterMs).toBe(120_000);
    expect(ab.holdDownMs).toBe(DEFAULT_ALERT_POLICY.holdDownMs); // the longest hold-down
    expect(ab.maxNotificationsPerHour).toBe(DEFAULT_ALERT_POLICY.maxNotificationsPerHour); // the highest cap
  });

  it('turns a rule off only when every group of the device turns it off', () => {
    const off: AlertPolicyOverride = { rules: { deviceUnreachable: false } };
    expect(resolveAlertPolicy([off, off]).rules.deviceUnreachable).toBe(false);
    expect(resolveAlertPolicy([off, {}]).rules.deviceUnreachable).toBe(true);
  });

  it('ranks thresholds off < empty < percentages', () => {
    expect(resolveAlertPolicy([{ supplyThresholds: { other: 'off' } }, {}]).supplyThresholds.other).toBe('empty');
    expect(resolveAlertPolicy([{ supplyThresholds: { other: 5 } }, {}]).supplyThresholds.other).toBe(5);
  });

  it('does not share arrays with the defaults', () => {
    const sut = resolveAlertPolicy([]);
    expect(sut.errorConditions).not.toBe(DEFAULT_ALERT_POLICY.errorConditions);
  });
});

describe('validateAlertPolicyOverride', () => {
  it('accepts the defaults and an empty override', () => {
    expect(() => validateAlertPolicyOverride(DEFAULT_ALERT_POLICY)).not.toThrow();
    expect(() => validateAlertPolicyOverride({})).not.toThrow();
  });

  it('lists every problem at once', () => {
    const bad = {
      errorConditions: ['jammed', 'onFire'],
      supplyThresholds: { toner: 0, staples: 5, glitter: 10, drum: 'sometimes' },
      unreachable: { failedPolls: 0, minDurationMs: -1 },
      edgeOffline: { afterMs: 1000 },
      holdDownMs: 1.5,
      maxNotificationsPerHour: 0,
      rules: { teleport: true },
    } as unknown as AlertPolicyOverride;
    let error: unknown;
    try {
      validateAlertPolicyOverride(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidAlertPolicyError);
    const problems = (error as InvalidAlertPolicyError).problems;
    expect((error as InvalidAlertPolicyError).code).toBe('ALERT_POLICY_INVALID');
    expect(problems).toEqual([
      'errorConditions: unknown condition "onFire"',
      'supplyThresholds.toner: a percentage must be an integer from 1 to 99',
      'supplyThresholds.staples: staples report no level, use "empty" or "off"',
      'supplyThresholds: unknown category "glitter"',
      'supplyThresholds.drum: must be a percentage, "empty" or "off"',
      'rules: unknown rule "teleport"',
      'unreachable.failedPolls: must be an integer from 1 to 100',
      'unreachable.minDurationMs: must be an integer from 0 to 86400000',
      'edgeOffline.afterMs: must be an integer from 60000 to 86400000',
      'holdDownMs: must be an integer from 0 to 86400000',
      'maxNotificationsPerHour: must be an integer from 1 to 1000',
    ]);
  });

  it('is applied by resolveAlertPolicy', () => {
    expect(() => resolveAlertPolicy([{ holdDownMs: -5 }])).toThrow(InvalidAlertPolicyError);
  });
});
