import { Clipboard } from '@angular/cdk/clipboard';
import { Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import type { EdgeActivationCodeResponse } from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';

/** Register a new edge (no `code`), or show a code just issued for an existing edge. */
export interface FwEdgeActivationData {
  /** The server URL the edge calls (the console's origin). */
  serverUrl: string;
  edgeName?: string;
  code?: EdgeActivationCodeResponse;
}

/** The command that starts an edge and activates it (shown with the code, once). */
export function edgeStartCommand(serverUrl: string, code: string): string {
  return `FLEETWARD_EDGE_SERVER_URL=${serverUrl.replace(/\/+$/, '')} FLEETWARD_EDGE_ACTIVATION_CODE=${code} npm run edge`;
}

@Component({
  selector: 'fw-edge-activation-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatIconModule,
    FwTranslatePipe,
    FwDatePipe,
  ],
  template: `
    @if (code(); as c) {
      <h2 mat-dialog-title>{{ 'edges.codeTitle' | translate: { name: edgeName() } }}</h2>
      <mat-dialog-content class="fw-form">
        <p>{{ 'edges.codeOnce' | translate }}</p>
        <code class="fw-code" data-testid="edge-activation-code">{{ c.code }}</code>
        <p class="fw-muted" data-testid="edge-activation-expires">
          {{ 'edges.codeExpires' | translate: { time: (c.expiresAt | fwDate) } }}
        </p>
        <p>{{ 'edges.commandHint' | translate }}</p>
        <code class="fw-code" data-testid="edge-start-command">{{ command() }}</code>
        @if (copied()) {
          <p class="fw-muted" role="status" data-testid="edge-command-copied">{{ 'edges.copied' | translate }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-stroked-button type="button" (click)="copy()" data-testid="edge-command-copy">
          <mat-icon>content_copy</mat-icon>{{ 'edges.copyCommand' | translate }}
        </button>
        <button mat-flat-button type="button" [mat-dialog-close]="true" data-testid="edge-dialog-done">
          {{ 'edges.done' | translate }}
        </button>
      </mat-dialog-actions>
    } @else {
      <h2 mat-dialog-title>{{ 'edges.registerTitle' | translate }}</h2>
      <form [formGroup]="form" (ngSubmit)="register()">
        <mat-dialog-content class="fw-form">
          <p class="fw-muted">{{ 'edges.registerHint' | translate }}</p>
          <mat-form-field>
            <mat-label>{{ 'edges.name' | translate }}</mat-label>
            <input matInput formControlName="name" maxlength="100" data-testid="edge-name" />
            @if (form.controls.name.invalid && form.controls.name.touched) {
              <mat-error>{{ 'edges.nameRequired' | translate }}</mat-error>
            }
          </mat-form-field>
          @if (error(); as message) {
            <p class="fw-error" role="alert" data-testid="edge-register-error">{{ message }}</p>
          }
        </mat-dialog-content>
        <mat-dialog-actions align="end">
          <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | translate }}</button>
          <button mat-flat-button type="submit" [disabled]="busy()" data-testid="edge-register-submit">
            {{ 'edges.register' | translate }}
          </button>
        </mat-dialog-actions>
      </form>
    }
  `,
  styles: `
    .fw-code {
      display: block;
      padding: 8px;
      overflow-wrap: anywhere;
      font-family: monospace;
      background: rgba(127, 127, 127, 0.12);
      border-radius: 4px;
    }
  `,
})
export class FwEdgeActivationDialog {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly clipboard = inject(Clipboard);
  private readonly ref = inject<MatDialogRef<FwEdgeActivationDialog, boolean>>(MatDialogRef);
  private readonly data = inject<FwEdgeActivationData>(MAT_DIALOG_DATA);

  protected readonly code = signal<EdgeActivationCodeResponse | null>(this.data.code ?? null);
  protected readonly edgeName = signal(this.data.edgeName ?? '');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly copied = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.pattern(/\S/), Validators.maxLength(100)]],
  });

  protected command(): string {
    const c = this.code();
    return c ? edgeStartCommand(this.data.serverUrl, c.code) : '';
  }

  protected async register(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const created = await this.api.createEdge({ name: this.form.getRawValue().name.trim() });
      this.edgeName.set(created.name);
      this.code.set(created.activation);
      // Closing now would lose the code: the dialog stays open until "Done"; the page reloads then.
      this.ref.disableClose = true;
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }

  protected copy(): void {
    this.copied.set(this.clipboard.copy(this.command()));
  }
}
