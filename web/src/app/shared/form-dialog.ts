import { Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, type ValidatorFn, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { type TranslationKey } from '../core/i18n/en';
import { FwI18nService } from '../core/i18n/i18n.service';
import { FwTranslatePipe } from '../core/i18n/translate.pipe';
import { errorMessage } from './error-message';

export interface FwFormField {
  name: string;
  label: TranslationKey;
  value?: string;
  required?: boolean;
  /** `password`: masked, never trimmed, and the browser is told not to fill it in. */
  type?: 'text' | 'date' | 'multiline' | 'password';
  maxLength?: number;
  pattern?: RegExp;
  patternMessage?: TranslationKey;
  hint?: TranslationKey;
}

export interface FwFormDialogData<T> {
  title: string;
  submitLabel: TranslationKey;
  fields: FwFormField[];
  /** Runs the API call; a thrown error is shown in the dialog, which stays open. */
  submit: (values: Record<string, string>) => Promise<T>;
}

/** A small form dialog for simple records (device groups, devices, API tokens). */
@Component({
  selector: 'fw-form-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatButtonModule, FwTranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content class="fw-form">
        @for (f of data.fields; track f.name) {
          <mat-form-field>
            <mat-label>{{ f.label | translate }}</mat-label>
            @if (f.type === 'multiline') {
              <textarea matInput rows="2" [formControlName]="f.name" [attr.data-testid]="'field-' + f.name"></textarea>
            } @else {
              <input
                matInput
                [type]="f.type ?? 'text'"
                [formControlName]="f.name"
                [attr.autocomplete]="f.type === 'password' ? 'new-password' : 'off'"
                [attr.data-testid]="'field-' + f.name"
              />
            }
            @if (f.hint) {
              <mat-hint>{{ f.hint | translate }}</mat-hint>
            }
            @if (form.controls[f.name].hasError('required')) {
              <mat-error>{{ 'validation.required' | translate }}</mat-error>
            } @else if (form.controls[f.name].hasError('pattern')) {
              <mat-error>{{ f.patternMessage ?? 'validation.invalid' | translate }}</mat-error>
            } @else if (form.controls[f.name].hasError('maxlength')) {
              <mat-error>{{ 'validation.tooLong' | translate: { max: f.maxLength ?? 0 } }}</mat-error>
            }
          </mat-form-field>
        }
        @if (error(); as message) {
          <p class="fw-error" role="alert" data-testid="form-dialog-error">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | translate }}</button>
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="form-dialog-submit">
          {{ data.submitLabel | translate }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
})
export class FwFormDialog<T> {
  private readonly i18n = inject(FwI18nService);
  private readonly ref = inject<MatDialogRef<FwFormDialog<T>, T>>(MatDialogRef);
  protected readonly data = inject<FwFormDialogData<T>>(MAT_DIALOG_DATA);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = new FormGroup<Record<string, FormControl<string>>>(
    Object.fromEntries(
      this.data.fields.map((f) => {
        const validators: ValidatorFn[] = [];
        if (f.required) validators.push(Validators.required);
        if (f.maxLength) validators.push(Validators.maxLength(f.maxLength));
        if (f.pattern) validators.push(Validators.pattern(f.pattern));
        return [f.name, new FormControl(f.value ?? '', { nonNullable: true, validators })];
      }),
    ),
  );

  protected async save(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const passwords = new Set(this.data.fields.filter((f) => f.type === 'password').map((f) => f.name));
      const values = Object.fromEntries(
        Object.entries(this.form.getRawValue()).map(([k, v]) => [k, passwords.has(k) ? v : v.trim()]),
      );
      this.ref.close(await this.data.submit(values));
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}

/** Opens the form dialog; resolves with the submit result, or undefined when cancelled. */
export async function openFormDialog<T>(dialog: MatDialog, data: FwFormDialogData<T>): Promise<T | undefined> {
  const ref = dialog.open<FwFormDialog<T>, FwFormDialogData<T>, T>(FwFormDialog, { data, width: '480px' });
  return firstValueFrom(ref.afterClosed());
}
