import { Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { FwTranslatePipe } from '../core/i18n/translate.pipe';

export interface FwConfirmData {
  title: string;
  message: string;
  confirmLabel: string;
}

@Component({
  selector: 'fw-confirm-dialog',
  imports: [MatDialogModule, MatButtonModule, FwTranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>{{ data.message }}</mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button [mat-dialog-close]="false" data-testid="confirm-cancel">
        {{ 'common.cancel' | translate }}
      </button>
      <button mat-flat-button [mat-dialog-close]="true" data-testid="confirm-ok">{{ data.confirmLabel }}</button>
    </mat-dialog-actions>
  `,
})
export class FwConfirmDialog {
  protected readonly data = inject<FwConfirmData>(MAT_DIALOG_DATA);
}

/** Opens the confirm dialog; resolves true only when the user confirms. */
export async function confirmAction(dialog: MatDialog, data: FwConfirmData): Promise<boolean> {
  const ref = dialog.open<FwConfirmDialog, FwConfirmData, boolean>(FwConfirmDialog, { data, width: '420px' });
  return (await firstValueFrom(ref.afterClosed())) === true;
}
