import { Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { UserResponse } from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';
import { MIN_PASSWORD_LENGTH } from '../change-password/change-password.page';

@Component({
  selector: 'fw-reset-password-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatButtonModule, FwTranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ 'users.resetTitle' | translate: { name: user.username } }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content class="fw-form">
        <p class="fw-muted">{{ 'users.resetHint' | translate }}</p>
        <mat-form-field>
          <mat-label>{{ 'changePassword.new' | translate }}</mat-label>
          <input matInput type="password" formControlName="newPassword" autocomplete="new-password" />
          @if (form.controls.newPassword.invalid) {
            <mat-error>{{ 'validation.passwordMin' | translate: { min: minLength } }}</mat-error>
          }
        </mat-form-field>
        @if (error(); as message) {
          <p class="fw-error" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | translate }}</button>
        <button mat-flat-button type="submit" [disabled]="busy()">{{ 'users.resetPassword' | translate }}</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class FwResetPasswordDialog {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly ref = inject<MatDialogRef<FwResetPasswordDialog, boolean>>(MatDialogRef);
  protected readonly user = inject<UserResponse>(MAT_DIALOG_DATA);
  protected readonly minLength = MIN_PASSWORD_LENGTH;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    newPassword: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
  });

  protected async save(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.resetPassword(this.user.id, { newPassword: this.form.getRawValue().newPassword });
      this.ref.close(true);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
