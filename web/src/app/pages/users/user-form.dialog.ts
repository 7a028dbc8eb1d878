import { Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CreateUserRequest, UpdateUserRequest, UserResponse } from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';
import { MIN_PASSWORD_LENGTH } from '../change-password/change-password.page';

export interface FwUserFormData {
  /** Absent: create a new user. */
  user?: UserResponse;
}

/** Username rule of the server: 3–64 characters of letters, digits and `. _ @ -`. */
export const USERNAME_PATTERN = /^[a-zA-Z0-9._@-]{3,64}$/;

@Component({
  selector: 'fw-user-form-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatCheckboxModule,
    MatButtonModule,
    FwTranslatePipe,
  ],
  templateUrl: './user-form.dialog.html',
})
export class FwUserFormDialog {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly ref = inject<MatDialogRef<FwUserFormDialog, UserResponse>>(MatDialogRef);
  protected readonly data = inject<FwUserFormData>(MAT_DIALOG_DATA);
  protected readonly editing = this.data.user !== undefined;
  protected readonly minLength = MIN_PASSWORD_LENGTH;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    username: [this.data.user?.username ?? '', [Validators.required, Validators.pattern(USERNAME_PATTERN)]],
    displayName: [this.data.user?.displayName ?? '', [Validators.required, Validators.maxLength(128)]],
    email: [this.data.user?.email ?? '', [Validators.email]],
    password: ['', this.editing ? [] : [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
    disabled: [this.data.user?.disabled ?? false],
  });

  constructor() {
    if (this.editing) this.form.controls.username.disable();
  }

  protected async save(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.busy.set(true);
    this.error.set(null);
    try {
      const email = v.email.trim();
      let saved: UserResponse;
      if (this.data.user) {
        const body: UpdateUserRequest = { displayName: v.displayName.trim(), email: email || null };
        if (!this.data.user.isSuperAdmin) body.disabled = v.disabled;
        saved = await this.api.updateUser(this.data.user.id, body);
      } else {
        const body: CreateUserRequest = {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          password: v.password,
        };
        if (email) body.email = email;
        saved = await this.api.createUser(body);
      }
      this.ref.close(saved);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
