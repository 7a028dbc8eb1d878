import { Component, type OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type { AuditEntryResponse, AuditQuery } from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';

/** `yyyy-mm-dd` from a date input → ISO instant at the start (or end) of that local day. */
export function dayBoundary(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  return date.toISOString();
}

@Component({
  selector: 'fw-audit-page',
  imports: [
    FormsModule,
    MatTableModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    MatIconModule,
    FwTranslatePipe,
    FwDatePipe,
  ],
  templateUrl: './audit.page.html',
})
export class FwAuditPage implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);

  protected readonly columns = ['at', 'actor', 'action', 'target', 'outcome', 'ip'];
  protected readonly entries = signal<AuditEntryResponse[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(1);
  protected readonly pageSize = signal(50);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected action = '';
  protected outcome: '' | 'success' | 'failure' = '';
  protected from = '';
  protected to = '';

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    const query: AuditQuery = { page: this.page(), pageSize: this.pageSize() };
    if (this.action.trim()) query.action = this.action.trim();
    if (this.outcome) query.outcome = this.outcome;
    const from = dayBoundary(this.from, false);
    const to = dayBoundary(this.to, true);
    if (from) query.from = from;
    if (to) query.to = to;
    try {
      const result = await this.api.audit(query);
      this.entries.set(result.items);
      this.total.set(result.total);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.loading.set(false);
    }
  }

  protected async applyFilters(): Promise<void> {
    this.page.set(1);
    await this.load();
  }

  protected async changePage(event: PageEvent): Promise<void> {
    this.page.set(event.pageIndex + 1);
    this.pageSize.set(event.pageSize);
    await this.load();
  }
}
