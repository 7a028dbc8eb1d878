import {
  DEVICE_EVENT_LIMITS,
  DEVICE_EVENT_MAX_BYTES,
  DEVICE_EVENT_NAMESPACE,
  DEVICE_EVENT_TYPES,
  isDeviceEventType,
  type DeviceEventDocument,
} from '@fleetward/contracts';
import { Parser } from 'xml2js';

export type DeviceEventParseFailure =
  | 'empty'
  | 'tooLarge'
  | 'notUtf8'
  | 'forbiddenMarkup'
  | 'malformedXml'
  | 'wrongRoot'
  | 'wrongNamespace'
  | 'unknownElement'
  | 'duplicateElement'
  | 'missingField'
  | 'invalidField'
  | 'unknownType';

/** A device notification body that is not a valid v1 DeviceEvent. `reason` is stable; the message says what. */
export class DeviceEventParseError extends Error {
  readonly code = 'DEVICE_EVENT_INVALID';

  constructor(
    readonly reason: DeviceEventParseFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeviceEventParseError';
  }
}

const FIELDS = ['Serial', 'Address', 'Type', 'Time', 'Detail'] as const;
type FieldName = (typeof FIELDS)[number];
const REQUIRED: readonly FieldName[] = ['Serial', 'Address', 'Type', 'Time'];

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function decode(body: string | Uint8Array): string {
  if (typeof body === 'string') {
    if (Buffer.byteLength(body, 'utf8') > DEVICE_EVENT_MAX_BYTES) throw tooLarge(Buffer.byteLength(body, 'utf8'));
    return body;
  }
  if (body.byteLength > DEVICE_EVENT_MAX_BYTES) throw tooLarge(body.byteLength);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch (error) {
    throw new DeviceEventParseError('notUtf8', 'The body is not valid UTF-8', { cause: error });
  }
}

function tooLarge(bytes: number): DeviceEventParseError {
  return new DeviceEventParseError(
    'tooLarge',
    `The body has ${bytes} bytes; at most ${DEVICE_EVENT_MAX_BYTES} are accepted`,
  );
}

function parseXml(text: string): unknown {
  const parser = new Parser({
    explicitArray: false,
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
  if (failure || !done) {
    const detail = failure instanceof Error ? failure.message.split('\n')[0] : 'no result';
    throw new DeviceEventParseError('malformedXml', `The body is not well-formed XML: ${detail}`, { cause: failure });
  }
  return result;
}

function text(value: unknown, field: FieldName): string {
  if (Array.isArray(value)) throw new DeviceEventParseError('duplicateElement', `<${field}> appears more than once`);
  if (typeof value !== 'string') {
    throw new DeviceEventParseError('invalidField', `<${field}> must hold text only (no attributes or child elements)`);
  }
  return value.trim();
}

/**
 * Parses a device notification body (string or bytes) into a DeviceEventDocument, with strict limits:
 * size first (before any parsing), UTF-8, no DOCTYPE/ENTITY (so no entity expansion or external resources),
 * well-formed XML, root `DeviceEvent` in the v1 namespace, known elements once each, field formats and lengths.
 * Throws DeviceEventParseError with a stable `reason`.
 */
export function parseDeviceEvent(body: string | Uint8Array): DeviceEventDocument {
  const xml = decode(body);
  if (xml.trim().length === 0) throw new DeviceEventParseError('empty', 'The body is empty');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new DeviceEventParseError('forbiddenMarkup', 'DOCTYPE and ENTITY declarations are not accepted');
  }
  const parsed = parseXml(xml.replace(/^\uFEFF/, ''));
  if (typeof parsed !== 'object' || parsed === null)
    throw new DeviceEventParseError('malformedXml', 'The body holds no element');
  const roots = Object.keys(parsed);
  const root = (parsed as Record<string, unknown>)['DeviceEvent'];
  if (roots.length !== 1 || root === undefined) {
    throw new DeviceEventParseError('wrongRoot', `The root element must be <DeviceEvent>, got <${roots.join(', ')}>`);
  }
  if (typeof root !== 'object' || root === null) {
    throw new DeviceEventParseError('wrongNamespace', `<DeviceEvent> must declare xmlns="${DEVICE_EVENT_NAMESPACE}"`);
  }
  const element = root as Record<string, unknown>;
  const attributes = (element['$'] ?? {}) as Record<string, unknown>;
  if (attributes['xmlns'] !== DEVICE_EVENT_NAMESPACE) {
    throw new DeviceEventParseError(
      'wrongNamespace',
      `<DeviceEvent> must declare xmlns="${DEVICE_EVENT_NAMESPACE}", got ${JSON.stringify(attributes['xmlns'] ?? null)}`,
    );
  }
  const extraAttributes = Object.keys(attributes).filter((a) => a !== 'xmlns');
  if (extraAttributes.length > 0) {
    throw new DeviceEventParseError(
      'unknownElement',
      `Unknown attribute(s) on <DeviceEvent>: ${extraAttributes.join(', ')}`,
    );
  }
  const unknown = Object.keys(element).filter((k) => k !== '$' && !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new DeviceEventParseError('unknownElement', `Unknown element(s): ${unknown.map((u) => `<${u}>`).join(', ')}`);
  }
  const missing = REQUIRED.filter((f) => element[f] === undefined);
  if (missing.length > 0) {
    throw new DeviceEventParseError('missingField', `Missing element(s): ${missing.map((m) => `<${m}>`).join(', ')}`);
  }

  const serial = text(element['Serial'], 'Serial');
  if (serial.length === 0 || serial.length > DEVICE_EVENT_LIMITS.serial || CONTROL.test(serial)) {
    throw new DeviceEventParseError(
      'invalidField',
      `<Serial> must be 1 to ${DEVICE_EVENT_LIMITS.serial} printable characters`,
    );
  }
  const address = text(element['Address'], 'Address');
  if (
    address.length > DEVICE_EVENT_LIMITS.address ||
    !(/^[\d.]+$/.test(address)
      ? IPV4.test(address)
      : (address.includes(':') && IPV6.test(address)) || HOST_NAME.test(address))
  ) {
    throw new DeviceEventParseError('invalidField', '<Address> must be an IP address or a host name');
  }
  const type = text(element['Type'], 'Type');
  if (!isDeviceEventType(type)) {
    throw new DeviceEventParseError(
      'unknownType',
      `<Type> "${type.slice(0, 40)}" is not one of ${DEVICE_EVENT_TYPES.join(', ')}`,
    );
  }
  const time = text(element['Time'], 'Time');
  if (!ISO_TIME.test(time) || Number.isNaN(Date.parse(time))) {
    throw new DeviceEventParseError('invalidField', '<Time> must be an ISO 8601 time with a time zone');
  }
  let detail: string | null = null;
  if (element['Detail'] !== undefined) {
    detail = text(element['Detail'], 'Detail');
    if (detail.length > DEVICE_EVENT_LIMITS.detail || CONTROL_EXCEPT_WHITESPACE.test(detail)) {
      throw new DeviceEventParseError(
        'invalidField',
        `<Detail> must be at most ${DEVICE_EVENT_LIMITS.detail} characters of text`,
      );
    }
    if (detail.length === 0) detail = null;
  }
  return { serial, address, type, time, detail };
}
