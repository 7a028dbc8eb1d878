import { Component, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
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

@Component({
  selector: 'fw-login-page',
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatProgressBarModule,
    FwTranslatePipe,
  ],
  templateUrl: './login.page.html',
  styleUrl: './login.page.scss',
})
export class FwLoginPage {
  private readonly auth = inject(FwAuthService);
  private readonly display = inject(FwDisplaySettingsService);
  private readonly router = inject(Router);
  private readonly i18n = inject(FwI18nService);

  /** Page to open after signing in (bound from the query string). */
  readonly returnUrl = input<string>();

  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { username, password } = this.form.getRawValue();
      const user = await this.auth.login(username.trim(), password);
      if (user.mustChangePassword) {
        await this.router.navigateByUrl('/change-password');
        return;
      }
      await this.display.load();
      const target = this.returnUrl();
      await this.router.navigateByUrl(target?.startsWith('/') && !target.startsWith('//') ? target : '/');
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
