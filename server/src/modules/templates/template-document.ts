import {
  isSettingKey,
  settingDefinition,
  type SettingKey,
  type SettingType,
  type SettingValue,
  type TemplateDocument,
  type TemplateExportFormat,
  type TemplateKind,
} from '@fleetward/contracts';
import { Builder, parseStringPromise } from 'xml2js';
import { TemplateDocumentInvalidError } from './template.errors';

/**
 * Template export/import documents, JSON and XML (issue 5). The XML form is typed by the catalogue: a setting is
 * `<setting key="…">` holding text (string, enum, integer, boolean), `<item>` children (lists) or one child per
 * field (objects), so a document reads back to exactly the values it was made from. Secrets are never exported
 * (docs/decisions/0009): the keys that hold one are listed in `omittedSecrets`.
 */

/** Largest document accepted by the import (characters). */
export const MAX_TEMPLATE_DOCUMENT_LENGTH = 256 * 1024;

type XmlNode = string | { _?: string; $?: Record<string, string>; [child: string]: unknown };

function toNode(type: SettingType, value: SettingValue): unknown {
  switch (type.kind) {
    case 'list':
      return { item: (Array.isArray(value) ? value : []).map((v) => toNode(type.of, v)) };
    case 'object': {
      const out: Record<string, unknown> = {};
      const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
      for (const [field, spec] of Object.entries(type.fields)) {
        const v = record[field];
        if (v !== undefined) out[field] = toNode(spec.type, v);
      }
      return out;
    }
    case 'string':
    case 'secret':
    case 'enum':
    case 'integer':
    case 'boolean':
      return { _: typeof value === 'object' ? JSON.stringify(value) : String(value) };
  }
}

function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && node !== null && typeof (node as { _?: unknown })._ === 'string') {
    return (node as { _: string })._;
  }
  return '';
}

function fromNode(type: SettingType, node: XmlNode): SettingValue {
  switch (type.kind) {
    case 'string':
    case 'secret':
    case 'enum':
      return textOf(node);
    case 'integer': {
      const text = textOf(node).trim();
      return /^-?\d{1,15}$/.test(text) ? Number(text) : text;
    }
    case 'boolean': {
      const text = textOf(node).trim();
      return text === 'true' ? true : text === 'false' ? false : text;
    }
    case 'list': {
      const items = typeof node === 'object' && Array.isArray(node.item) ? (node.item as XmlNode[]) : [];
      return items.map((item) => fromNode(type.of, item));
    }
    case 'object': {
      if (typeof node !== 'object') return {};
      const out: Record<string, SettingValue> = {};
      for (const [field, children] of Object.entries(node)) {
        if (field === '$' || field === '_' || !Array.isArray(children)) continue;
        const spec = type.fields[field];
        // Unknown fields are kept as text, so that validation names them.
        out[field] = spec ? fromNode(spec.type, children[0] as XmlNode) : textOf(children[0]);
      }
      return out;
    }
  }
}

export function renderDocument(doc: TemplateDocument, format: TemplateExportFormat): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  const settings = (Object.entries(doc.values) as [SettingKey, SettingValue][]).map(([key, value]) => {
    const node = toNode(settingDefinition(key).type, value) as Record<string, unknown>;
    return { ...node, $: { key } };
  });
  const builder = new Builder({ rootName: 'template', xmldec: { version: '1.0', encoding: 'UTF-8' } });
  return builder.buildObject({
    $: { format: doc.format, formatVersion: String(doc.formatVersion), kind: doc.kind },
    name: doc.name,
    description: doc.description,
    settings: { setting: settings },
    omittedSecrets: { key: doc.omittedSecrets },
  });
}

/**
 * Reads a JSON or XML template document into its parts; the values are NOT validated here (the service
 * validates them like a create). Throws TEMPLATE_DOCUMENT_INVALID for a document that cannot be read.
 */
export async function parseDocument(
  format: TemplateExportFormat,
  text: string,
): Promise<{ name: string; description: string; kind: TemplateKind; values: Record<string, unknown> }> {
  if (text.length > MAX_TEMPLATE_DOCUMENT_LENGTH) {
    throw new TemplateDocumentInvalidError(`it is longer than ${MAX_TEMPLATE_DOCUMENT_LENGTH} characters`);
  }
  return format === 'json' ? parseJsonDocument(text) : parseXmlDocument(text);
}

function checkHeader(formatName: unknown, version: unknown, kind: unknown): TemplateKind {
  if (formatName !== 'fleetward-template')
    throw new TemplateDocumentInvalidError('format must be "fleetward-template"');
  if (String(version) !== '1') throw new TemplateDocumentInvalidError('formatVersion must be 1');
  if (kind !== 'admin' && kind !== 'service') throw new TemplateDocumentInvalidError('kind must be admin or service');
  return kind;
}

function parseJsonDocument(text: string): {
  name: string;
  description: string;
  kind: TemplateKind;
  values: Record<string, unknown>;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TemplateDocumentInvalidError('it is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TemplateDocumentInvalidError('it is not a JSON object');
  }
  const doc = parsed as Record<string, unknown>;
  const kind = checkHeader(doc.format, doc.formatVersion, doc.kind);
  const values = doc.values;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new TemplateDocumentInvalidError('values must be an object of key → value');
  }
  return {
    name: typeof doc.name === 'string' ? doc.name : '',
    description: typeof doc.description === 'string' ? doc.description : '',
    kind,
    values: values as Record<string, unknown>,
  };
}

async function parseXmlDocument(text: string): Promise<{
  name: string;
  description: string;
  kind: TemplateKind;
  values: Record<string, unknown>;
}> {
  let parsed: unknown;
  try {
    parsed = await parseStringPromise(text, { explicitArray: true, explicitCharkey: true, trim: false });
  } catch (cause) {
    throw new TemplateDocumentInvalidError(`it is not well-formed XML (${(cause as Error).message.split('\n')[0]})`);
  }
  const root = (parsed as { template?: Record<string, unknown> } | null)?.template;
  if (typeof root !== 'object' || root === null) throw new TemplateDocumentInvalidError('the root must be <template>');
  const attrs = (root.$ ?? {}) as Record<string, string>;
  const kind = checkHeader(attrs.format, attrs.formatVersion, attrs.kind);
  const first = (name: string): unknown => (Array.isArray(root[name]) ? (root[name] as unknown[])[0] : undefined);
  const settingsNode = first('settings');
  const settings =
    typeof settingsNode === 'object' && settingsNode !== null && Array.isArray((settingsNode as XmlObject).setting)
      ? ((settingsNode as XmlObject).setting as XmlNode[])
      : [];
  const values: Record<string, unknown> = {};
  for (const node of settings) {
    const key = typeof node === 'object' ? node.$?.key : undefined;
    if (key === undefined) throw new TemplateDocumentInvalidError('every <setting> needs a key attribute');
    values[key] = isSettingKey(key) ? fromNode(settingDefinition(key).type, node) : textOf(node);
  }
  return { name: textOf(first('name')), description: textOf(first('description')), kind, values };
}

type XmlObject = Record<string, unknown>;
