import { isSettingKey, settingDefinition, type SettingType, type SettingValue } from './catalogue';

/**
 * The vendor XML API of the `i-series` family (issue 5), as Fleetward's own documented contract.
 *
 * The real vendor protocol is not public. This file defines the XML documents both ends use — the simulator's
 * XML API face and the edge's `protocols/xml-api` client — and is the one place a binding to a real vendor API
 * replaces. The full description with examples is in `./README.md`.
 *
 * Transport: HTTP POST of one `<FwRequest>` document to `XML_API_PATH` on port 50001 (plain) or 50003 (TLS),
 * `Content-Type: application/xml; charset=utf-8`; the answer is one `<FwResponse>` document. Every request
 * carries the device administrator password in `<Auth><AdminPassword>`; a wrong one is answered with an
 * `AUTH_FAILED` error document (HTTP 401) and nothing changes. Documents larger than `XML_API_MAX_BYTES`, with a
 * DOCTYPE or entity declaration, or not shaped as below are refused (`TOO_LARGE`, `MALFORMED_REQUEST`).
 *
 * Values map to XML deterministically from the catalogue type: strings, secrets and enums as text, integers in
 * decimal, booleans as `true`/`false`, objects as one child element per field (catalogue field order, optional
 * fields left out when absent), lists as repeated `<Item>` elements.
 */

export const XML_API_PATH = '/fwapi/v1';
export const XML_API_PORTS = { http: 50001, https: 50003 } as const;
export const XML_API_CONTENT_TYPE = 'application/xml; charset=utf-8';
/** Largest request or response document either end accepts (a full address book fits comfortably). */
export const XML_API_MAX_BYTES = 2 * 1024 * 1024;
export const XML_API_VERSION = '1';

/** xml2js 0.6.2 parser options both ends use (`new Parser(XML_API_PARSER_OPTIONS)`). */
export const XML_API_PARSER_OPTIONS = {
  explicitArray: false,
  explicitRoot: true,
  attrkey: '$',
  charkey: '_',
  trim: false,
  normalize: false,
  async: false,
  strict: true,
} as const;

/** Error codes of an error document. */
export type XmlApiErrorCode = 'AUTH_FAILED' | 'MALFORMED_REQUEST' | 'TOO_LARGE' | 'INTERNAL';
export const XML_API_ERROR_HTTP_STATUS: Readonly<Record<XmlApiErrorCode, number>> = {
  AUTH_FAILED: 401,
  MALFORMED_REQUEST: 400,
  TOO_LARGE: 413,
  INTERNAL: 500,
};

export type XmlApiRequest =
  | { adminPassword: string; op: 'get'; keys: string[] | null }
  | { adminPassword: string; op: 'set'; settings: { key: string; value: XmlDecoded }[] };

/** A value as read from a document: decoded against the catalogue type, or why it could not be. */
export type XmlDecoded = { ok: true; value: SettingValue } | { ok: false; message: string };

export type XmlApiReadItem =
  { key: string; status: 'ok'; value: SettingValue } | { key: string; status: 'unreadable'; reason: string };

export interface XmlApiResult {
  key: string;
  status: 'applied' | 'rejected' | 'unsupported';
  code?: string;
  message?: string;
}

export type XmlApiResponse =
  | { status: 'ok'; settings: XmlApiReadItem[] }
  | { status: 'ok'; results: XmlApiResult[] }
  | { status: 'error'; code: XmlApiErrorCode; message: string };

/** A document that is not a valid request or response of this contract. */
export class XmlApiFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlApiFormatError';
  }
}

// --- safety -------------------------------------------------------------------------------------------------

/** Checks a raw document before parsing; returns the problem or null. */
export function checkXmlDocument(text: string): { code: 'TOO_LARGE' | 'MALFORMED_REQUEST'; message: string } | null {
  if (text.length > XML_API_MAX_BYTES || new TextEncoder().encode(text).length > XML_API_MAX_BYTES)
    return { code: 'TOO_LARGE', message: `document is larger than ${XML_API_MAX_BYTES} bytes` };
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    return { code: 'MALFORMED_REQUEST', message: 'DTDs and entity declarations are not accepted' };
  if (text.trim() === '') return { code: 'MALFORMED_REQUEST', message: 'empty document' };
  return null;
}

// --- writing ------------------------------------------------------------------------------------------------

interface XmlNode {
  name: string;
  attrs?: Record<string, string>;
  children?: XmlNode[];
  text?: string;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function render(node: XmlNode): string {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const inner = (node.children ?? []).map(render).join('') + escapeXml(node.text ?? '');
  return inner === '' ? `<${node.name}${attrs}/>` : `<${node.name}${attrs}>${inner}</${node.name}>`;
}

function documentOf(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root)}\n`;
}

/** The element for a value of a catalogue type (its name given). */
export function settingValueToXml(type: SettingType, value: SettingValue, name = 'Value'): XmlNode {
  switch (type.kind) {
    case 'string':
    case 'secret':
    case 'enum':
      return { name, text: typeof value === 'string' ? value : '' };
    case 'integer':
      return { name, text: typeof value === 'number' ? String(value) : '' };
    case 'boolean':
      return { name, text: value === true ? 'true' : 'false' };
    case 'list':
      return {
        name,
        children: (Array.isArray(value) ? value : []).map((item) => settingValueToXml(type.of, item, 'Item')),
      };
    case 'object': {
      const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
      const children: XmlNode[] = [];
      for (const [field, spec] of Object.entries(type.fields)) {
        const v = record[field];
        if (v === undefined) continue;
        children.push(settingValueToXml(spec.type, v, field));
      }
      return { name, children };
    }
  }
}

export function buildXmlApiRequest(request: XmlApiRequest): string {
  const auth: XmlNode = { name: 'Auth', children: [{ name: 'AdminPassword', text: request.adminPassword }] };
  const body: XmlNode =
    request.op === 'get'
      ? { name: 'GetSettings', children: (request.keys ?? []).map((k) => ({ name: 'Key', text: k })) }
      : {
          name: 'SetSettings',
          children: request.settings.map(({ key, value }) => {
            if (!value.ok || !isSettingKey(key)) throw new XmlApiFormatError(`cannot encode ${key}`);
            return {
              name: 'Setting',
              attrs: { key },
              children: [settingValueToXml(settingDefinition(key).type, value.value)],
            };
          }),
        };
  return documentOf({ name: 'FwRequest', attrs: { version: XML_API_VERSION }, children: [auth, body] });
}

export function buildXmlApiResponse(response: XmlApiResponse): string {
  const attrs = { version: XML_API_VERSION, status: response.status };
  if (response.status === 'error') {
    return documentOf({
      name: 'FwResponse',
      attrs,
      children: [{ name: 'Error', attrs: { code: response.code }, text: response.message }],
    });
  }
  if ('settings' in response) {
    return documentOf({
      name: 'FwResponse',
      attrs,
      children: [
        {
          name: 'Settings',
          children: response.settings.map((s) =>
            s.status === 'ok' && isSettingKey(s.key)
              ? {
                  name: 'Setting',
                  attrs: { key: s.key, status: 'ok' },
                  children: [settingValueToXml(settingDefinition(s.key).type, s.value)],
                }
              : {
                  name: 'Setting',
                  attrs: { key: s.key, status: 'unreadable' },
                  children: [{ name: 'Reason', text: s.status === 'unreadable' ? s.reason : 'unknown setting' }],
                },
          ),
        },
      ],
    });
  }
  return documentOf({
    name: 'FwResponse',
    attrs,
    children: [
      {
        name: 'Results',
        children: response.results.map((r) => ({
          name: 'Result',
          attrs: { key: r.key, status: r.status, ...(r.code ? { code: r.code } : {}) },
          ...(r.message ? { text: r.message } : {}),
        })),
      },
    ],
  });
}

// --- reading (from xml2js output with XML_API_PARSER_OPTIONS) ---------------------------------------------

type Parsed = unknown;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Repeated elements: xml2js gives one object for one element and an array for several. */
function many(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** Text content of an element (xml2js gives a string, or `{ _: text, $: attrs }` when it has attributes). */
function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (isRecord(v)) {
    const text = v['_'];
    if (typeof text === 'string') return text;
    const keys = Object.keys(v).filter((k) => k !== '$');
    return keys.length === 0 ? '' : null;
  }
  return null;
}

function attr(v: unknown, name: string): string | undefined {
  if (!isRecord(v) || !isRecord(v['$'])) return undefined;
  const a = v['$'][name];
  return typeof a === 'string' ? a : undefined;
}

/** Decodes an element's content against a catalogue type. */
export function settingValueFromXml(type: SettingType, node: Parsed, path = 'value'): XmlDecoded {
  switch (type.kind) {
    case 'string':
    case 'secret':
    case 'enum': {
      const text = textOf(node ?? '');
      return text === null ? { ok: false, message: `${path} must be text` } : { ok: true, value: text };
    }
    case 'integer': {
      const text = textOf(node ?? '');
      if (text === null || !/^-?\d{1,15}$/.test(text.trim()))
        return { ok: false, message: `${path} must be a whole number` };
      return { ok: true, value: Number.parseInt(text.trim(), 10) };
    }
    case 'boolean': {
      const text = textOf(node ?? '')?.trim();
      if (text === 'true') return { ok: true, value: true };
      if (text === 'false') return { ok: true, value: false };
      return { ok: false, message: `${path} must be true or false` };
    }
    case 'list': {
      if (node === undefined || node === '' || (isRecord(node) && Object.keys(node).length === 0))
        return { ok: true, value: [] };
      if (!isRecord(node)) return { ok: false, message: `${path} must be a list of <Item>` };
      const unknown = Object.keys(node).filter((k) => k !== 'Item' && k !== '$');
      if (unknown.length > 0) return { ok: false, message: `${path} has unexpected element <${unknown[0]}>` };
      const items: SettingValue[] = [];
      const raw = many(node['Item']);
      for (let i = 0; i < raw.length; i++) {
        const d = settingValueFromXml(type.of, raw[i], `${path}[${i}]`);
        if (!d.ok) return d;
        items.push(d.value);
      }
      return { ok: true, value: items };
    }
    case 'object': {
      if (node === '' || node === undefined) node = {};
      if (!isRecord(node)) return { ok: false, message: `${path} must have field elements` };
      const out: Record<string, SettingValue> = {};
      for (const name of Object.keys(node)) {
        if (name === '$') continue;
        if (!Object.prototype.hasOwnProperty.call(type.fields, name))
          return { ok: false, message: `${path}.${name} is not a known field` };
        if (Array.isArray(node[name])) return { ok: false, message: `${path}.${name} appears more than once` };
      }
      for (const [field, spec] of Object.entries(type.fields)) {
        if (node[field] === undefined) continue;
        const d = settingValueFromXml(spec.type, node[field], `${path}.${field}`);
        if (!d.ok) return d;
        out[field] = d.value;
      }
      return { ok: true, value: out };
    }
  }
}

function rootOf(parsed: Parsed, name: string): Record<string, unknown> {
  if (!isRecord(parsed) || Object.keys(parsed).length !== 1 || !(name in parsed))
    throw new XmlApiFormatError(`root element must be <${name}>`);
  const root = parsed[name];
  if (root === '' || root === undefined) return {};
  if (!isRecord(root)) throw new XmlApiFormatError(`<${name}> must contain elements`);
  const version = attr(root, 'version');
  if (version !== undefined && version !== XML_API_VERSION)
    throw new XmlApiFormatError(`unsupported version ${version}`);
  return root;
}

/** Interprets a parsed `<FwRequest>`; throws XmlApiFormatError when it is not one. */
export function readXmlApiRequest(parsed: Parsed): XmlApiRequest {
  const root = rootOf(parsed, 'FwRequest');
  const auth = root['Auth'];
  const password = isRecord(auth) ? textOf(auth['AdminPassword']) : null;
  if (password === null) throw new XmlApiFormatError('<Auth><AdminPassword> is required');
  const get = root['GetSettings'];
  const set = root['SetSettings'];
  if ((get === undefined) === (set === undefined))
    throw new XmlApiFormatError('exactly one of <GetSettings> or <SetSettings> is required');
  if (get !== undefined) {
    const keys = isRecord(get) ? many(get['Key']).map(textOf) : [];
    if (keys.some((k) => k === null)) throw new XmlApiFormatError('<Key> must be text');
    return { adminPassword: password, op: 'get', keys: keys.length === 0 ? null : (keys as string[]) };
  }
  const settings = (isRecord(set) ? many(set['Setting']) : []).map((s) => {
    const key = attr(s, 'key');
    if (key === undefined) throw new XmlApiFormatError('<Setting> needs a key attribute');
    if (!isSettingKey(key)) return { key, value: { ok: false as const, message: 'unknown setting' } };
    const value = isRecord(s) ? s['Value'] : undefined;
    if (Array.isArray(value)) return { key, value: { ok: false as const, message: 'more than one <Value>' } };
    return { key, value: settingValueFromXml(settingDefinition(key).type, value) };
  });
  if (settings.length === 0) throw new XmlApiFormatError('<SetSettings> has no <Setting>');
  return { adminPassword: password, op: 'set', settings };
}

/** Interprets a parsed `<FwResponse>`; throws XmlApiFormatError when it is not one. */
export function readXmlApiResponse(parsed: Parsed): XmlApiResponse {
  const root = rootOf(parsed, 'FwResponse');
  const status = attr(root, 'status');
  if (status === 'error') {
    const error = root['Error'];
    const code = attr(error, 'code');
    if (code === undefined || !(code in XML_API_ERROR_HTTP_STATUS))
      throw new XmlApiFormatError('<Error> needs a known code');
    return { status: 'error', code: code as XmlApiErrorCode, message: textOf(error) ?? '' };
  }
  if (status !== 'ok') throw new XmlApiFormatError('status must be ok or error');
  if (root['Settings'] !== undefined) {
    const settings = isRecord(root['Settings']) ? many(root['Settings']['Setting']) : [];
    return {
      status: 'ok',
      settings: settings.map((s): XmlApiReadItem => {
        const key = attr(s, 'key');
        if (key === undefined) throw new XmlApiFormatError('<Setting> needs a key attribute');
        if (attr(s, 'status') === 'ok') {
          if (!isSettingKey(key)) throw new XmlApiFormatError(`unknown setting ${key}`);
          const d = settingValueFromXml(settingDefinition(key).type, isRecord(s) ? s['Value'] : undefined);
          if (!d.ok) throw new XmlApiFormatError(`${key}: ${d.message}`);
          return { key, status: 'ok', value: d.value };
        }
        return { key, status: 'unreadable', reason: (isRecord(s) ? textOf(s['Reason']) : null) ?? '' };
      }),
    };
  }
  if (root['Results'] !== undefined) {
    const results = isRecord(root['Results']) ? many(root['Results']['Result']) : [];
    return {
      status: 'ok',
      results: results.map((r): XmlApiResult => {
        const key = attr(r, 'key');
        const s = attr(r, 'status');
        if (key === undefined || (s !== 'applied' && s !== 'rejected' && s !== 'unsupported'))
          throw new XmlApiFormatError('<Result> needs key and a status of applied, rejected or unsupported');
        const code = attr(r, 'code');
        const message = textOf(r);
        return { key, status: s, ...(code ? { code } : {}), ...(message ? { message } : {}) };
      }),
    };
  }
  throw new XmlApiFormatError('<FwResponse> has neither <Settings> nor <Results>');
}
