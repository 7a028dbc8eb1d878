import {
  isSettingKey,
  settingDefinition,
  type SettingType,
  type SettingValue,
  type SettingValues,
} from '@fleetward/contracts';

/** One problem with a value: where (`key`, then `path` inside it) and why, in plain words. */
export interface SettingProblem {
  key: string;
  path: string;
  message: string;
}

const HOSTNAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const EMAIL = /^[^\s@"<>]{1,64}@[A-Za-z0-9.-]{1,253}$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$|^UTC$/.test(value);
  } catch {
    return false;
  }
}

function check(type: SettingType, value: unknown, key: string, path: string, out: SettingProblem[]): void {
  const fail = (message: string): void => {
    out.push({ key, path, message });
  };
  switch (type.kind) {
    case 'string':
    case 'secret': {
      if (typeof value !== 'string') return fail('must be a string');
      const min = type.minLength ?? 0;
      if (value.length < min) return fail(`must be at least ${min} characters`);
      if (value.length > type.maxLength) return fail(`must be at most ${type.maxLength} characters`);
      if (type.kind === 'secret') return;
      if (type.pattern !== undefined && !new RegExp(type.pattern).test(value)) return fail('has an invalid format');
      if (type.format === 'hostname' && !(IPV4.test(value) || HOSTNAME.test(value)))
        return fail('must be a host name or an IPv4 address');
      if (type.format === 'email' && !EMAIL.test(value)) return fail('must be an e-mail address');
      if (type.format === 'timeZone' && !isTimeZone(value)) return fail('must be an IANA time zone, e.g. Asia/Tokyo');
      return;
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail('must be a whole number');
      if (value < type.min || value > type.max) return fail(`must be between ${type.min} and ${type.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') return fail('must be true or false');
      return;
    case 'enum':
      if (typeof value !== 'string' || !type.values.includes(value))
        return fail(`must be one of ${type.values.join(', ')}`);
      return;
    case 'list':
      if (!Array.isArray(value)) return fail('must be a list');
      if (value.length > type.maxItems) return fail(`must have at most ${type.maxItems} items`);
      value.forEach((item, i) => check(type.of, item, key, `${path}[${i}]`, out));
      return;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('must be an object');
      const record = value as Record<string, unknown>;
      for (const field of Object.keys(record)) {
        if (!(field in type.fields)) out.push({ key, path: join(path, field), message: 'is not a known field' });
      }
      for (const [field, spec] of Object.entries(type.fields)) {
        if (record[field] === undefined) {
          if (!spec.optional) out.push({ key, path: join(path, field), message: 'is required' });
          continue;
        }
        check(spec.type, record[field], key, join(path, field), out);
      }
      return;
    }
  }
}

function join(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

/** Checks one value against its catalogue type; returns every problem (empty = valid). */
export function validateSettingValue(key: string, value: unknown): SettingProblem[] {
  if (!isSettingKey(key)) return [{ key, path: '', message: 'is not a setting of the catalogue' }];
  const out: SettingProblem[] = [];
  check(settingDefinition(key).type, value, key, '', out);
  return out;
}

/** Checks a whole set of values (unknown keys included); returns every problem. */
export function validateSettingValues(values: unknown): SettingProblem[] {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return [{ key: '', path: '', message: 'settings must be an object of key → value' }];
  }
  return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) => validateSettingValue(key, value));
}

/** Narrowing helper: the values are valid catalogue values. */
export function isValidSettingValues(values: unknown): values is SettingValues {
  return validateSettingValues(values).length === 0;
}

/** True when the value contains a secret anywhere (secrets are never read back, so drift skips them). */
export function settingHasSecret(type: SettingType): boolean {
  switch (type.kind) {
    case 'secret':
      return true;
    case 'list':
      return settingHasSecret(type.of);
    case 'object':
      return Object.values(type.fields).some((f) => settingHasSecret(f.type));
    case 'string':
    case 'integer':
    case 'boolean':
    case 'enum':
      return false;
  }
}

export type { SettingValue };
