import type {
  CaptureTemplateRequest,
  CaptureTemplateResponse,
  CreateTemplateRequest,
  ImportTemplateRequest,
  SettingKey,
  SettingValues,
  TemplateDocument,
  TemplateExportFormat,
  TemplateKind,
  TemplateResponse,
  TemplateVersionResponse,
  UpdateTemplateRequest,
} from '@fleetward/contracts';
import { settingDefinition } from '@fleetward/contracts';
import { type AccessScope, Permission, permissionSatisfied, settingHasSecret } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { ValidationFailedError } from '../../common/errors';
import { PasswordHasher } from '../../infra/crypto/password-hasher';
import { SecretBox } from '../../infra/crypto/secret-box';
import { newId } from '../../infra/database/column-types';
import { DeviceSettingsUnavailableError } from '../deliveries/delivery.errors';
import { DeviceSettingsService } from '../deliveries/device-settings.service';
import { DeviceInventoryService } from '../devices/device-inventory.service';
import { parseDocument, renderDocument } from './template-document';
import { TemplatePasswordChecker } from './template-password-checker';
import {
  assertMayChangeKind,
  maskValues,
  parseTemplateValues,
  restoreAllSecrets,
  secretKeysOf,
  withoutSecrets,
} from './template-rules';
import type { TemplateEntity, TemplateVersionEntity } from './template.entity';
import {
  TemplateCaptureEmptyError,
  TemplateCaptureNeedsDeviceAccessError,
  TemplateNameTakenError,
  TemplateNotFoundError,
  TemplateVersionNotFoundError,
} from './template.errors';
import { TemplateRepository } from './template.repository';

/** One template version with its decrypted values (deliveries, drift; never sent to a client). */
export interface TemplateVersionValues {
  templateId: string;
  templateName: string;
  version: number;
  keys: SettingKey[];
  values: SettingValues;
}

/**
 * Settings templates: CRUD with immutable versions, secrets encrypted (SecretBox) and never returned, optional
 * template password (argon2) for edit and delete with a lockout against guessing, JSON/XML import and export, capture
 * from a device.
 */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly secretBox: SecretBox,
    private readonly hasher: PasswordHasher,
    private readonly passwordChecker: TemplatePasswordChecker,
    private readonly clock: Clock,
    private readonly deviceSettings: DeviceSettingsService,
    private readonly inventory: DeviceInventoryService,
  ) {}

  async list(): Promise<TemplateResponse[]> {
    const rows = await this.templates.list();
    return Promise.all(rows.map((row) => this.toResponse(row)));
  }

  async get(id: string): Promise<TemplateResponse> {
    return this.toResponse(await this.load(id));
  }

  async versions(id: string): Promise<TemplateVersionResponse[]> {
    await this.load(id);
    return (await this.templates.listVersions(id)).map((v) => this.toVersionResponse(v));
  }

  async version(id: string, version: number): Promise<TemplateVersionResponse> {
    await this.load(id);
    const row = await this.templates.findVersion(id, version);
    if (!row) throw new TemplateVersionNotFoundError(id, version);
    return this.toVersionResponse(row);
  }

  async create(request: CreateTemplateRequest, access: AccessScope): Promise<TemplateResponse> {
    assertMayChangeKind(access, request.kind);
    const values = parseTemplateValues(request.kind, request.values);
    const name = request.name.trim();
    if (await this.templates.nameTaken(name)) throw new TemplateNameTakenError(name);
    const now = this.clock.now();
    const id = newId();
    await this.templates.insert(
      {
        id,
        name,
        description: request.description?.trim() ?? '',
        kind: request.kind,
        passwordHash: request.password !== undefined ? await this.hasher.hash(request.password) : null,
        currentVersion: 1,
        createdAt: now,
        createdBy: access.userId,
        updatedAt: now,
        updatedBy: access.userId,
      },
      this.newVersion(1, values, now, access.userId),
    );
    return this.get(id);
  }

  /** `templatePassword`: from the body or the `x-template-password` header. */
  async update(
    id: string,
    request: UpdateTemplateRequest,
    access: AccessScope,
    headerPassword?: string,
  ): Promise<TemplateResponse> {
    const row = await this.load(id);
    assertMayChangeKind(access, row.kind as TemplateKind);
    await this.checkPassword(row, access, request.templatePassword ?? headerPassword);
    const now = this.clock.now();
    const changes: Parameters<TemplateRepository['update']>[1] = { updatedAt: now, updatedBy: access.userId };
    if (request.name !== undefined) {
      const name = request.name.trim();
      if (await this.templates.nameTaken(name, id)) throw new TemplateNameTakenError(name);
      changes.name = name;
    }
    if (request.description !== undefined) changes.description = request.description.trim();
    if (request.password !== undefined) {
      changes.passwordHash = request.password === null ? null : await this.hasher.hash(request.password);
    }
    let version: ReturnType<TemplatesService['newVersion']> | undefined;
    if (request.values !== undefined) {
      const current = await this.currentValues(row);
      const values = parseTemplateValues(row.kind as TemplateKind, restoreAllSecrets(request.values, current));
      version = this.newVersion(row.currentVersion + 1, values, now, access.userId);
    }
    await this.templates.update(id, changes, version);
    return this.get(id);
  }

  /**
   * Checks a template's password without changing anything (the console asks for it before opening the editor).
   * Same rules as an edit: the kind's permissions first, then the password.
   */
  async checkTemplatePassword(id: string, access: AccessScope, password: string): Promise<void> {
    const row = await this.load(id);
    assertMayChangeKind(access, row.kind as TemplateKind);
    await this.checkPassword(row, access, password);
  }

  async delete(id: string, access: AccessScope, password?: string): Promise<void> {
    const row = await this.load(id);
    assertMayChangeKind(access, row.kind as TemplateKind);
    await this.checkPassword(row, access, password);
    await this.templates.softDelete(id, this.clock.now());
  }

  /** The export document: secrets left out and listed in `omittedSecrets`. */
  async export(id: string, format: TemplateExportFormat): Promise<{ fileName: string; body: string }> {
    const row = await this.load(id);
    const values = await this.currentValues(row);
    const doc: TemplateDocument = {
      format: 'fleetward-template',
      formatVersion: 1,
      name: row.name,
      description: row.description,
      kind: row.kind as TemplateKind,
      values: withoutSecrets(values),
      omittedSecrets: secretKeysOf(values),
    };
    const safeName = row.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'template';
    return { fileName: `${safeName}.${format}`, body: renderDocument(doc, format) };
  }

  /** Creates a template from a document, validated like a create. */
  async import(request: ImportTemplateRequest, access: AccessScope): Promise<TemplateResponse> {
    const doc = await parseDocument(request.format, request.document);
    const name = (request.name ?? doc.name).trim();
    if (name === '' || name.length > 100) {
      throw new ValidationFailedError([{ field: 'name', problems: ['must be 1 to 100 characters'] }]);
    }
    return this.create(
      {
        name,
        description: doc.description.slice(0, 500),
        kind: doc.kind,
        values: doc.values,
        ...(request.password !== undefined ? { password: request.password } : {}),
      },
      access,
    );
  }

  /**
   * Reads the device's current settings through its edge and makes an admin template of the readable admin
   * values (secrets are never readable; service settings are left out: capture makes admin templates).
   */
  async capture(request: CaptureTemplateRequest, access: AccessScope): Promise<CaptureTemplateResponse> {
    if (!permissionSatisfied(access.permissions, Permission.DeviceManagementRo)) {
      throw new TemplateCaptureNeedsDeviceAccessError();
    }
    await this.inventory.get(request.deviceId, access);
    const answer = await this.deviceSettings.read(request.deviceId, request.keys);
    if (!answer.ok) throw new DeviceSettingsUnavailableError(request.deviceId, answer.error.code, answer.error.message);
    const values: SettingValues = {};
    const skipped: CaptureTemplateResponse['skipped'] = [];
    for (const outcome of answer.settings) {
      const definition = settingDefinition(outcome.key);
      if (outcome.status !== 'ok') {
        skipped.push({ key: outcome.key, reason: outcome.message });
      } else if (settingHasSecret(definition.type)) {
        skipped.push({ key: outcome.key, reason: 'secrets are never read from a device' });
      } else if (definition.scope !== 'admin') {
        skipped.push({ key: outcome.key, reason: 'service settings are not captured into an admin template' });
      } else {
        values[outcome.key] = outcome.value;
      }
    }
    if (Object.keys(values).length === 0) throw new TemplateCaptureEmptyError();
    const template = await this.create(
      {
        name: request.name,
        kind: 'admin',
        values,
        ...(request.description !== undefined ? { description: request.description } : {}),
      },
      access,
    );
    return { template, skipped };
  }

  /** The values of one version, decrypted (deliveries and drift checks only). */
  async versionValues(templateId: string, version?: number): Promise<TemplateVersionValues> {
    const row = await this.templates.findIncludingDeleted(templateId);
    if (!row) throw new TemplateNotFoundError(templateId);
    const number = version ?? row.currentVersion;
    const versionRow = await this.templates.findVersion(templateId, number);
    if (!versionRow) throw new TemplateVersionNotFoundError(templateId, number);
    return {
      templateId,
      templateName: row.name,
      version: number,
      keys: JSON.parse(versionRow.settingKeys) as SettingKey[],
      values: this.decrypt(versionRow),
    };
  }

  /** Only live templates can be chosen for a new delivery. */
  async assertExists(templateId: string): Promise<void> {
    await this.load(templateId);
  }

  /** Nothing to check on an open template; a protected one goes through the lockout (docs/decisions/0024). */
  private async checkPassword(row: TemplateEntity, access: AccessScope, given: string | undefined): Promise<void> {
    if (!row.passwordHash) return;
    await this.passwordChecker.check(access.userId, { id: row.id, passwordHash: row.passwordHash }, given);
  }

  private newVersion(version: number, values: SettingValues, at: Date, by: string) {
    return {
      id: newId(),
      version,
      settingKeys: Object.keys(values),
      valuesEncrypted: this.secretBox.encrypt(JSON.stringify(values)),
      createdAt: at,
      createdBy: by,
    };
  }

  private async currentValues(row: TemplateEntity): Promise<SettingValues> {
    const version = await this.templates.findVersion(row.id, row.currentVersion);
    if (!version) throw new TemplateVersionNotFoundError(row.id, row.currentVersion);
    return this.decrypt(version);
  }

  private decrypt(version: TemplateVersionEntity): SettingValues {
    return JSON.parse(this.secretBox.decrypt(version.valuesEncrypted)) as SettingValues;
  }

  private async load(id: string): Promise<TemplateEntity> {
    const row = await this.templates.find(id);
    if (!row) throw new TemplateNotFoundError(id);
    return row;
  }

  private async toResponse(row: TemplateEntity): Promise<TemplateResponse> {
    const values = await this.currentValues(row);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      kind: row.kind as TemplateKind,
      passwordProtected: Boolean(row.passwordHash),
      version: row.currentVersion,
      keys: Object.keys(values) as SettingKey[],
      values: maskValues(values),
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy ?? null,
      updatedAt: row.updatedAt.toISOString(),
      updatedBy: row.updatedBy ?? null,
    };
  }

  private toVersionResponse(row: TemplateVersionEntity): TemplateVersionResponse {
    const values = this.decrypt(row);
    return {
      templateId: row.templateId,
      version: row.version,
      keys: JSON.parse(row.settingKeys) as SettingKey[],
      values: maskValues(values),
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy ?? null,
    };
  }
}
