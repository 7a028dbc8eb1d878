import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { Component, type OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { DeviceGroupResponse, MeterReadsQuery } from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';
import { dayBoundary } from '../audit/audit.page';

function day(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The calendar month before `now` (local time) as `yyyy-mm-dd` first and last days. */
export function lastMonth(now: Date): { from: string; to: string } {
  const first = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const last = new Date(now.getFullYear(), now.getMonth(), 0);
  return { from: day(first), to: day(last) };
}

/** Query of the CSV download; null when a day is missing or the period runs backwards. */
export function meterReadsQuery(from: string, to: string, groupId: string): MeterReadsQuery | null {
  const start = dayBoundary(from, false);
  const end = dayBoundary(to, true);
  if (!start || !end || start > end) return null;
  const query: MeterReadsQuery = { from: start, to: end };
  if (groupId) query.groupId = groupId;
  return query;
}

/** Text of a Blob through FileReader (available in every browser the console supports). */
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable error body'));
    reader.readAsText(blob);
  });
}

/**
 * A failed `responseType: 'blob'` call carries its JSON error body as a Blob: parse it so the server's
 * message is shown as for every other call.
 */
export async function withJsonErrorBody(error: unknown): Promise<unknown> {
  if (!(error instanceof HttpErrorResponse) || !(error.error instanceof Blob)) return error;
  try {
    const body: unknown = JSON.parse(await blobText(error.error));
    return new HttpErrorResponse({
      error: body,
      headers: error.headers,
      status: error.status,
      statusText: error.statusText,
      url: error.url ?? undefined,
    });
  } catch {
    return error;
  }
}

/** Download the meter reads of a period as CSV (fetched with the bearer token, saved through a Blob link). */
@Component({
  selector: 'fw-meter-reads-dialog',
  imports: [
    FormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    FwTranslatePipe,
  ],
  template: `
    <h2 mat-dialog-title>{{ 'meterReads.title' | translate }}</h2>
    <form (ngSubmit)="download()">
      <mat-dialog-content class="fw-form">
        <mat-form-field>
          <mat-label>{{ 'meterReads.from' | translate }}</mat-label>
          <input matInput type="date" name="from" [(ngModel)]="from" required data-testid="meter-reads-from" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'meterReads.to' | translate }}</mat-label>
          <input matInput type="date" name="to" [(ngModel)]="to" required data-testid="meter-reads-to" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'devices.group' | translate }}</mat-label>
          <mat-select name="groupId" [(ngModel)]="groupId" data-testid="meter-reads-group">
            <mat-option value="">{{ 'devices.allGroups' | translate }}</mat-option>
            @for (g of groups(); track g.id) {
              <mat-option [value]="g.id">{{ g.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (error(); as message) {
          <p class="fw-error" role="alert" data-testid="meter-reads-error">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | translate }}</button>
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="meter-reads-download">
          {{ 'meterReads.download' | translate }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
})
export class FwMeterReadsDialog implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly document = inject(DOCUMENT);
  private readonly ref = inject<MatDialogRef<FwMeterReadsDialog>>(MatDialogRef);
  protected readonly groups = signal<DeviceGroupResponse[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected from = lastMonth(new Date()).from;
  protected to = lastMonth(new Date()).to;
  protected groupId = '';

  ngOnInit(): void {
    this.api.deviceGroups().then(
      (groups) => this.groups.set(groups),
      () => this.groups.set([]),
    );
  }

  protected async download(): Promise<void> {
    const query = meterReadsQuery(this.from, this.to, this.groupId);
    if (!query) {
      this.error.set(this.i18n.t('meterReads.badPeriod'));
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const blob = await this.api.meterReadsCsv(query);
      const url = URL.createObjectURL(blob);
      const link = this.document.createElement('a');
      link.href = url;
      link.download = `meter-reads-${this.from}-${this.to}.csv`;
      this.document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      this.ref.close(true);
    } catch (e) {
      this.error.set(errorMessage(await withJsonErrorBody(e), this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
