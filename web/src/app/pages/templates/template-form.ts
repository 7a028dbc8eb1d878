import {
  SETTING_DEFINITIONS,
  type SettingDefinition,
  type SettingKey,
  type TemplateValueView,
} from '@fleetward/contracts';
import { validateSettingValue } from '@fleetward/domain';

/**
 * The template editor's form, generated from the settings catalogue: one field per chosen key, its control
 * picked by the setting's type (text, password, number, switch, choice; lists and objects as JSON), checked
 * with the catalogue's own validation before anything is sent (the API checks again).
 */
export type FieldControl = 'text' | 'secret' | 'number' | 'boolean' | 'enum' | 'json';

export interface TemplateField {
  key: SettingKey;
  definition: SettingDefinition;
  control: FieldControl;
  /** What the control holds: text for text/secret/number/json/enum, a boolean for the switch. */
  raw: string | boolean;
  /** A stored secret left as it is (sent back as `{set: true}`). */
  keepSecret: boolean;
  problems: string[];
}

export function controlOf(definition: SettingDefinition): FieldControl {
  switch (definition.type.kind) {
    case 'string':
      return 'text';
    case 'secret':
      return 'secret';
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    case 'list':
    case 'object':
      return 'json';
  }
}

export function definitionOf(key: SettingKey): SettingDefinition {
  return SETTING_DEFINITIONS.find((d) => d.key === key)!;
}

function isPlaceholder(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { set?: unknown }).set === true;
}

/** A field for `key`, filled from a template's (masked) value when there is one. */
export function fieldFor(key: SettingKey, value?: TemplateValueView): TemplateField {
  const definition = definitionOf(key);
  const control = controlOf(definition);
  const keepSecret = control === 'secret' && isPlaceholder(value);
  let raw: string | boolean;
  if (control === 'boolean') raw = value === true;
  else if (value === undefined || keepSecret)
    raw = control === 'json' ? (definition.type.kind === 'list' ? '[]' : '{}') : '';
  else if (control === 'json') raw = JSON.stringify(value, null, 2);
  else raw = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return { key, definition, control, raw, keepSecret, problems: [] };
}

/** Reads a field into a value (or `{set: true}` for a kept secret) and records its problems. */
export function readField(field: TemplateField): TemplateValueView | undefined {
  field.problems = [];
  if (field.keepSecret && field.raw === '') return { set: true };
  let value: unknown;
  switch (field.control) {
    case 'boolean':
      value = field.raw === true;
      break;
    case 'number': {
      const text = String(field.raw).trim();
      value = /^-?\d+$/.test(text) ? Number(text) : text;
      break;
    }
    case 'json':
      try {
        value = JSON.parse(String(field.raw));
      } catch {
        field.problems = ['is not valid JSON'];
        return undefined;
      }
      break;
    case 'text':
    case 'secret':
    case 'enum':
      value = String(field.raw);
      break;
  }
  // Nested secrets sent back unchanged are restored by the server; only check what the user typed.
  const problems = JSON.stringify(value).includes('{"set":true}') ? [] : validateSettingValue(field.key, value);
  field.problems = problems.map((p) => (p.path ? `${p.path} ${p.message}` : p.message));
  return field.problems.length === 0 ? (value as TemplateValueView) : undefined;
}

/** Every field's value; null when any field has a problem (shown next to it). */
export function readFields(fields: TemplateField[]): Record<string, TemplateValueView> | null {
  const values: Record<string, TemplateValueView> = {};
  let ok = true;
  for (const field of fields) {
    const value = readField(field);
    if (value === undefined) ok = false;
    else values[field.key] = value;
  }
  return ok ? values : null;
}

/** Keys an editor may add: admin settings for admin templates, every setting for service templates. */
export function keysFor(kind: 'admin' | 'service'): SettingKey[] {
  return SETTING_DEFINITIONS.filter((d) => kind === 'service' || d.scope === 'admin').map((d) => d.key);
}
