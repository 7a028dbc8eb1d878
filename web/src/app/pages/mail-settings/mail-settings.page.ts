import { Component, type OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { MailSecurityName, MailSettingsResponse, PutMailSettingsRequest } from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';

export interface MailSettingsForm {
  host: string;
  port: number | null;
  security: MailSecurityName;
  user: string;
  /** Empty keeps the stored password (unless `clearPassword`). */
  password: string;
  clearPassword: boolean;
  from: string;
  rejectUnauthorized: boolean;
  ca: string;
}

export const MAIL_SECURITIES: readonly MailSecurityName[] = ['none', 'starttls', 'tls'];

/** The usual port for each security mode, proposed when the field is empty. */
const DEFAULT_PORTS: Record<MailSecurityName, number> = { none: 25, starttls: 587, tls: 465 };

export function mailSettingsForm(settings: MailSettingsResponse): MailSettingsForm {
  return {
    host: settings.host ?? '',
    port: settings.port,
    security: settings.security,
    user: settings.user ?? '',
    password: '',
    clearPassword: false,
    from: settings.from ?? '',
    rejectUnauthorized: settings.rejectUnauthorized,
    ca: settings.ca ?? '',
  };
}

/** The PUT body: an empty password field keeps the stored password (the field is left out). */
export function mailSettingsRequest(form: MailSettingsForm): PutMailSettingsRequest {
  const body: PutMailSettingsRequest = {
    host: form.host.trim(),
    port: form.port ?? DEFAULT_PORTS[form.security],
    security: form.security,
    user: form.user.trim() || null,
    from: form.from.trim(),
    rejectUnauthorized: form.rejectUnauthorized,
    ca: form.ca.trim() || null,
  };
  if (form.clearPassword) body.password = null;
  else if (form.password) body.password = form.password;
  return body;
}

@Component({
  selector: 'fw-mail-settings-page',
  imports: [
    FormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
    MatIconModule,
    FwTranslatePipe,
  ],
  templateUrl: './mail-settings.page.html',
})
export class FwMailSettingsPage implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);

  protected readonly securities = MAIL_SECURITIES;
  protected readonly settings = signal<MailSettingsResponse | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly saved = signal(false);
  protected readonly saving = signal(false);
  protected readonly testing = signal(false);
  protected readonly testResult = signal<{ ok: boolean; message: string } | null>(null);
  protected readonly form = signal<MailSettingsForm | null>(null);
  protected testTo = '';

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const settings = await this.api.mailSettings();
      this.settings.set(settings);
      this.form.set(mailSettingsForm(settings));
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async save(): Promise<void> {
    const form = this.form();
    if (!form) return;
    this.saving.set(true);
    this.saved.set(false);
    this.error.set(null);
    try {
      const settings = await this.api.saveMailSettings(mailSettingsRequest(form));
      this.settings.set(settings);
      this.form.set(mailSettingsForm(settings));
      this.saved.set(true);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.saving.set(false);
    }
  }

  protected async sendTest(): Promise<void> {
    const to = this.testTo.trim();
    if (!to) return;
    this.testing.set(true);
    this.testResult.set(null);
    try {
      const result = await this.api.sendTestMail(to);
      const message =
        result.rejected.length > 0
          ? this.i18n.t('mail.testRejected', { addresses: result.rejected.join(', ') })
          : this.i18n.t('mail.testSent', { to: result.accepted.join(', ') || to });
      this.testResult.set({ ok: result.rejected.length === 0, message });
    } catch (e) {
      this.testResult.set({ ok: false, message: errorMessage(e, this.i18n) });
    } finally {
      this.testing.set(false);
    }
  }
}
