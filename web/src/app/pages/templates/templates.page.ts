import { Component, type OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type {
  DeviceListItemResponse,
  SettingKey,
  TemplateExportFormat,
  TemplateKind,
  TemplateResponse,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog';
import { errorMessage } from '../../shared/error-message';
import { openFormDialog } from '../../shared/form-dialog';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { FwSettingValueEditor } from './setting-value-editor';
import { FwSettingsApiService } from './settings-api.service';
import {
  type CaptureChoice,
  type TemplateField,
  captureChoices,
  definitionOf,
  fieldFor,
  hasPerDeviceKeys,
  keysFor,
  readFields,
  settingHintKey,
  settingLabelKey,
  settingUnitKey,
} from './template-form';

interface Editor {
  /** null: a new template. */
  id: string | null;
  name: string;
  description: string;
  kind: TemplateKind;
  version: number;
  protectedByPassword: boolean;
  /** The password given when the editor was opened (protected templates); sent with the save. */
  templatePassword: string;
  /** A new template password ('' = unchanged). */
  newPassword: string;
  removePassword: boolean;
  fields: TemplateField[];
}

/** The device a capture reads from, with what it can copy. */
interface CaptureSource {
  device: DeviceListItemResponse;
  family: string;
  choices: CaptureChoice[];
  notReadable: SettingKey[];
}

/** The one form open under the header: the editor, the capture or the import. */
type Panel = 'editor' | 'capture' | 'import';

/**
 * Settings templates: list, edit with the catalogue's types (labels translated), a password asked before a
 * protected template opens, import/export, and capture from a device found by name.
 */
@Component({
  selector: 'fw-templates-page',
  imports: [
    FormsModule,
    MatTableModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
    MatIconModule,
    FwTranslatePipe,
    FwDatePipe,
    FwSettingValueEditor,
  ],
  templateUrl: './templates.page.html',
  styles: `
    .fw-structured {
      flex: 1 1 0;
      min-width: 0;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 4px 12px 8px;
    }
    .fw-structured .fw-hint {
      margin: 0 0 8px;
      color: var(--mat-sys-on-surface-variant);
      font-size: 0.875em;
    }
    .fw-panel {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 16px 20px;
      margin-bottom: 24px;
    }
    .fw-panel h2 {
      margin-top: 0;
    }
    .fw-setting-field {
      margin-bottom: 12px;
      display: flex;
      align-items: flex-start;
      gap: 8px;
      flex-wrap: wrap;
    }
    .fw-setting-field mat-form-field {
      width: 28rem;
      max-width: 100%;
    }
    .fw-setting-field mat-checkbox {
      width: 28rem;
      padding: 8px 0;
    }
    .fw-capture-keys {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
    }
    .fw-pick {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-bottom: 12px;
    }
    .fw-warning {
      color: var(--mat-sys-on-tertiary-container);
      background: var(--mat-sys-tertiary-container);
      padding: 8px 12px;
      border-radius: 8px;
    }
    .fw-search {
      width: 24rem;
      max-width: 100%;
    }
    .fw-actions {
      display: flex;
      gap: 8px;
      align-items: center;
    }
  `,
})
export class FwTemplatesPage implements OnInit {
  private readonly api = inject(FwSettingsApiService);
  private readonly core = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly auth = inject(FwAuthService);
  private readonly dialog = inject(MatDialog);

  protected readonly canEdit = this.auth.can(Permission.AdminTemplateManagement);
  protected readonly canCapture = this.canEdit && this.auth.can(Permission.DeviceManagementRo);
  protected readonly columns = ['name', 'kind', 'version', 'keys', 'updatedAt', 'actions'];
  protected readonly templates = signal<TemplateResponse[]>([]);
  protected readonly loaded = signal(false);
  /** Errors of the list (load, delete, export). */
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  /** Errors of the open panel, shown next to its buttons. */
  protected readonly panelError = signal<string | null>(null);
  protected readonly panel = signal<Panel | null>(null);
  protected readonly busy = signal(false);
  protected readonly editor = signal<Editor | null>(null);
  protected readonly definitionOf = definitionOf;
  protected readonly labelKey = settingLabelKey;
  protected readonly hintKey = settingHintKey;
  protected readonly unitKey = settingUnitKey;
  protected importFormat: TemplateExportFormat = 'json';
  protected importDocument = '';
  protected importName = '';
  protected captureSearch = '';
  protected readonly captureFound = signal<DeviceListItemResponse[] | null>(null);
  protected readonly captureSource = signal<CaptureSource | null>(null);
  protected captureName = '';
  /** Searches started, so that an earlier answer arriving late does not replace a later one. */
  private captureSearches = 0;

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      this.templates.set(await this.api.templates());
      this.loaded.set(true);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected label(key: SettingKey): string {
    return this.i18n.t(settingLabelKey(key));
  }

  protected labels(keys: readonly SettingKey[]): string {
    return keys.map((k) => this.label(k)).join(', ');
  }

  protected closePanel(): void {
    this.panel.set(null);
    this.panelError.set(null);
    this.editor.set(null);
  }

  private openPanel(panel: Panel): void {
    this.panel.set(panel);
    this.panelError.set(null);
    if (panel !== 'editor') this.editor.set(null);
  }

  protected startNew(): void {
    this.notice.set(null);
    this.openPanel('editor');
    this.editor.set({
      id: null,
      name: '',
      description: '',
      kind: 'admin',
      version: 0,
      protectedByPassword: false,
      templatePassword: '',
      newPassword: '',
      removePassword: false,
      fields: [],
    });
  }

  /** Opens the editor; a protected template asks for its password first (checked by the server). */
  protected async edit(t: TemplateResponse): Promise<void> {
    this.error.set(null);
    this.notice.set(null);
    let password = '';
    if (t.passwordProtected) {
      const given = await this.askPassword(t, 'templates.passwordForEdit', async (p) => {
        await this.api.checkTemplatePassword(t.id, p);
      });
      if (given === undefined) return;
      password = given;
    }
    this.openEditor(t, password);
  }

  private openEditor(t: TemplateResponse, password: string): void {
    this.openPanel('editor');
    this.editor.set({
      id: t.id,
      name: t.name,
      description: t.description,
      kind: t.kind,
      version: t.version,
      protectedByPassword: t.passwordProtected,
      templatePassword: password,
      newPassword: '',
      removePassword: false,
      fields: t.keys.map((k) => fieldFor(k, t.values[k])),
    });
  }

  /** The template password dialog; resolves with the password once `check` accepted it, undefined when cancelled. */
  private askPassword(
    t: TemplateResponse,
    hint: 'templates.passwordForEdit' | 'templates.passwordForDelete',
    check: (password: string) => Promise<void>,
  ): Promise<string | undefined> {
    return openFormDialog(this.dialog, {
      title: this.i18n.t('templates.passwordTitle', { name: t.name }),
      submitLabel: hint === 'templates.passwordForEdit' ? 'templates.unlock' : 'templates.delete',
      fields: [{ name: 'password', label: 'templates.templatePassword', type: 'password', required: true, hint }],
      submit: async (values) => {
        const password = values['password'] ?? '';
        await check(password);
        return password;
      },
    });
  }

  protected addableKeys(editor: Editor): SettingKey[] {
    const used = new Set(editor.fields.map((f) => f.key));
    return keysFor(editor.kind).filter((k) => !used.has(k));
  }

  /** Choosing a setting in "Add setting" adds its field at once. */
  protected addField(editor: Editor, key: SettingKey | null): void {
    if (!key || editor.fields.some((f) => f.key === key)) return;
    this.editor.set({ ...editor, fields: [...editor.fields, fieldFor(key)] });
  }

  protected removeField(editor: Editor, key: SettingKey): void {
    this.editor.set({ ...editor, fields: editor.fields.filter((f) => f.key !== key) });
  }

  protected perDevice(editor: Editor): boolean {
    return hasPerDeviceKeys(editor.fields.map((f) => f.key));
  }

  protected async save(editor: Editor): Promise<void> {
    this.panelError.set(null);
    if (editor.name.trim() === '') {
      this.panelError.set(this.i18n.t('templates.nameRequired'));
      return;
    }
    const values = readFields(editor.fields, this.i18n.t('templates.secretMismatch'));
    if (values === null) {
      this.panelError.set(this.i18n.t('templates.fixFields'));
      return;
    }
    const password = editor.removePassword ? null : editor.newPassword ? editor.newPassword : undefined;
    this.busy.set(true);
    try {
      if (editor.id === null) {
        await this.api.createTemplate({
          name: editor.name,
          description: editor.description,
          kind: editor.kind,
          values: values,
          ...(password ? { password } : {}),
        });
      } else {
        await this.api.updateTemplate(
          editor.id,
          {
            name: editor.name,
            description: editor.description,
            values,
            ...(password !== undefined ? { password } : {}),
          },
          editor.templatePassword || undefined,
        );
      }
      this.closePanel();
      this.notice.set(this.i18n.t('templates.saved'));
      await this.load();
    } catch (e) {
      this.panelError.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }

  /** Deletes after a confirmation; a protected template asks for its password instead. */
  protected async remove(t: TemplateResponse): Promise<void> {
    this.error.set(null);
    this.notice.set(null);
    try {
      if (t.passwordProtected) {
        const done = await this.askPassword(t, 'templates.passwordForDelete', (p) => this.api.deleteTemplate(t.id, p));
        if (done === undefined) return;
      } else {
        const confirmed = await confirmAction(this.dialog, {
          title: this.i18n.t('templates.deleteTitle'),
          message: this.i18n.t('templates.deleteConfirm', { name: t.name }),
          confirmLabel: this.i18n.t('templates.delete'),
        });
        if (!confirmed) return;
        await this.api.deleteTemplate(t.id);
      }
      if (this.editor()?.id === t.id) this.closePanel();
      this.notice.set(this.i18n.t('templates.deleted', { name: t.name }));
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async export(t: TemplateResponse, format: TemplateExportFormat): Promise<void> {
    try {
      const text = await this.api.exportTemplate(t.id, format);
      const blob = new Blob([text], { type: format === 'json' ? 'application/json' : 'application/xml' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${t.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.${format}`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected startImport(): void {
    this.notice.set(null);
    this.openPanel('import');
  }

  protected async import(): Promise<void> {
    this.panelError.set(null);
    if (this.importDocument.trim() === '') {
      this.panelError.set(this.i18n.t('templates.importEmpty'));
      return;
    }
    this.busy.set(true);
    try {
      const created = await this.api.importTemplate({
        format: this.importFormat,
        document: this.importDocument,
        ...(this.importName.trim() ? { name: this.importName.trim() } : {}),
      });
      this.importDocument = '';
      this.importName = '';
      this.closePanel();
      this.notice.set(this.i18n.t('templates.imported', { name: created.name }));
      await this.load();
    } catch (e) {
      this.panelError.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }

  /** Opens the capture panel with the first devices listed (by name), so a new user sees what to pick. */
  protected async startCapture(): Promise<void> {
    this.notice.set(null);
    this.openPanel('capture');
    this.captureSource.set(null);
    this.captureName = '';
    await this.searchCaptureDevices();
  }

  /** Finds devices by name or address: one page of 20, never the whole fleet. Only the latest search is shown. */
  protected async searchCaptureDevices(): Promise<void> {
    this.panelError.set(null);
    const search = ++this.captureSearches;
    try {
      const page = await this.core.deviceInventory({
        search: this.captureSearch.trim(),
        pageSize: 20,
        sort: 'name',
      });
      if (search === this.captureSearches) this.captureFound.set(page.items);
    } catch (e) {
      this.panelError.set(errorMessage(e, this.i18n));
    }
  }

  /** Picks the device to capture from: asks its edge what it can read, and ticks all but per-device settings. */
  protected async pickCaptureDevice(device: DeviceListItemResponse): Promise<void> {
    this.panelError.set(null);
    this.captureSource.set(null);
    this.busy.set(true);
    try {
      const capabilities = await this.api.capabilities(device.id);
      const { choices, notReadable } = captureChoices(capabilities.settings);
      this.captureName = this.i18n.t('templates.captureDefaultName', { device: device.name });
      this.captureSource.set({ device, family: capabilities.driver.family, choices, notReadable });
    } catch (e) {
      this.panelError.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }

  protected async capture(): Promise<void> {
    const source = this.captureSource();
    if (!source) return;
    this.panelError.set(null);
    const keys = source.choices.filter((c) => c.checked).map((c) => c.key);
    if (keys.length === 0) {
      this.panelError.set(this.i18n.t('templates.captureChooseKey'));
      return;
    }
    if (this.captureName.trim() === '') {
      this.panelError.set(this.i18n.t('templates.nameRequired'));
      return;
    }
    this.busy.set(true);
    try {
      const result = await this.api.captureTemplate({
        deviceId: source.device.id,
        name: this.captureName.trim(),
        keys,
      });
      const skipped = result.skipped.map((s) => `${this.label(s.key)} (${s.reason})`).join('; ');
      const captured = this.i18n.t('templates.captured', {
        name: result.template.name,
        device: source.device.name,
        count: result.template.keys.length,
      });
      await this.load();
      // The new template opens in the editor, e.g. to add the administrator password a device never reveals.
      this.openEditor(result.template, '');
      this.notice.set(
        skipped ? `${captured} ${this.i18n.t('templates.capturedSkipped', { list: skipped })}` : captured,
      );
    } catch (e) {
      this.panelError.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
