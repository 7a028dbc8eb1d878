import { validateAlertPolicyOverride, type AlertPolicyOverride } from '../alerting/alert-policy';
import { InvalidAlertPolicyError } from '../alerting/alerting.errors';

const TOP = [
  'rules',
  'errorConditions',
  'supplyThresholds',
  'unreachable',
  'edgeOffline',
  'holdDownMs',
  'maxNotificationsPerHour',
];
const NESTED: Record<string, string[]> = { unreachable: ['failedPolls', 'minDurationMs'], edgeOffline: ['afterMs'] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks the JSON shape of an alert policy override from the API (unknown fields, wrong types), then the values
 * with the alerting core's validator. Throws InvalidAlertPolicyError listing every problem.
 */
export function parseAlertPolicyBody(body: unknown): AlertPolicyOverride {
  if (!isObject(body)) throw new InvalidAlertPolicyError(['the body must be a JSON object']);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (!TOP.includes(key)) {
      problems.push(`unknown field "${key}"`);
      continue;
    }
    if (key === 'errorConditions') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        problems.push('errorConditions: must be a list of condition names');
    } else if (key === 'holdDownMs' || key === 'maxNotificationsPerHour') {
      if (typeof value !== 'number') problems.push(`${key}: must be a number`);
    } else if (!isObject(value)) {
      problems.push(`${key}: must be an object`);
    } else if (NESTED[key]) {
      for (const [inner, v] of Object.entries(value)) {
        if (!NESTED[key].includes(inner)) problems.push(`${key}: unknown field "${inner}"`);
        else if (typeof v !== 'number') problems.push(`${key}.${inner}: must be a number`);
      }
    }
  }
  if (problems.length > 0) throw new InvalidAlertPolicyError(problems);
  const override = body as AlertPolicyOverride;
  validateAlertPolicyOverride(override);
  return override;
}
