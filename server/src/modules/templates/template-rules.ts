import {
  isSettingKey,
  settingDefinition,
  type SettingKey,
  type SettingType,
  type SettingValue,
  type SettingValues,
  type TemplateKind,
  type TemplateValueView,
} from '@fleetward/contracts';
import { type AccessScope, Permission, settingHasSecret, validateSettingValues } from '@fleetward/domain';
import { ValidationFailedError } from '../../common/errors';
import { TemplateServiceSettingsForbiddenError } from './template.errors';

/**
 * Pure rules of settings templates: secrets masked in answers and kept when sent back as `{set: true}`,
 * admin templates hold only admin settings, who may change service templates (docs/decisions/0009).
 */

const PLACEHOLDER = { set: true } as const;

function isPlaceholder(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    (value as Record<string, unknown>).set === true
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value with every secret inside it replaced by `{set: true}`. */
export function maskValue(type: SettingType, value: SettingValue): TemplateValueView {
  switch (type.kind) {
    case 'secret':
      return PLACEHOLDER;
    case 'list':
      return Array.isArray(value) ? value.map((v) => maskValue(type.of, v) as SettingValue) : value;
    case 'object': {
      if (!isRecord(value)) return value;
      const out: Record<string, SettingValue> = {};
      for (const [field, v] of Object.entries(value)) {
        const spec = type.fields[field];
        out[field] = spec ? (maskValue(spec.type, v) as SettingValue) : v;
      }
      return out;
    }
    case 'string':
    case 'integer':
    case 'boolean':
    case 'enum':
      return value;
  }
}

export function maskValues(values: SettingValues): Partial<Record<SettingKey, TemplateValueView>> {
  const out: Partial<Record<SettingKey, TemplateValueView>> = {};
  for (const [key, value] of Object.entries(values) as [SettingKey, SettingValue][]) {
    out[key] = maskValue(settingDefinition(key).type, value);
  }
  return out;
}

/**
 * The field that names a list item (`id`, else `name`) when the list holds objects: a kept secret follows its item
 * by that name, so removing or reordering rows never hands one user's key to another.
 */
function identityField(type: SettingType): string | null {
  if (type.kind !== 'object') return null;
  if (type.fields['id']?.type.kind === 'string') return 'id';
  if (type.fields['name']?.type.kind === 'string') return 'name';
  return null;
}

/**
 * Puts the stored secret back wherever the incoming value holds `{set: true}` at a secret's place (same key,
 * same field; in a list of named objects the stored item of the same id or name — of a renamed one, nothing —,
 * in any other list the same index). A placeholder with nothing stored stays and fails validation.
 */
export function restoreSecrets(type: SettingType, incoming: unknown, stored: SettingValue | undefined): unknown {
  switch (type.kind) {
    case 'secret':
      return isPlaceholder(incoming) && stored !== undefined ? stored : incoming;
    case 'list': {
      if (!Array.isArray(incoming)) return incoming;
      const storedItems = Array.isArray(stored) ? stored : [];
      const idField = identityField(type.of);
      const storedOf = (item: unknown, i: number): SettingValue | undefined => {
        if (idField === null) return storedItems[i];
        const id = isRecord(item) ? item[idField] : undefined;
        return storedItems.find((s) => isRecord(s) && s[idField] === id && id !== undefined);
      };
      return incoming.map((item, i) => restoreSecrets(type.of, item, storedOf(item, i)));
    }
    case 'object': {
      if (!isRecord(incoming)) return incoming;
      const out: Record<string, unknown> = {};
      for (const [field, v] of Object.entries(incoming)) {
        const spec = type.fields[field];
        const storedField = isRecord(stored) ? stored[field] : undefined;
        out[field] = spec ? restoreSecrets(spec.type, v, storedField) : v;
      }
      return out;
    }
    case 'string':
    case 'integer':
    case 'boolean':
    case 'enum':
      return incoming;
  }
}

export function restoreAllSecrets(incoming: unknown, stored: SettingValues): unknown {
  if (!isRecord(incoming)) return incoming;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(incoming)) {
    out[key] = isSettingKey(key) ? restoreSecrets(settingDefinition(key).type, value, stored[key]) : value;
  }
  return out;
}

/**
 * Validates template values against the catalogue and the kind (admin templates: admin settings only).
 * Throws VALIDATION_FAILED listing every problem as `values.<key>[.<path>]`.
 */
export function parseTemplateValues(kind: TemplateKind, values: unknown): SettingValues {
  const problems = validateSettingValues(values).map((p) => ({
    field: ['values', p.key, p.path].filter((s) => s !== '').join('.'),
    problems: [p.message],
  }));
  if (isRecord(values)) {
    for (const key of Object.keys(values)) {
      if (kind === 'admin' && isSettingKey(key) && settingDefinition(key).scope === 'service') {
        problems.push({
          field: `values.${key}`,
          problems: ['is a service setting: an admin template holds only admin settings'],
        });
      }
    }
    if (Object.keys(values).length === 0)
      problems.push({ field: 'values', problems: ['must hold at least one setting'] });
  }
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return values as SettingValues;
}

/**
 * Admin Template Management covers admin templates only (SPEC §3). Creating, changing, importing or deleting a
 * service template also needs Device Management RW and System Management (or the Super Admin).
 */
export function assertMayChangeKind(access: AccessScope, kind: TemplateKind): void {
  if (kind === 'admin' || access.isSuperAdmin) return;
  const held = access.permissions;
  if (held.has(Permission.DeviceManagementRw) && held.has(Permission.SystemManagement)) return;
  throw new TemplateServiceSettingsForbiddenError();
}

/** Keys whose value holds a secret somewhere. */
export function secretKeysOf(values: SettingValues): SettingKey[] {
  return (Object.keys(values) as SettingKey[]).filter((k) => settingHasSecret(settingDefinition(k).type));
}

/** The values without any key that holds a secret (exports, drift comparisons). */
export function withoutSecrets(values: SettingValues): SettingValues {
  const out: SettingValues = {};
  for (const [key, value] of Object.entries(values) as [SettingKey, SettingValue][]) {
    if (!settingHasSecret(settingDefinition(key).type)) out[key] = value;
  }
  return out;
}
