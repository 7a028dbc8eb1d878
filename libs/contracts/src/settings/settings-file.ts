import type { SettingKey, SettingValue, SettingValues } from './catalogue';

/**
 * Settings files (issue 5): how a delivery reaches the device families that take their settings as a file instead
 * of an API call — the c3100i family pulls an XML file from the edge over WebDAV, the smb-287 family reads a JSON
 * file the edge writes to its SMB share. The vendors' own file formats are not public: this is Fleetward's own
 * documented contract, implemented by the edge and by the device simulator. The codec (encryption, XML and JSON
 * serialisation, strict parsing) lives in one place, `libs/domain/src/settings-file`, so a binding to a real vendor
 * format can replace it.
 *
 * A file is an envelope with a clear-text header and an encrypted payload:
 * - header: format name and version, `kind` (a settings file the edge sends, or the result file the device writes
 *   back), the device it is meant for (serial number when known, and its address), the operation id of the delivery
 *   and the creation time;
 * - `kdf`: scrypt parameters and a random 16-byte salt; the key is scrypt(device administrator password, salt), 32
 *   bytes, so only a device that knows its administrator password can read the file;
 * - `cipher`: AES-256-GCM with a random 12-byte IV and the 16-byte tag; the header, kdf and IV are the additional
 *   authenticated data, so a header changed in transit (e.g. re-addressed to another device) fails to decrypt;
 * - `ciphertext`: the payload (XML for the WebDAV variant, JSON for the SMB variant), base64.
 *
 * A device checks the header first (a file meant for another device is refused as `WRONG_DEVICE`, without trying
 * the key), then decrypts (a wrong administrator password — or any tampering — fails as `DEVICE_AUTH_FAILED`),
 * applies the settings through its own validation and writes a result file sealed with the same password and a new
 * salt/IV: only a device that could read the settings can produce an authenticated result. When it cannot read the
 * file at all it writes a clear-text refusal instead (no payload); the edge never turns a refusal into "applied".
 * No file ever carries a secret in clear text: secrets travel only inside the encrypted payload of a settings file,
 * and a result reports statuses and non-secret values only.
 */

export const SETTINGS_FILE_FORMAT = 'fleetward-settings-file';
export const SETTINGS_FILE_VERSION = 1;
/** Namespace of the XML variant (root element `SettingsFile`, payload root `Settings` / `SettingsResult`). */
export const SETTINGS_FILE_XML_NAMESPACE = 'urn:fleetward:settings-file:1';
/** Largest file accepted (checked before parsing): an address book of 2,000 users fits many times over. */
export const SETTINGS_FILE_MAX_BYTES = 4 * 1024 * 1024;

/** scrypt parameters written by Fleetward, and the bounds a reader accepts (a file cannot make a reader spend more). */
export const SETTINGS_FILE_KDF = {
  name: 'scrypt',
  N: 16_384,
  r: 8,
  p: 1,
  keyBytes: 32,
  saltBytes: 16,
  maxN: 131_072,
  maxR: 16,
  maxP: 4,
} as const;

export const SETTINGS_FILE_CIPHER = { name: 'aes-256-gcm', ivBytes: 12, tagBytes: 16 } as const;

/** XML: WebDAV pull (c3100i); JSON: SMB share (smb-287). */
export type SettingsFileVariant = 'xml' | 'json';
export type SettingsFileKind = 'settings' | 'result';

export interface SettingsFileDevice {
  /** Serial number when the edge knows it (a device with another serial refuses the file). */
  serial: string | null;
  /** The device's address as the edge reaches it (IP address or host name). */
  address: string;
}

export interface SettingsFileHeader {
  format: typeof SETTINGS_FILE_FORMAT;
  version: typeof SETTINGS_FILE_VERSION;
  kind: SettingsFileKind;
  device: SettingsFileDevice;
  operationId: string;
  /** ISO 8601 time the file was written. */
  createdAt: string;
}

export interface SettingsFileKdfParams {
  name: 'scrypt';
  /** base64 */
  salt: string;
  N: number;
  r: number;
  p: number;
}

export interface SettingsFileCipherParams {
  name: 'aes-256-gcm';
  /** base64 */
  iv: string;
  /** base64 */
  tag: string;
}

/** An encrypted file (a settings file, or a device's authenticated result). */
export interface SealedSettingsFile {
  header: SettingsFileHeader;
  kdf: SettingsFileKdfParams;
  cipher: SettingsFileCipherParams;
  /** base64 */
  ciphertext: string;
}

/** Why a device could not act on a settings file at all. */
export type SettingsFileRefusalCode =
  /** It could not decrypt the file: the administrator password it knows is not the one the file was sealed with. */
  | 'DEVICE_AUTH_FAILED'
  /** The header names another device (serial or address). */
  | 'WRONG_DEVICE'
  /** Not a valid settings file (malformed, unsupported version, too large). */
  | 'FILE_INVALID';

export const SETTINGS_FILE_REFUSAL_CODES: readonly SettingsFileRefusalCode[] = [
  'DEVICE_AUTH_FAILED',
  'WRONG_DEVICE',
  'FILE_INVALID',
];

/** A device's clear-text result when it could not read the settings file (kind `result`, no payload). */
export interface SettingsFileRefusal {
  header: SettingsFileHeader;
  refusal: { code: SettingsFileRefusalCode; message: string };
}

export type SettingsFileEnvelope = SealedSettingsFile | SettingsFileRefusal;

export function isSettingsFileRefusal(envelope: SettingsFileEnvelope): envelope is SettingsFileRefusal {
  return 'refusal' in envelope;
}

/** Payload of a settings file: values to apply, and keys whose current values the device should report back. */
export interface SettingsFilePayload {
  settings: SettingValues;
  /** Keys to report in the result (an empty `settings` with `report` is a read). */
  report: SettingKey[];
}

/** What the device did with one key; `message` is the device's own reason for `rejected` / `unsupported`. */
export interface SettingsFileOutcome {
  key: SettingKey;
  status: 'applied' | 'rejected' | 'unsupported';
  message?: string;
}

/** A reported value: secrets are never readable, so they come back as `readable: false`. */
export type SettingsFileReport =
  { key: SettingKey; readable: true; value: SettingValue } | { key: SettingKey; readable: false; reason: string };

/** Payload of a device's sealed result file. */
export interface SettingsResultPayload {
  outcomes: SettingsFileOutcome[];
  report: SettingsFileReport[];
}

/** Limits of the text fields a reader accepts. */
export const SETTINGS_FILE_LIMITS = {
  serial: 64,
  address: 255,
  operationId: 128,
  message: 500,
} as const;

/** File names on a share / in a WebDAV folder for one operation. */
export function settingsFileNames(
  operationId: string,
  variant: SettingsFileVariant,
): { settings: string; result: string } {
  const ext = variant === 'xml' ? 'xml' : 'json';
  return { settings: `fleetward-settings-${operationId}.${ext}`, result: `fleetward-result-${operationId}.${ext}` };
}
