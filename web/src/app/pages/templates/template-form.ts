import {
  SETTING_DEFINITIONS,
  type SettingCapability,
  type SettingDefinition,
  type SettingKey,
  type TemplateValueView,
} from '@fleetward/contracts';
import { settingHasSecret, validateSettingValue } from '@fleetward/domain';
import { type TranslationKey } from '../../core/i18n/en';
import { isPlaceholder, nodeFor, readNode, withPlaceholdersFilled, type ValueNode } from './value-node';

/**
 * The template editor's form, generated from the settings catalogue: one field per chosen key, its control
 * picked by the setting's type (text, password, number, switch, choice; lists and objects as rows and fields of
 * those controls, see value-node.ts), checked
 * with the catalogue's own validation before anything is sent (the API checks again).
 */
export type FieldControl = 'text' | 'secret' | 'number' | 'boolean' | 'enum' | 'structured';

export interface TemplateField {
  key: SettingKey;
  definition: SettingDefinition;
  control: FieldControl;
  /** What the control holds: text for text/secret/number/enum, a boolean for the switch. */
  raw: string | boolean;
  /** The rows and fields of a list or object setting (`structured` only). */
  node: ValueNode | null;
  /** A stored secret left as it is (sent back as `{set: true}`). */
  keepSecret: boolean;
  /** A new secret typed a second time (secret fields only): a typo in a device password would lock people out. */
  confirm: string;
  problems: string[];
}

/** The translated label of a catalogue key (`setting.<key>` in en.ts / ja.ts). */
export function settingLabelKey(key: SettingKey): TranslationKey {
  return `setting.${key}`;
}

/** The translated one-line help of a catalogue key. */
export function settingHintKey(key: SettingKey): TranslationKey {
  return `setting.${key}.hint`;
}

/** The unit of a number setting, translated (minutes, seconds, %, port), or null. */
export function settingUnitKey(definition: SettingDefinition): TranslationKey | null {
  return definition.type.kind === 'integer' && definition.type.unit ? `templates.unit.${definition.type.unit}` : null;
}

/**
 * Settings that belong to one device: delivered to many, every device gets the same value (the same host name on
 * a whole floor). Capture leaves them out unless ticked, and the editor and the delivery form warn about them.
 */
export const PER_DEVICE_KEYS: readonly SettingKey[] = ['identity.deviceName', 'identity.location'];

export function hasPerDeviceKeys(keys: readonly SettingKey[]): boolean {
  return keys.some((k) => PER_DEVICE_KEYS.includes(k));
}

/** One setting a capture may copy: readable on the device, an admin setting, holding no secret. */
export interface CaptureChoice {
  key: SettingKey;
  /** Ticked by default unless it belongs to one device. */
  checked: boolean;
}

/**
 * What a capture from this device can copy (ticked: everything but per-device keys) and what it cannot (secrets are
 * never read from a device; set them in the template afterwards), in catalogue order.
 */
export function captureChoices(capabilities: readonly SettingCapability[]): {
  choices: CaptureChoice[];
  notReadable: SettingKey[];
} {
  const byKey = new Map(capabilities.map((c) => [c.key, c]));
  const choices: CaptureChoice[] = [];
  const notReadable: SettingKey[] = [];
  for (const definition of SETTING_DEFINITIONS) {
    const capability = byKey.get(definition.key);
    if (!capability || definition.scope !== 'admin') continue;
    if (capability.read && !settingHasSecret(definition.type)) {
      choices.push({ key: definition.key, checked: !PER_DEVICE_KEYS.includes(definition.key) });
    } else if (capability.write) {
      notReadable.push(definition.key);
    }
  }
  return { choices, notReadable };
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
      return 'structured';
  }
}

export function definitionOf(key: SettingKey): SettingDefinition {
  return SETTING_DEFINITIONS.find((d) => d.key === key)!;
}

/** A field for `key`, filled from a template's (masked) value when there is one. */
export function fieldFor(key: SettingKey, value?: TemplateValueView): TemplateField {
  const definition = definitionOf(key);
  const control = controlOf(definition);
  const keepSecret = control === 'secret' && isPlaceholder(value);
  const node = control === 'structured' ? nodeFor(definition.type, value) : null;
  let raw: string | boolean;
  if (control === 'boolean') raw = value === true;
  else if (value === undefined || keepSecret || control === 'structured') raw = '';
  else raw = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return { key, definition, control, raw, node, keepSecret, confirm: '', problems: [] };
}

/**
 * Reads a field into a value (or `{set: true}` for a kept secret) and records its problems. A new secret must be
 * typed twice alike (`mismatch`: the message shown otherwise).
 */
export function readField(field: TemplateField, mismatch = 'The two entries differ.'): TemplateValueView | undefined {
  field.problems = [];
  if (field.keepSecret && field.raw === '') return { set: true };
  if (field.control === 'secret' && field.raw !== field.confirm) {
    field.problems = [mismatch];
    return undefined;
  }
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
    case 'structured':
      value = field.node ? readNode(field.node) : undefined;
      break;
    case 'text':
    case 'secret':
    case 'enum':
      value = String(field.raw);
      break;
  }
  // Nested secrets sent back unchanged are restored by the server; every other field is checked here.
  const problems = validateSettingValue(field.key, withPlaceholdersFilled(field.definition.type, value));
  field.problems = problems.map((p) => (p.path ? `${p.path} ${p.message}` : p.message));
  return field.problems.length === 0 ? (value as TemplateValueView) : undefined;
}

/** Every field's value; null when any field has a problem (shown next to it). */
export function readFields(fields: TemplateField[], mismatch?: string): Record<string, TemplateValueView> | null {
  const values: Record<string, TemplateValueView> = {};
  let ok = true;
  for (const field of fields) {
    const value = readField(field, mismatch);
    if (value === undefined) ok = false;
    else values[field.key] = value;
  }
  return ok ? values : null;
}

/** Keys an editor may add: admin settings for admin templates, every setting for service templates. */
export function keysFor(kind: 'admin' | 'service'): SettingKey[] {
  return SETTING_DEFINITIONS.filter((d) => kind === 'service' || d.scope === 'admin').map((d) => d.key);
}
