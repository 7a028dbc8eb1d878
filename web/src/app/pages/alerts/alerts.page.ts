import { Component, type OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import {
  ALERT_SEVERITIES,
  ALERT_STATES,
  type AlertListQuery,
  type AlertResponse,
  type AlertSeverityName,
  type AlertStateName,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import { type TranslationKey } from '../../core/i18n/en';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { FwAlertSummaryPipe } from '../../shared/alert-summary.pipe';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';

export interface AlertFilters {
  page: number;
  pageSize: number;
  state: AlertStateName | '';
  severity: AlertSeverityName | '';
}

/** The alert list request for the page's filters (only what is set). */
export function alertListQuery(filters: AlertFilters): AlertListQuery {
  const query: AlertListQuery = { page: filters.page, pageSize: filters.pageSize };
  if (filters.state) query.state = filters.state;
  if (filters.severity) query.severity = filters.severity;
  return query;
}

export function alertStateKey(state: AlertStateName): TranslationKey {
  return `alerts.state.${state}`;
}

export function alertSeverityKey(severity: AlertSeverityName): TranslationKey {
  return `alerts.severity.${severity}`;
}

/** CSS class of a severity chip (the device state colours). */
export function alertSeverityClass(severity: AlertSeverityName): string {
  return `fw-state fw-state-${severity === 'critical' ? 'error' : 'warning'}`;
}

@Component({
  selector: 'fw-alerts-page',
  imports: [
    FormsModule,
    RouterLink,
    MatTableModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatSelectModule,
    MatButtonModule,
    MatIconModule,
    MatTooltipModule,
    FwTranslatePipe,
    FwDatePipe,
    FwAlertSummaryPipe,
  ],
  templateUrl: './alerts.page.html',
})
export class FwAlertsPage implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly auth = inject(FwAuthService);

  protected readonly states = ALERT_STATES;
  protected readonly stateKey = alertStateKey;
  protected readonly severityKey = alertSeverityKey;
  protected readonly severityClass = alertSeverityClass;
  protected readonly severities = ALERT_SEVERITIES;
  protected readonly canChange = this.auth.can(Permission.DeviceManagementRw);
  protected readonly columns = this.canChange
    ? ['openedAt', 'severity', 'target', 'summary', 'state', 'handled', 'actions']
    : ['openedAt', 'severity', 'target', 'summary', 'state', 'handled'];
  protected readonly alerts = signal<AlertResponse[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(1);
  protected readonly pageSize = signal(50);
  protected readonly loading = signal(false);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected state: AlertStateName | '' = 'open';
  protected severity: AlertSeverityName | '' = '';

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const result = await this.api.alerts(
        alertListQuery({ page: this.page(), pageSize: this.pageSize(), state: this.state, severity: this.severity }),
      );
      this.alerts.set(result.items);
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

  protected async acknowledge(alert: AlertResponse): Promise<void> {
    await this.change(alert, () => this.api.acknowledgeAlert(alert.id));
  }

  protected async resolve(alert: AlertResponse): Promise<void> {
    await this.change(alert, () => this.api.resolveAlert(alert.id));
  }

  private async change(alert: AlertResponse, action: () => Promise<AlertResponse>): Promise<void> {
    this.busy.set(alert.id);
    this.error.set(null);
    try {
      const updated = await action();
      this.alerts.update((list) => list.map((a) => (a.id === updated.id ? updated : a)));
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(null);
    }
  }
}
