/**
 * Device notifications: the XML document a printer (or the simulator) POSTs to an edge when something happens,
 * so the edge polls that device at once instead of at the next scheduled poll.
 *
 * Transport: `POST /device-events` on the edge, port 5001 (HTTP) or 5002 (HTTPS),
 * `Content-Type: application/xml; charset=utf-8`, body at most DEVICE_EVENT_MAX_BYTES bytes.
 *
 * ```xml
 * <?xml version="1.0" encoding="UTF-8"?>
 * <DeviceEvent xmlns="urn:fleetward:device-event:1">
 *   <Serial>FWI4000-000042</Serial>
 *   <Address>127.1.0.42</Address>
 *   <Type>error</Type>
 *   <Time>2026-01-15T09:00:00.000Z</Time>
 *   <Detail>alertRaised jam: Paper jam</Detail>
 * </DeviceEvent>
 * ```
 *
 * Fields (each element at most once, in any order, text only, no attributes; unknown elements are refused):
 * - `Serial` (required): the device's serial number as it reports it over SNMP, 1–64 printable characters.
 * - `Address` (required): the device's own IP address or host name (≤ 253 characters). Informative: the edge
 *   identifies the sender by the connection's remote address and refuses senders that are not devices it polls.
 * - `Type` (required): one of DEVICE_EVENT_TYPES — `statusChange` (power state, online/offline, a fault that is
 *   not an error), `error` (an error raised or cleared: jam, door, paper, service call…), `supplyLow` (a supply
 *   crossed its low or empty mark).
 * - `Time` (required): when it happened on the device, ISO 8601 with a time zone (`Z` or `±hh:mm`).
 * - `Detail` (optional): human-readable detail, at most 1,024 characters; never trusted for decisions.
 *
 * No DOCTYPE, no entity declarations, UTF-8 only. The namespace carries the version: a later version gets a new
 * namespace, and a v1 reader refuses it.
 */

export const DEVICE_EVENT_NAMESPACE = 'urn:fleetward:device-event:1' as const;
export const DEVICE_EVENT_PATH = '/device-events' as const;
export const DEVICE_EVENT_HTTP_PORT = 5001 as const;
export const DEVICE_EVENT_HTTPS_PORT = 5002 as const;
export const DEVICE_EVENT_CONTENT_TYPE = 'application/xml; charset=utf-8' as const;
/** Largest accepted body in bytes. */
export const DEVICE_EVENT_MAX_BYTES = 8192;

export const DEVICE_EVENT_LIMITS = {
  serial: 64,
  address: 253,
  detail: 1024,
} as const;

export const DEVICE_EVENT_TYPES = ['statusChange', 'error', 'supplyLow'] as const;
export type DeviceEventType = (typeof DEVICE_EVENT_TYPES)[number];

export function isDeviceEventType(value: string): value is DeviceEventType {
  return (DEVICE_EVENT_TYPES as readonly string[]).includes(value);
}

/** A device notification as data (what the XML says). */
export interface DeviceEventDocument {
  serial: string;
  address: string;
  type: DeviceEventType;
  /** ISO 8601 with a time zone, as sent. */
  time: string;
  detail: string | null;
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Characters XML 1.0 cannot carry at all; replaced so a document always parses. */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function clip(value: string, max: number): string {
  const clean = value.replace(NOT_XML_CHARS, ' ');
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

/** Renders the XML document (the device side). Detail is clipped to its limit; other fields are sent as given. */
export function renderDeviceEventXml(event: DeviceEventDocument): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<DeviceEvent xmlns="${DEVICE_EVENT_NAMESPACE}">`,
    `  <Serial>${escapeXml(event.serial)}</Serial>`,
    `  <Address>${escapeXml(event.address)}</Address>`,
    `  <Type>${escapeXml(event.type)}</Type>`,
    `  <Time>${escapeXml(event.time)}</Time>`,
  ];
  if (event.detail !== null)
    lines.push(`  <Detail>${escapeXml(clip(event.detail, DEVICE_EVENT_LIMITS.detail))}</Detail>`);
  lines.push('</DeviceEvent>', '');
  return lines.join('\n');
}
