import { Component, type OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import {
  type DeviceGroupResponse,
  type GroupPollPolicyBody,
  type GroupPollPolicyResponse,
  POLL_POLICY_LIMITS,
} from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { type TranslationKey } from '../../core/i18n/en';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';

/** The two intervals as the form edits them: empty text = the server default. */
export interface PollPolicyForm {
  status: string;
  full: string;
}

export class FwPollPolicyFormError extends Error {
  readonly code = 'POLL_POLICY_FORM_INVALID';
  constructor(readonly key: TranslationKey) {
    super(key);
  }
}

export function pollPolicyForm(policy: GroupPollPolicyBody): PollPolicyForm {
  return { status: policy.statusIntervalSeconds?.toString() ?? '', full: policy.fullIntervalSeconds?.toString() ?? '' };
}

function seconds(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t)) throw new FwPollPolicyFormError('groupPolling.invalid');
  const n = Number(t);
  if (n < min || n > max) throw new FwPollPolicyFormError('groupPolling.invalid');
  return n;
}

/**
 * The PUT poll-policy body; throws FwPollPolicyFormError for text that is not whole seconds within the bounds, or a
 * full interval shorter than the status one (the server checks the same, also against its defaults).
 */
export function pollPolicyBody(form: PollPolicyForm): GroupPollPolicyBody {
  const status = seconds(form.status, POLL_POLICY_LIMITS.statusMinSeconds, POLL_POLICY_LIMITS.statusMaxSeconds);
  const full = seconds(form.full, POLL_POLICY_LIMITS.fullMinSeconds, POLL_POLICY_LIMITS.fullMaxSeconds);
  if (status !== null && full !== null && full < status) throw new FwPollPolicyFormError('groupPolling.fullShorter');
  return { statusIntervalSeconds: status, fullIntervalSeconds: full };
}

/** Poll interval overrides of one device group (Device Group Management). */
@Component({
  selector: 'fw-group-polling-dialog',
  imports: [FormsModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatButtonModule, FwTranslatePipe],
  template: `
    <h2 mat-dialog-title data-testid="group-polling-title">
      {{ 'groupPolling.title' | translate: { name: group.name } }}
    </h2>
    <form (ngSubmit)="save()">
      <mat-dialog-content class="fw-form">
        @if (error(); as message) {
          <p class="fw-error" role="alert" data-testid="group-polling-error">{{ message }}</p>
        }
        @if (form(); as f) {
          <p class="fw-muted">{{ 'groupPolling.hint' | translate }}</p>
          <mat-form-field>
            <mat-label>{{ 'groupPolling.status' | translate }}</mat-label>
            <input
              matInput
              inputmode="numeric"
              name="status"
              [(ngModel)]="f.status"
              [placeholder]="'groupPolling.default' | translate"
              data-testid="group-polling-status"
            />
            <mat-hint>{{ 'groupPolling.effective' | translate: { value: effective().status } }}</mat-hint>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'groupPolling.full' | translate }}</mat-label>
            <input
              matInput
              inputmode="numeric"
              name="full"
              [(ngModel)]="f.full"
              [placeholder]="'groupPolling.default' | translate"
              data-testid="group-polling-full"
            />
            <mat-hint>{{ 'groupPolling.effective' | translate: { value: effective().full } }}</mat-hint>
          </mat-form-field>
        } @else if (!error()) {
          <p class="fw-muted">{{ 'common.loading' | translate }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | translate }}</button>
        <button mat-button type="button" (click)="clear()" [disabled]="!form()" data-testid="group-polling-clear">
          {{ 'groupPolling.useDefaults' | translate }}
        </button>
        <button mat-flat-button type="submit" [disabled]="saving() || !form()" data-testid="group-polling-save">
          {{ 'common.save' | translate }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
})
export class FwGroupPollingDialog implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly ref = inject<MatDialogRef<FwGroupPollingDialog, boolean>>(MatDialogRef);
  protected readonly group = inject<DeviceGroupResponse>(MAT_DIALOG_DATA);

  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly policy = signal<GroupPollPolicyResponse | null>(null);
  protected readonly form = signal<PollPolicyForm | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const policy = await this.api.groupPollPolicy(this.group.id);
      this.policy.set(policy);
      this.form.set(pollPolicyForm(policy));
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected effective(): { status: string; full: string } {
    const e = this.policy()?.effective;
    return { status: e ? String(e.statusIntervalSeconds) : '—', full: e ? String(e.fullIntervalSeconds) : '—' };
  }

  protected clear(): void {
    this.form.set({ status: '', full: '' });
  }

  protected async save(): Promise<void> {
    const form = this.form();
    if (!form) return;
    this.error.set(null);
    let body: GroupPollPolicyBody;
    try {
      body = pollPolicyBody(form);
    } catch (e) {
      this.error.set(e instanceof FwPollPolicyFormError ? this.i18n.t(e.key) : errorMessage(e, this.i18n));
      return;
    }
    this.saving.set(true);
    try {
      await this.api.saveGroupPollPolicy(this.group.id, body);
      this.ref.close(true);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.saving.set(false);
    }
  }
}
