import type { SettingKey, SettingValue, SettingValues } from '../settings/catalogue';

/**
 * Settings templates (issue 5, Admin Template Management). `admin` templates hold only `scope: 'admin'` catalogue
 * keys; `service` templates may also hold service settings and need more than Admin Template Management to change
 * (docs/decisions/0009). Every save creates an immutable version; deliveries reference the exact version.
 */
export type TemplateKind = 'admin' | 'service';

/** A secret in an answer: never the value, only that one is stored. Sent back unchanged, it keeps the stored one. */
export interface SecretPlaceholder {
  set: true;
}

/** A template value as the API shows it: secrets (also nested ones, e.g. SNMPv3 keys) replaced by `{set: true}`. */
export type TemplateValueView = SettingValue | SecretPlaceholder;

export interface TemplateResponse {
  id: string;
  name: string;
  description: string;
  kind: TemplateKind;
  /** Editing or deleting needs the template's password (header `x-template-password` or `templatePassword`). */
  passwordProtected: boolean;
  version: number;
  keys: SettingKey[];
  values: Partial<Record<SettingKey, TemplateValueView>>;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface TemplateVersionResponse {
  templateId: string;
  version: number;
  keys: SettingKey[];
  values: Partial<Record<SettingKey, TemplateValueView>>;
  createdAt: string;
  createdBy: string | null;
}

export interface CreateTemplateRequest {
  name: string;
  description?: string;
  kind: TemplateKind;
  values: SettingValues;
  /** Optional template password (stored as an argon2 hash). */
  password?: string;
}

/** `PATCH /templates/:id`: `values` replaces the whole set (a `{set: true}` secret keeps the stored one). */
export interface UpdateTemplateRequest {
  name?: string;
  description?: string;
  values?: Record<string, unknown>;
  /** New template password; `null` removes the protection. */
  password?: string | null;
  /** The current template password of a protected template (or header `x-template-password`). */
  templatePassword?: string;
}

/**
 * `POST /templates/:id/check-password`: 204 when `password` opens the template (or it has none), 403
 * `TEMPLATE_PASSWORD_WRONG` / `TEMPLATE_PASSWORD_REQUIRED` otherwise. Changes nothing but the count of wrong
 * passwords: the console asks for the password before it opens a protected template's editor, instead of after the
 * edits. 5 wrong passwords of one user for one template inside 15 minutes (here, PATCH or DELETE) answer 429
 * `TEMPLATE_PASSWORD_LOCKED` with `Retry-After` (seconds) to every check of his on it until 15 minutes after the last
 * (docs/decisions/0024).
 */
export interface CheckTemplatePasswordRequest {
  password: string;
}

export type TemplateExportFormat = 'json' | 'xml';

/**
 * The exported document (JSON, or the same structure as XML). Secrets are left out and listed in
 * `omittedSecrets` (docs/decisions/0009): an export never carries a password.
 */
export interface TemplateDocument {
  format: 'fleetward-template';
  formatVersion: 1;
  name: string;
  description: string;
  kind: TemplateKind;
  values: SettingValues;
  omittedSecrets: SettingKey[];
}

/** `POST /templates/import`: `document` is the JSON or XML text of a `TemplateDocument` (at most 256 KiB). */
export interface ImportTemplateRequest {
  format: TemplateExportFormat;
  document: string;
  /** Overrides the document's name (e.g. when that name is taken). */
  name?: string;
  password?: string;
}

/** `POST /templates/capture`: reads the device's current settings through its edge into a new template. */
export interface CaptureTemplateRequest {
  deviceId: string;
  name: string;
  description?: string;
  /** Keys to read (default: every key the device's driver can read). */
  keys?: SettingKey[];
}

export interface CaptureTemplateResponse {
  template: TemplateResponse;
  /** Keys the device could not give (secrets, unsupported, failed reads), with why. */
  skipped: { key: SettingKey; reason: string }[];
}
