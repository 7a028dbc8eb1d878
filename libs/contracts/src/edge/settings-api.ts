import type { SettingKey, SettingValue, SettingValues } from '../settings/catalogue';
import type { DeviceTarget } from './snmp-credentials';

/**
 * Edge settings API (issue 5): the server asks an edge what a device's driver can read and write, reads the
 * current values, and applies a set of values. Every call names the device by its SNMP target (identify picks the
 * family driver) plus the access the settings transports need. Secrets travel only server → edge over the
 * mutually authenticated HTTPS link and are never echoed back.
 */

/** How a family driver reaches a device's settings (SPEC §2). */
export type SettingsTransport = 'xml-api' | 'snmp-set' | 'webdav' | 'smb';

/** Per-device access for the settings transports; what a family does not use is ignored. */
export interface DeviceSettingsAccess {
  /** Device administrator password (XML API sign-in, settings-file encryption key). */
  adminPassword?: string;
  /** Vendor XML API: ports 50001 (plain) / 50003 (TLS) by default; TLS recommended. */
  xmlApi?: { port?: number; tls?: boolean; caPem?: string };
  /** SNMP community or v3 user allowed to SET (defaults to the target's read credentials). */
  snmpWrite?: DeviceTarget['snmp'];
  /** SMB share the device reads its settings file from, e.g. `\\\\10.0.0.7\\fleetward`; domain account. */
  smb?: { share: string; path?: string; domain?: string; user: string; password: string; port?: number };
}

export interface SettingsTarget extends DeviceTarget {
  access: DeviceSettingsAccess;
}

/** What a driver can do with each catalogue key on this device. */
export interface SettingCapability {
  key: SettingKey;
  read: boolean;
  write: boolean;
  transport: SettingsTransport;
}

/** POST /api/v1/settings/capabilities */
export interface SettingsCapabilitiesRequest {
  target: SettingsTarget;
}

export type SettingsCapabilitiesResponse =
  | { ok: true; driver: { id: string; family: string }; settings: SettingCapability[] }
  | { ok: false; error: { code: string; message: string } };

/** POST /api/v1/settings/read — keys absent: every readable key. */
export interface SettingsReadRequest {
  target: SettingsTarget;
  keys?: SettingKey[];
}

export type SettingReadOutcome =
  | { key: SettingKey; status: 'ok'; value: SettingValue }
  /** The driver cannot read it on this device (or it is a secret: never readable). */
  | { key: SettingKey; status: 'unsupported'; message: string }
  /** The device answered, but not with a valid value: recorded as such, never made up. */
  | { key: SettingKey; status: 'failed'; code: string; message: string };

export type SettingsReadResponse =
  | { ok: true; driver: { id: string; family: string }; readAt: string; settings: SettingReadOutcome[] }
  | { ok: false; error: { code: string; message: string } };

/**
 * POST /api/v1/settings/apply. `operationId` makes it idempotent: the edge remembers the outcome of an operation
 * id (bounded, persisted in its data dir) and answers a repeated call with the same outcome instead of sending the
 * settings again — so a server that crashed after sending retries without applying twice.
 */
export interface SettingsApplyRequest {
  operationId: string;
  target: SettingsTarget;
  settings: SettingValues;
}

export type SettingApplyStatus =
  /** The device accepted and stored the value. */
  | 'applied'
  /** The device refused the value (its reason in `message`, e.g. "value out of range"). */
  | 'rejected'
  /** This driver/device cannot write this key. */
  | 'unsupported'
  /** Not attempted or not confirmed because the operation failed (auth refused, unreachable, …). */
  | 'failed';

export interface SettingApplyOutcome {
  key: SettingKey;
  status: SettingApplyStatus;
  code?: string;
  message?: string;
}

export type SettingsApplyResponse =
  | {
      ok: true;
      operationId: string;
      /** True when this answer is the remembered outcome of an earlier call with the same operationId. */
      replayed: boolean;
      driver: { id: string; family: string };
      appliedAt: string;
      settings: SettingApplyOutcome[];
    }
  | {
      ok: false;
      operationId: string;
      replayed: boolean;
      /** e.g. DEVICE_UNREACHABLE, DEVICE_AUTH_FAILED (wrong admin password), UNSUPPORTED_DEVICE, TRANSPORT_FAILED. */
      error: { code: string; message: string };
      /** Per-key outcomes where known (all `failed` when nothing was sent). */
      settings: SettingApplyOutcome[];
    };
