import type { SettingType } from '@fleetward/contracts';

/**
 * The editable form of a structured setting (a list or an object of the catalogue), built from its type: every
 * leaf is a typed control (text, number, switch, choice, password), lists get rows that can be added, removed
 * and moved, so nobody edits a device's address book or SNMPv3 users as JSON. `readNode` turns it back into the
 * value the API takes (a kept secret as `{set: true}`, an empty optional field left out).
 */
export type ScalarType = Extract<SettingType, { kind: 'string' | 'secret' | 'integer' | 'boolean' | 'enum' }>;

export interface ScalarNode {
  kind: 'scalar';
  type: ScalarType;
  /** Text for every control but the switch, which holds a boolean. */
  raw: string | boolean;
  /** A stored secret left as it is (the template's answer held `{set: true}` here). */
  keepSecret: boolean;
  optional: boolean;
}

export interface ObjectNode {
  kind: 'object';
  fields: { name: string; optional: boolean; node: ValueNode }[];
}

export interface ListNode {
  kind: 'list';
  of: SettingType;
  maxItems: number;
  items: ValueNode[];
}

export type ValueNode = ScalarNode | ObjectNode | ListNode;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored secret as the API answers it: `{set: true}`. */
export function isPlaceholder(value: unknown): boolean {
  return isRecord(value) && value['set'] === true;
}

/** The node of a value of `type` (an absent value gives empty controls, an empty list, the object's fields). */
export function nodeFor(type: SettingType, value: unknown, optional = false): ValueNode {
  switch (type.kind) {
    case 'list':
      return {
        kind: 'list',
        of: type.of,
        maxItems: type.maxItems,
        items: Array.isArray(value) ? value.map((item) => nodeFor(type.of, item)) : [],
      };
    case 'object': {
      const record = isRecord(value) ? value : {};
      return {
        kind: 'object',
        fields: Object.entries(type.fields).map(([name, field]) => ({
          name,
          optional: field.optional === true,
          node: nodeFor(field.type, record[name], field.optional === true),
        })),
      };
    }
    case 'boolean':
      return { kind: 'scalar', type, raw: value === true, keepSecret: false, optional };
    case 'secret':
      return { kind: 'scalar', type, raw: '', keepSecret: isPlaceholder(value), optional };
    case 'string':
    case 'integer':
    case 'enum':
      return {
        kind: 'scalar',
        type,
        raw: typeof value === 'string' || typeof value === 'number' ? String(value) : '',
        keepSecret: false,
        optional,
      };
  }
}

/** The value a node holds; `undefined` for an optional field left empty (the object leaves it out). */
export function readNode(node: ValueNode): unknown {
  switch (node.kind) {
    case 'list':
      return node.items.map((item) => readNode(item) ?? '');
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const field of node.fields) {
        const value = readNode(field.node);
        if (value !== undefined) out[field.name] = value;
      }
      return out;
    }
    case 'scalar': {
      if (node.type.kind === 'boolean') return node.raw === true;
      const text = String(node.raw);
      if (node.type.kind === 'secret' && node.keepSecret && text === '') return { set: true };
      if (node.optional && text.trim() === '') return undefined;
      if (node.type.kind === 'integer') return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
      return text;
    }
  }
}

/** Adds an empty row at the end (nothing when the list is full). */
export function addItem(list: ListNode): void {
  if (list.items.length < list.maxItems) list.items = [...list.items, nodeFor(list.of, undefined)];
}

export function removeItem(list: ListNode, index: number): void {
  list.items = list.items.filter((_, i) => i !== index);
}

/** Moves a row one place up (-1) or down (+1); nothing at either end. */
export function moveItem(list: ListNode, index: number, delta: -1 | 1): void {
  const to = index + delta;
  if (to < 0 || to >= list.items.length) return;
  const items = [...list.items];
  [items[index], items[to]] = [items[to], items[index]];
  list.items = items;
}

/**
 * The value as validation should see it: a kept secret (`{set: true}`) stands for a valid one, so the other fields
 * are still checked before anything is sent (the server puts the stored secret back, and checks again).
 */
export function withPlaceholdersFilled(type: SettingType, value: unknown): unknown {
  switch (type.kind) {
    case 'secret':
      return isPlaceholder(value) ? 'k'.repeat(Math.max(type.minLength, 1)) : value;
    case 'list':
      return Array.isArray(value) ? value.map((item) => withPlaceholdersFilled(type.of, item)) : value;
    case 'object': {
      if (!isRecord(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [name, v] of Object.entries(value)) {
        const field = type.fields[name];
        out[name] = field ? withPlaceholdersFilled(field.type, v) : v;
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

/** Field names of the catalogue's objects, for their translated labels (`templates.field.<name>`). */
export const SETTING_FIELD_NAMES = [
  'name',
  'level',
  'authProtocol',
  'authKey',
  'privProtocol',
  'privKey',
  'enabled',
  'offsetMinutes',
  'start',
  'end',
  'servers',
  'pollIntervalMinutes',
  'domain',
  'host',
  'port',
  'security',
  'user',
  'password',
  'fromAddress',
  'id',
  'email',
  'departmentId',
  'kind',
  'address',
] as const;
