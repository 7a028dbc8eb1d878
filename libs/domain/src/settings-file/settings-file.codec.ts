import {
  isSettingKey,
  SETTINGS_FILE_CIPHER,
  SETTINGS_FILE_FORMAT,
  SETTINGS_FILE_KDF,
  SETTINGS_FILE_LIMITS,
  SETTINGS_FILE_MAX_BYTES,
  SETTINGS_FILE_REFUSAL_CODES,
  SETTINGS_FILE_VERSION,
  SETTINGS_FILE_XML_NAMESPACE,
  type SealedSettingsFile,
  type SettingKey,
  type SettingsFileDevice,
  type SettingsFileEnvelope,
  type SettingsFileHeader,
  type SettingsFileKind,
  type SettingsFileOutcome,
  type SettingsFilePayload,
  type SettingsFileRefusal,
  type SettingsFileRefusalCode,
  type SettingsFileReport,
  type SettingsFileVariant,
  type SettingsResultPayload,
  type SettingValue,
  type SettingValues,
} from '@fleetward/contracts';
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { Parser } from 'xml2js';

/**
 * The settings-file codec (contract: libs/contracts/src/settings/settings-file.ts): seals a payload with AES-256-GCM
 * under scrypt(administrator password), renders the envelope as XML or JSON, and parses files strictly (size first,
 * no DOCTYPE/ENTITY, known elements and fields only, bounded KDF parameters). Node-only (node:crypto, xml2js): not
 * re-exported from libs/domain/src/index.ts, since the web console imports that index.
 */

export type SettingsFileFailure =
  | 'tooLarge'
  | 'notUtf8'
  | 'forbiddenMarkup'
  | 'malformed'
  | 'unsupportedVersion'
  | 'wrongKind'
  | 'kdfOutOfBounds'
  | 'decryptFailed'
  | 'wrongDevice';

/** A file that cannot be used; `reason` is stable. `decryptFailed` means wrong password or tampering. */
export class SettingsFileError extends Error {
  readonly code = 'SETTINGS_FILE_INVALID';

  constructor(
    readonly reason: SettingsFileFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SettingsFileError';
  }

  /** The refusal a device writes back for this failure. */
  get refusalCode(): SettingsFileRefusalCode {
    if (this.reason === 'decryptFailed') return 'DEVICE_AUTH_FAILED';
    if (this.reason === 'wrongDevice') return 'WRONG_DEVICE';
    return 'FILE_INVALID';
  }
}

const fail = (reason: SettingsFileFailure, message: string, cause?: unknown): SettingsFileError =>
  new SettingsFileError(reason, message, cause === undefined ? undefined : { cause });

export interface SealOptions {
  variant: SettingsFileVariant;
  kind: SettingsFileKind;
  device: SettingsFileDevice;
  operationId: string;
  password: string;
  /** Injected clock (ISO time); default now. */
  createdAt?: string;
  /** Lower scrypt cost (tests); bounded like a reader's. */
  kdf?: { N?: number; r?: number; p?: number };
}

// ---------------------------------------------------------------------------------------------------------------
// Crypto

/** scrypt on libuv's thread pool: ~0.1 s of CPU per file must not block the edge's event loop (polling, API). */
function deriveKey(password: string, kdf: SealedSettingsFile['kdf']): Promise<Buffer> {
  const salt = Buffer.from(kdf.salt, 'base64');
  const options = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, SETTINGS_FILE_KDF.keyBytes, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** The authenticated data: every clear-text field that matters, in a fixed order independent of the variant. */
function aad(header: SettingsFileHeader, kdf: SealedSettingsFile['kdf'], iv: string): Buffer {
  return Buffer.from(
    JSON.stringify([
      header.format,
      header.version,
      header.kind,
      header.device.serial,
      header.device.address,
      header.operationId,
      header.createdAt,
      kdf.name,
      kdf.salt,
      kdf.N,
      kdf.r,
      kdf.p,
      SETTINGS_FILE_CIPHER.name,
      iv,
    ]),
    'utf8',
  );
}

function checkKdf(kdf: { N: number; r: number; p: number }): void {
  const powerOfTwo = Number.isInteger(kdf.N) && kdf.N >= 1024 && (kdf.N & (kdf.N - 1)) === 0;
  if (
    !powerOfTwo ||
    kdf.N > SETTINGS_FILE_KDF.maxN ||
    !Number.isInteger(kdf.r) ||
    kdf.r < 1 ||
    kdf.r > SETTINGS_FILE_KDF.maxR ||
    !Number.isInteger(kdf.p) ||
    kdf.p < 1 ||
    kdf.p > SETTINGS_FILE_KDF.maxP
  ) {
    throw fail(
      'kdfOutOfBounds',
      `scrypt parameters N=${kdf.N} r=${kdf.r} p=${kdf.p} are outside the accepted bounds (N a power of two ≤ ${SETTINGS_FILE_KDF.maxN}, r ≤ ${SETTINGS_FILE_KDF.maxR}, p ≤ ${SETTINGS_FILE_KDF.maxP})`,
    );
  }
}

function header(options: SealOptions): SettingsFileHeader {
  return {
    format: SETTINGS_FILE_FORMAT,
    version: SETTINGS_FILE_VERSION,
    kind: options.kind,
    device: { serial: options.device.serial, address: options.device.address },
    operationId: options.operationId,
    createdAt: options.createdAt ?? new Date().toISOString(),
  };
}

async function seal(options: SealOptions, plaintext: Buffer): Promise<SealedSettingsFile> {
  const h = header(options);
  checkHeader(h);
  const kdf = {
    name: 'scrypt' as const,
    salt: randomBytes(SETTINGS_FILE_KDF.saltBytes).toString('base64'),
    N: options.kdf?.N ?? SETTINGS_FILE_KDF.N,
    r: options.kdf?.r ?? SETTINGS_FILE_KDF.r,
    p: options.kdf?.p ?? SETTINGS_FILE_KDF.p,
  };
  checkKdf(kdf);
  const iv = randomBytes(SETTINGS_FILE_CIPHER.ivBytes);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(options.password, kdf), iv);
  cipher.setAAD(aad(h, kdf, iv.toString('base64')));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    header: h,
    kdf,
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    ciphertext: ciphertext.toString('base64'),
  };
}

async function open(file: SealedSettingsFile, password: string): Promise<Buffer> {
  checkKdf(file.kdf);
  const iv = Buffer.from(file.cipher.iv, 'base64');
  const tag = Buffer.from(file.cipher.tag, 'base64');
  if (iv.length !== SETTINGS_FILE_CIPHER.ivBytes || tag.length !== SETTINGS_FILE_CIPHER.tagBytes) {
    throw fail('malformed', 'the cipher IV or tag has the wrong length');
  }
  const key = await deriveKey(password, file.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, {
      authTagLength: SETTINGS_FILE_CIPHER.tagBytes,
    });
    decipher.setAAD(aad(file.header, file.kdf, file.cipher.iv));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]);
  } catch (error) {
    throw fail(
      'decryptFailed',
      'the file could not be decrypted: wrong administrator password, or the file was altered',
      error,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checks shared by both variants

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function boundedText(value: unknown, field: string, max: number, min = 1): string {
  if (typeof value !== 'string' || value.length < min || value.length > max || CONTROL.test(value)) {
    throw fail('malformed', `${field} must be ${min} to ${max} printable characters`);
  }
  return value;
}

function base64(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length % 4 !== 0 || !BASE64.test(value)) {
    throw fail('malformed', `${field} must be base64`);
  }
  return value;
}

function checkHeader(h: SettingsFileHeader): void {
  if (h.format !== SETTINGS_FILE_FORMAT) throw fail('malformed', 'format must be fleetward-settings-file');
  if (h.version !== SETTINGS_FILE_VERSION) {
    throw fail(
      'unsupportedVersion',
      `version ${String(h.version)} is not supported (only ${String(SETTINGS_FILE_VERSION)})`,
    );
  }
  if (h.kind !== 'settings' && h.kind !== 'result') throw fail('malformed', 'kind must be settings or result');
  if (h.device.serial !== null) boundedText(h.device.serial, 'device serial', SETTINGS_FILE_LIMITS.serial);
  boundedText(h.device.address, 'device address', SETTINGS_FILE_LIMITS.address);
  boundedText(h.operationId, 'operation id', SETTINGS_FILE_LIMITS.operationId);
  if (!ISO_TIME.test(h.createdAt) || Number.isNaN(Date.parse(h.createdAt))) {
    throw fail('malformed', 'createdAt must be an ISO 8601 time with a time zone');
  }
}

function decodeText(body: string | Uint8Array): string {
  const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (bytes > SETTINGS_FILE_MAX_BYTES) {
    throw fail('tooLarge', `the file has ${bytes} bytes; at most ${SETTINGS_FILE_MAX_BYTES} are accepted`);
  }
  if (typeof body === 'string') return body.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body).replace(/^\uFEFF/, '');
  } catch (error) {
    throw fail('notUtf8', 'the file is not valid UTF-8', error);
  }
}

/**
 * A device's check that a file is meant for it: the address must match, and the serial too when the file names one.
 * Throws `wrongDevice` (the device refuses without trying its key).
 */
export function assertSettingsFileFor(file: SettingsFileEnvelope, device: SettingsFileDevice): void {
  const meant = file.header.device;
  const addressMatches = meant.address.toLowerCase() === device.address.toLowerCase();
  const serialMatches = meant.serial === null || meant.serial === device.serial;
  if (!addressMatches || !serialMatches) {
    throw fail(
      'wrongDevice',
      `the file is meant for ${meant.serial ?? 'the device'} at ${meant.address}, not ${device.serial ?? 'this device'} at ${device.address}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON variant

function parseJsonEnvelope(text: string): SettingsFileEnvelope {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw fail('malformed', 'the file is not valid JSON', error);
  }
  const o = asRecord(doc, 'the file');
  const h = asRecord(o['header'], 'header');
  const d = asRecord(h['device'], 'header.device');
  const parsedHeader: SettingsFileHeader = {
    format: h['format'] as SettingsFileHeader['format'],
    version: h['version'] as SettingsFileHeader['version'],
    kind: h['kind'] as SettingsFileKind,
    device: { serial: (d['serial'] ?? null) as string | null, address: d['address'] as string },
    operationId: h['operationId'] as string,
    createdAt: h['createdAt'] as string,
  };
  checkHeader(parsedHeader);
  if (o['refusal'] !== undefined) return refusal(parsedHeader, asRecord(o['refusal'], 'refusal'));
  const k = asRecord(o['kdf'], 'kdf');
  const c = asRecord(o['cipher'], 'cipher');
  return sealedFrom(parsedHeader, k, c, o['ciphertext']);
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail('malformed', `${what} must be an object`);
  return value as Record<string, unknown>;
}

function refusal(h: SettingsFileHeader, r: Record<string, unknown>): SettingsFileRefusal {
  if (h.kind !== 'result') throw fail('wrongKind', 'only a result file can carry a refusal');
  const code = r['code'];
  if (typeof code !== 'string' || !(SETTINGS_FILE_REFUSAL_CODES as readonly string[]).includes(code)) {
    throw fail('malformed', `refusal code must be one of ${SETTINGS_FILE_REFUSAL_CODES.join(', ')}`);
  }
  const message = boundedText(r['message'], 'refusal message', SETTINGS_FILE_LIMITS.message, 0);
  return { header: h, refusal: { code: code as SettingsFileRefusalCode, message } };
}

function sealedFrom(
  h: SettingsFileHeader,
  k: Record<string, unknown>,
  c: Record<string, unknown>,
  ciphertext: unknown,
): SealedSettingsFile {
  if (k['name'] !== 'scrypt') throw fail('malformed', 'kdf must be scrypt');
  if (c['name'] !== 'aes-256-gcm') throw fail('malformed', 'cipher must be aes-256-gcm');
  const num = (v: unknown, field: string): number => {
    const n = typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw fail('malformed', `kdf ${field} must be an integer`);
    return n;
  };
  const kdf = {
    name: 'scrypt' as const,
    salt: base64(k['salt'], 'kdf salt'),
    N: num(k['N'], 'N'),
    r: num(k['r'], 'r'),
    p: num(k['p'], 'p'),
  };
  checkKdf(kdf);
  return {
    header: h,
    kdf,
    cipher: { name: 'aes-256-gcm', iv: base64(c['iv'], 'cipher iv'), tag: base64(c['tag'], 'cipher tag') },
    ciphertext: base64(ciphertext, 'ciphertext'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// XML variant

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function toNode(raw: unknown, name: string): XmlNode {
  if (typeof raw === 'string') return { name, attrs: {}, text: raw, children: [] };
  const r = (raw ?? {}) as { $?: Record<string, string>; _?: string; $$?: unknown[]; '#name'?: string };
  return {
    name: r['#name'] ?? name,
    attrs: r.$ ?? {},
    text: r._ ?? '',
    children: (r.$$ ?? []).map((child) => toNode(child, '')),
  };
}

function parseXmlTree(text: string): XmlNode {
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw fail('forbiddenMarkup', 'DOCTYPE and ENTITY declarations are not accepted');
  const parser = new Parser({
    explicitChildren: true,
    preserveChildrenOrder: true,
    explicitCharkey: true,
    charsAsChildren: false,
    explicitRoot: true,
    strict: true,
    async: false,
    trim: false,
    normalize: false,
    emptyTag: '',
  });
  let result: unknown;
  let failure: unknown;
  let done = false;
  parser.parseString(text, (error: Error | null, value: unknown) => {
    done = true;
    failure = error;
    result = value;
  });
  if (failure || !done || typeof result !== 'object' || result === null) {
    const detail = failure instanceof Error ? failure.message.split('\n')[0] : 'no element';
    throw fail('malformed', `the file is not well-formed XML: ${detail}`, failure);
  }
  const [rootName, root] = Object.entries(result as Record<string, unknown>)[0]!;
  const node = toNode(root, rootName);
  if (node.attrs['xmlns'] !== SETTINGS_FILE_XML_NAMESPACE) {
    throw fail('malformed', `<${node.name}> must declare xmlns="${SETTINGS_FILE_XML_NAMESPACE}"`);
  }
  return node;
}

function only(node: XmlNode, name: string): XmlNode {
  const found = node.children.filter((c) => c.name === name);
  if (found.length !== 1) throw fail('malformed', `<${node.name}> must hold exactly one <${name}>`);
  return found[0]!;
}

function renderXmlEnvelope(file: SettingsFileEnvelope): string {
  const h = file.header;
  const serial = h.device.serial === null ? '' : ` serial="${escapeXml(h.device.serial)}"`;
  const head =
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<SettingsFile xmlns="${SETTINGS_FILE_XML_NAMESPACE}" format="${h.format}" version="${h.version}" kind="${h.kind}">` +
    `<Device${serial} address="${escapeXml(h.device.address)}"/>` +
    `<OperationId>${escapeXml(h.operationId)}</OperationId><CreatedAt>${escapeXml(h.createdAt)}</CreatedAt>`;
  if (isRefusal(file)) {
    return `${head}<Refusal code="${file.refusal.code}">${escapeXml(file.refusal.message)}</Refusal></SettingsFile>`;
  }
  const { kdf, cipher } = file;
  return (
    `${head}<Kdf name="scrypt" salt="${kdf.salt}" N="${kdf.N}" r="${kdf.r}" p="${kdf.p}"/>` +
    `<Cipher name="aes-256-gcm" iv="${cipher.iv}" tag="${cipher.tag}"/>` +
    `<CipherValue>${file.ciphertext}</CipherValue></SettingsFile>`
  );
}

function parseXmlEnvelope(text: string): SettingsFileEnvelope {
  const root = parseXmlTree(text);
  if (root.name !== 'SettingsFile')
    throw fail('malformed', `the root element must be <SettingsFile>, got <${root.name}>`);
  const allowed = ['Device', 'OperationId', 'CreatedAt', 'Kdf', 'Cipher', 'CipherValue', 'Refusal'];
  const unknown = root.children.filter((c) => !allowed.includes(c.name));
  if (unknown.length > 0) throw fail('malformed', `unknown element <${unknown[0]!.name}>`);
  const device = only(root, 'Device');
  const version = root.attrs['version'];
  const h: SettingsFileHeader = {
    format: root.attrs['format'] as SettingsFileHeader['format'],
    version: (version === String(SETTINGS_FILE_VERSION)
      ? SETTINGS_FILE_VERSION
      : version) as SettingsFileHeader['version'],
    kind: root.attrs['kind'] as SettingsFileKind,
    device: { serial: device.attrs['serial'] ?? null, address: device.attrs['address'] as string },
    operationId: only(root, 'OperationId').text.trim(),
    createdAt: only(root, 'CreatedAt').text.trim(),
  };
  checkHeader(h);
  if (root.children.some((c) => c.name === 'Refusal')) {
    const r = only(root, 'Refusal');
    return refusal(h, { code: r.attrs['code'], message: r.text });
  }
  const k = only(root, 'Kdf').attrs;
  const c = only(root, 'Cipher').attrs;
  return sealedFrom(h, k, c, only(root, 'CipherValue').text.trim());
}

/** Settings values as XML elements: String, Number, Boolean, Null, List (of values), Object (of Field name=…). */
function renderValue(value: SettingValue): string {
  if (value === null) return '<Null/>';
  if (typeof value === 'string') return `<String>${escapeXml(value)}</String>`;
  if (typeof value === 'number') return `<Number>${String(value)}</Number>`;
  if (typeof value === 'boolean') return `<Boolean>${String(value)}</Boolean>`;
  if (Array.isArray(value)) return `<List>${value.map(renderValue).join('')}</List>`;
  return `<Object>${Object.entries(value)
    .map(([name, v]) => `<Field name="${escapeXml(name)}">${renderValue(v)}</Field>`)
    .join('')}</Object>`;
}

function parseValue(node: XmlNode, depth = 0): SettingValue {
  if (depth > 16) throw fail('malformed', 'values are nested too deeply');
  switch (node.name) {
    case 'Null':
      return null;
    case 'String':
      return node.text;
    case 'Number': {
      const n = Number(node.text.trim());
      if (node.text.trim() === '' || !Number.isFinite(n))
        throw fail('malformed', `<Number> "${node.text.slice(0, 20)}" is not a number`);
      return n;
    }
    case 'Boolean':
      if (node.text.trim() === 'true') return true;
      if (node.text.trim() === 'false') return false;
      throw fail('malformed', '<Boolean> must be true or false');
    case 'List':
      return node.children.map((c) => parseValue(c, depth + 1));
    case 'Object': {
      const out: Record<string, SettingValue> = {};
      for (const field of node.children) {
        if (field.name !== 'Field' || typeof field.attrs['name'] !== 'string' || field.children.length !== 1) {
          throw fail('malformed', '<Object> holds <Field name="…"> elements with one value each');
        }
        out[field.attrs['name']] = parseValue(field.children[0]!, depth + 1);
      }
      return out;
    }
    default:
      throw fail('malformed', `unknown value element <${node.name}>`);
  }
}

function settingKey(value: unknown): SettingKey {
  if (typeof value !== 'string' || !isSettingKey(value)) {
    throw fail('malformed', `"${String(value).slice(0, 60)}" is not a setting of the catalogue`);
  }
  return value;
}

function renderPayloadXml(payload: SettingsFilePayload | SettingsResultPayload): string {
  const ns = `xmlns="${SETTINGS_FILE_XML_NAMESPACE}"`;
  if ('settings' in payload) {
    const settings = Object.entries(payload.settings)
      .map(([key, value]) => `<Setting key="${key}">${renderValue(value)}</Setting>`)
      .join('');
    const report = payload.report.map((key) => `<Report key="${key}"/>`).join('');
    return `<?xml version="1.0" encoding="UTF-8"?><Settings ${ns}>${settings}${report}</Settings>`;
  }
  const outcomes = payload.outcomes
    .map((o) => {
      const message = o.message === undefined ? '' : escapeXml(o.message);
      return `<Outcome key="${o.key}" status="${o.status}">${message}</Outcome>`;
    })
    .join('');
  const report = payload.report
    .map((r) =>
      r.readable
        ? `<Value key="${r.key}">${renderValue(r.value)}</Value>`
        : `<Unreadable key="${r.key}">${escapeXml(r.reason)}</Unreadable>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><SettingsResult ${ns}>${outcomes}${report}</SettingsResult>`;
}

function parseSettingsPayloadXml(text: string): SettingsFilePayload {
  const root = parseXmlTree(text);
  if (root.name !== 'Settings') throw fail('malformed', 'the payload root must be <Settings>');
  const settings: SettingValues = {};
  const report: SettingKey[] = [];
  for (const child of root.children) {
    const key = settingKey(child.attrs['key']);
    if (child.name === 'Setting') {
      if (child.children.length !== 1) throw fail('malformed', `<Setting key="${key}"> holds exactly one value`);
      settings[key] = parseValue(child.children[0]!);
    } else if (child.name === 'Report') report.push(key);
    else throw fail('malformed', `unknown element <${child.name}>`);
  }
  return { settings, report };
}

function parseResultPayloadXml(text: string): SettingsResultPayload {
  const root = parseXmlTree(text);
  if (root.name !== 'SettingsResult') throw fail('malformed', 'the payload root must be <SettingsResult>');
  const outcomes: unknown[] = [];
  const report: unknown[] = [];
  for (const child of root.children) {
    if (child.name === 'Outcome') {
      outcomes.push({
        key: child.attrs['key'],
        status: child.attrs['status'],
        ...(child.text === '' ? {} : { message: child.text }),
      });
    } else if (child.name === 'Value') {
      if (child.children.length !== 1) throw fail('malformed', '<Value> holds exactly one value');
      report.push({ key: child.attrs['key'], readable: true, value: parseValue(child.children[0]!) });
    } else if (child.name === 'Unreadable') {
      report.push({ key: child.attrs['key'], readable: false, reason: child.text });
    } else throw fail('malformed', `unknown element <${child.name}>`);
  }
  return checkResultPayload({ outcomes, report });
}

// ---------------------------------------------------------------------------------------------------------------
// Payload checks (JSON variant and after XML parsing)

function checkSettingsPayload(doc: unknown): SettingsFilePayload {
  const o = asRecord(doc, 'the payload');
  const settingsIn = asRecord(o['settings'], 'settings');
  const settings: SettingValues = {};
  for (const [key, value] of Object.entries(settingsIn)) settings[settingKey(key)] = value as SettingValue;
  const reportIn = o['report'] ?? [];
  if (!Array.isArray(reportIn)) throw fail('malformed', 'report must be a list of keys');
  return { settings, report: reportIn.map(settingKey) };
}

function checkResultPayload(doc: unknown): SettingsResultPayload {
  const o = asRecord(doc, 'the payload');
  if (!Array.isArray(o['outcomes']) || !Array.isArray(o['report'] ?? [])) {
    throw fail('malformed', 'a result holds outcomes and report lists');
  }
  const outcomes = (o['outcomes'] as unknown[]).map((raw): SettingsFileOutcome => {
    const r = asRecord(raw, 'outcome');
    const status = r['status'];
    if (status !== 'applied' && status !== 'rejected' && status !== 'unsupported') {
      throw fail('malformed', `outcome status must be applied, rejected or unsupported`);
    }
    const out: SettingsFileOutcome = { key: settingKey(r['key']), status };
    if (r['message'] !== undefined) out.message = boundedText(r['message'], 'message', SETTINGS_FILE_LIMITS.message, 0);
    return out;
  });
  const report = ((o['report'] ?? []) as unknown[]).map((raw): SettingsFileReport => {
    const r = asRecord(raw, 'report');
    const key = settingKey(r['key']);
    if (r['readable'] === true) return { key, readable: true, value: r['value'] as SettingValue };
    return { key, readable: false, reason: boundedText(r['reason'], 'reason', SETTINGS_FILE_LIMITS.message, 0) };
  });
  return { outcomes, report };
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

function isRefusal(file: SettingsFileEnvelope): file is SettingsFileRefusal {
  return 'refusal' in file;
}

/** Renders an envelope as the bytes of a file of the given variant. */
export function renderSettingsFile(file: SettingsFileEnvelope, variant: SettingsFileVariant): Buffer {
  return Buffer.from(variant === 'xml' ? renderXmlEnvelope(file) : JSON.stringify(file), 'utf8');
}

/** Parses a file (size, encoding, structure, header, KDF bounds) without decrypting it. */
export function parseSettingsFile(body: string | Uint8Array, variant: SettingsFileVariant): SettingsFileEnvelope {
  const text = decodeText(body);
  if (text.trim().length === 0) throw fail('malformed', 'the file is empty');
  return variant === 'xml' ? parseXmlEnvelope(text) : parseJsonEnvelope(text);
}

/** Seals a settings file for one device (kind `settings`). */
export function sealSettings(
  options: Omit<SealOptions, 'kind'>,
  payload: SettingsFilePayload,
): Promise<SealedSettingsFile> {
  const plaintext =
    options.variant === 'xml'
      ? renderPayloadXml(payload)
      : JSON.stringify({ settings: payload.settings, report: payload.report });
  return seal({ ...options, kind: 'settings' }, Buffer.from(plaintext, 'utf8'));
}

/** Seals a device's result (kind `result`) with the password the settings file was sealed with. */
export function sealResult(
  options: Omit<SealOptions, 'kind'>,
  payload: SettingsResultPayload,
): Promise<SealedSettingsFile> {
  const plaintext = options.variant === 'xml' ? renderPayloadXml(payload) : JSON.stringify(payload);
  return seal({ ...options, kind: 'result' }, Buffer.from(plaintext, 'utf8'));
}

/** A device's clear-text refusal of a settings file it could not use. */
export function refuseSettingsFile(
  settingsFile: Pick<SettingsFileEnvelope, 'header'>,
  code: SettingsFileRefusalCode,
  message: string,
  createdAt: string = new Date().toISOString(),
): SettingsFileRefusal {
  return {
    header: { ...settingsFile.header, kind: 'result', createdAt },
    refusal: { code, message: message.slice(0, SETTINGS_FILE_LIMITS.message) },
  };
}

function expectSealed(file: SettingsFileEnvelope, kind: SettingsFileKind): SealedSettingsFile {
  if (file.header.kind !== kind) throw fail('wrongKind', `expected a ${kind} file, got a ${file.header.kind} file`);
  if (isRefusal(file)) throw fail('wrongKind', 'a refusal has no payload');
  return file;
}

/** Decrypts and checks a settings file's payload (throws `decryptFailed` for a wrong password or tampering). */
export async function openSettings(
  file: SettingsFileEnvelope,
  password: string,
  variant: SettingsFileVariant,
): Promise<SettingsFilePayload> {
  const text = (await open(expectSealed(file, 'settings'), password)).toString('utf8');
  return variant === 'xml' ? parseSettingsPayloadXml(text) : checkSettingsPayload(parseJson(text));
}

/** Decrypts and checks a device's sealed result. */
export async function openResult(
  file: SettingsFileEnvelope,
  password: string,
  variant: SettingsFileVariant,
): Promise<SettingsResultPayload> {
  const text = (await open(expectSealed(file, 'result'), password)).toString('utf8');
  return variant === 'xml' ? parseResultPayloadXml(text) : checkResultPayload(parseJson(text));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail('malformed', 'the payload is not valid JSON', error);
  }
}
