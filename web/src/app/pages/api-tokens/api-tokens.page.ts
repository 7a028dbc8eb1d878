import { Component, type OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { ApiTokenResponse, CreateApiTokenRequest, CreatedApiTokenResponse } from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog';
import { errorMessage } from '../../shared/error-message';
import { openFormDialog } from '../../shared/form-dialog';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { dayBoundary } from '../audit/audit.page';

/** My API tokens: personal tokens for integration scripts; a new token is shown once. */
@Component({
  selector: 'fw-api-tokens-page',
  imports: [
    MatTableModule,
    MatButtonModule,
    MatIconModule,
    MatCardModule,
    MatTooltipModule,
    FwTranslatePipe,
    FwDatePipe,
  ],
  templateUrl: './api-tokens.page.html',
})
export class FwApiTokensPage implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly dialog = inject(MatDialog);
  private readonly i18n = inject(FwI18nService);

  protected readonly columns = ['name', 'prefix', 'createdAt', 'expiresAt', 'lastUsedAt', 'actions'];
  protected readonly tokens = signal<ApiTokenResponse[]>([]);
  protected readonly created = signal<CreatedApiTokenResponse | null>(null);
  protected readonly copied = signal(false);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.tokens.set(await this.api.apiTokens());
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.loading.set(false);
    }
  }

  protected async create(): Promise<void> {
    const created = await openFormDialog(this.dialog, {
      title: this.i18n.t('apiTokens.createTitle'),
      submitLabel: 'common.create',
      fields: [
        { name: 'name', label: 'apiTokens.name', required: true, maxLength: 100 },
        { name: 'expiresAt', label: 'apiTokens.expiresAt', type: 'date', hint: 'apiTokens.expiresHint' },
      ],
      submit: (v) => {
        const body: CreateApiTokenRequest = { name: v['name'] ?? '' };
        const expires = dayBoundary(v['expiresAt'] ?? '', true);
        if (expires) body.expiresAt = expires;
        return this.api.createApiToken(body);
      },
    });
    if (!created) return;
    this.copied.set(false);
    this.created.set(created);
    await this.load();
  }

  protected async copyToken(token: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(token);
      this.copied.set(true);
    } catch {
      this.copied.set(false);
    }
  }

  protected async revoke(token: ApiTokenResponse): Promise<void> {
    const ok = await confirmAction(this.dialog, {
      title: this.i18n.t('apiTokens.revokeTitle'),
      message: this.i18n.t('apiTokens.revokeConfirm', { name: token.name }),
      confirmLabel: this.i18n.t('apiTokens.revoke'),
    });
    if (!ok) return;
    try {
      await this.api.revokeApiToken(token.id);
      if (this.created()?.id === token.id) this.created.set(null);
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }
}
