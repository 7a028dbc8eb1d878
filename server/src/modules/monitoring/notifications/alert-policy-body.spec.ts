import { describe, expect, it } from 'vitest';
import { InvalidAlertPolicyError } from '../alerting/alerting.errors';
import { parseAlertPolicyBody } from './alert-policy-body';

function problemsOf(body: unknown): string[] {
  try {
    parseAlertPolicyBody(body);
  } catch (error) {
    if (error instanceof InvalidAlertPolicyError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseAlertPolicyBody', () => {
  it('accepts an empty override and a valid one as they are', () => {
    expect(parseAlertPolicyBody({})).toEqual({});
    const body = { rules: { supplyLow: false }, supplyThresholds: { toner: 20, staples: 'off' }, holdDownMs: 600_000 };
    expect(parseAlertPolicyBody(body)).toEqual(body);
  });

  it('refuses what is not an object', () => {
    expect(problemsOf([])).toEqual(['the body must be a JSON object']);
    expect(problemsOf('x')).toEqual(['the body must be a JSON object']);
  });

  it('lists unknown fields and wrong types before checking values', () => {
    expect(
      problemsOf({
        colour: 'red',
        errorConditions: 'jammed',
        holdDownMs: '5',
        unreachable: { failedPolls: 'x', x: 1 },
      }),
    ).toEqual([
      'unknown field "colour"',
      'errorConditions: must be a list of condition names',
      'holdDownMs: must be a number',
      'unreachable.failedPolls: must be a number',
      'unreachable: unknown field "x"',
    ]);
  });

  it("then applies the alerting core's validator", () => {
    expect(problemsOf({ errorConditions: ['bogus'], supplyThresholds: { toner: 0 } })).toEqual([
      'errorConditions: unknown condition "bogus"',
      'supplyThresholds.toner: a percentage must be an integer from 1 to 99',
    ]);
  });
});
