import { Component, type OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type { SettingKey, TemplateExportFormat, TemplateKind, TemplateResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { FwAuthService } from '../../core/auth/auth.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { FwSettingsApiService } from './settings-api.service';
import { type TemplateField, definitionOf, fieldFor, keysFor, readFields } from './template-form';

interface Editor {
  /** null: a new template. */
  id: string | null;
  name: string;
  description: string;
  kind: TemplateKind;
  protectedByPassword: boolean;
  /** The template's current password (protected templates). */
  templatePassword: string;
  /** A new template password ('' = unchanged). */
  newPassword: string;
  fields: TemplateField[];
  addKey: SettingKey | '';
}

/** Settings templates: list, edit with the catalogue's types, password prompt, import/export, capture. */
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
  ],
  templateUrl: './templates.page.html',
})
export class FwTemplatesPage implements OnInit {
  private readonly api = inject(FwSettingsApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly auth = inject(FwAuthService);

  protected readonly canEdit = this.auth.can(Permission.AdminTemplateManagement);
  protected readonly canCapture = this.canEdit && this.auth.can(Permission.DeviceManagementRo);
  protected readonly columns = ['name', 'kind', 'version', 'keys', 'updatedAt', 'actions'];
  protected readonly templates = signal<TemplateResponse[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly editor = signal<Editor | null>(null);
  protected readonly definitionOf = definitionOf;
  protected importFormat: TemplateExportFormat = 'json';
  protected importDocument = '';
  protected importName = '';
  protected captureDeviceId = '';
  protected captureName = '';

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      this.templates.set(await this.api.templates());
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected startNew(): void {
    this.notice.set(null);
    this.editor.set({
      id: null,
      name: '',
      description: '',
      kind: 'admin',
      protectedByPassword: false,
      templatePassword: '',
      newPassword: '',
      fields: [],
      addKey: '',
    });
  }

  protected edit(t: TemplateResponse): void {
    this.notice.set(null);
    this.editor.set({
      id: t.id,
      name: t.name,
      description: t.description,
      kind: t.kind,
      protectedByPassword: t.passwordProtected,
      templatePassword: '',
      newPassword: '',
      fields: t.keys.map((k) => fieldFor(k, t.values[k])),
      addKey: '',
    });
  }

  protected addableKeys(editor: Editor): SettingKey[] {
    const used = new Set(editor.fields.map((f) => f.key));
    return keysFor(editor.kind).filter((k) => !used.has(k));
  }

  protected addField(editor: Editor): void {
    if (editor.addKey === '') return;
    editor.fields = [...editor.fields, fieldFor(editor.addKey)];
    editor.addKey = '';
  }

  protected removeField(editor: Editor, key: SettingKey): void {
    editor.fields = editor.fields.filter((f) => f.key !== key);
  }

  protected async save(editor: Editor): Promise<void> {
    this.error.set(null);
    const values = readFields(editor.fields);
    if (values === null) {
      this.error.set(this.i18n.t('templates.fixFields'));
      return;
    }
    try {
      if (editor.id === null) {
        await this.api.createTemplate({
          name: editor.name,
          description: editor.description,
          kind: editor.kind,
          values: values,
          ...(editor.newPassword ? { password: editor.newPassword } : {}),
        });
      } else {
        await this.api.updateTemplate(
          editor.id,
          {
            name: editor.name,
            description: editor.description,
            values,
            ...(editor.newPassword ? { password: editor.newPassword } : {}),
          },
          editor.templatePassword || undefined,
        );
      }
      this.editor.set(null);
      this.notice.set(this.i18n.t('templates.saved'));
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async remove(t: TemplateResponse): Promise<void> {
    this.error.set(null);
    let password: string | undefined;
    if (t.passwordProtected) {
      password = globalThis.prompt(this.i18n.t('templates.passwordPrompt', { name: t.name })) ?? undefined;
      if (!password) return;
    }
    try {
      await this.api.deleteTemplate(t.id, password);
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

  protected async import(): Promise<void> {
    this.error.set(null);
    try {
      const created = await this.api.importTemplate({
        format: this.importFormat,
        document: this.importDocument,
        ...(this.importName.trim() ? { name: this.importName.trim() } : {}),
      });
      this.importDocument = '';
      this.importName = '';
      this.notice.set(this.i18n.t('templates.imported', { name: created.name }));
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async capture(): Promise<void> {
    this.error.set(null);
    try {
      const result = await this.api.captureTemplate({
        deviceId: this.captureDeviceId.trim(),
        name: this.captureName.trim(),
      });
      this.notice.set(
        this.i18n.t('templates.captured', { name: result.template.name, skipped: result.skipped.length }),
      );
      await this.load();
      this.edit(result.template);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }
}
