import { Component, inject, signal } from '@angular/core';
import {
  type AbstractControl,
  FormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  type ValidatorFn,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { FwAuthService } from '../../core/auth/auth.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { FwDisplaySettingsService } from '../../core/settings/display-settings.service';
import { errorMessage } from '../../shared/error-message';

/** Server password policy: at least 12 characters, not the username. */
export const MIN_PASSWORD_LENGTH = 12;

export function passwordsMatch(): ValidatorFn {
  return (group: AbstractControl): ValidationErrors | null => {
    const next = group.get('newPassword')?.value as string | undefined;
    const confirm = group.get('confirmPassword')?.value as string | undefined;
    return next && confirm && next !== confirm ? { mismatch: true } : null;
  };
}

@Component({
  selector: 'fw-change-password-page',
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatProgressBarModule,
    FwTranslatePipe,
  ],
  templateUrl: './change-password.page.html',
  styleUrl: './change-password.page.scss',
})
export class FwChangePasswordPage {
  private readonly router = inject(Router);
  private readonly i18n = inject(FwI18nService);
  private readonly display = inject(FwDisplaySettingsService);
  protected readonly auth = inject(FwAuthService);
  protected readonly minLength = MIN_PASSWORD_LENGTH;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group(
    {
      currentPassword: ['', Validators.required],
      newPassword: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
      confirmPassword: ['', Validators.required],
    },
    { validators: passwordsMatch() },
  );

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    const { currentPassword, newPassword } = this.form.getRawValue();
    if (newPassword === this.auth.user()?.username) {
      this.error.set(this.i18n.t('changePassword.sameAsUsername'));
      return;
    }
    if (newPassword === currentPassword) {
      this.error.set(this.i18n.t('changePassword.sameAsCurrent'));
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.changePassword(currentPassword, newPassword);
      await this.display.load();
      await this.router.navigateByUrl('/');
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
