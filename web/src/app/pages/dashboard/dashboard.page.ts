import { Component, computed, inject, signal, type OnInit } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import {
  DEVICE_STATES,
  type AlertResponse,
  type DeviceState,
  type EdgeSummaryResponse,
  type SystemInfoResponse,
} from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { FwAlertSummaryPipe } from '../../shared/alert-summary.pipe';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { alertSeverityClass, alertSeverityKey } from '../alerts/alerts.page';
import { deviceStateClass, deviceStateKey } from '../devices/device-labels';

/** Open alerts fetched for the dashboard: one page, newest first (the count comes from its total). */
export const DASHBOARD_ALERT_PAGE = 50;
/** How many of the newest open alerts the dashboard lists. */
export const DASHBOARD_LATEST = 5;

export interface StateCount {
  state: DeviceState;
  count: number;
}

/** Dashboard (landing page with Device Management RO): a few cheap requests, each a count or one small page. */
@Component({
  selector: 'fw-dashboard-page',
  imports: [MatCardModule, MatIconModule, RouterLink, FwTranslatePipe, FwDatePipe, FwAlertSummaryPipe],
  templateUrl: './dashboard.page.html',
})
export class FwDashboardPage implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  protected readonly auth = inject(FwAuthService);

  protected readonly stateKey = deviceStateKey;
  protected readonly stateClass = deviceStateClass;
  protected readonly severityKey = alertSeverityKey;
  protected readonly severityClass = alertSeverityClass;
  protected readonly totalDevices = signal<number | null>(null);
  protected readonly stateCounts = signal<StateCount[]>([]);
  protected readonly openAlerts = signal<AlertResponse[]>([]);
  protected readonly openAlertTotal = signal<number | null>(null);
  protected readonly edges = signal<EdgeSummaryResponse[] | null>(null);
  protected readonly info = signal<SystemInfoResponse | null>(null);
  protected readonly infoError = signal<string | null>(null);
  protected readonly devicesError = signal<string | null>(null);
  protected readonly alertsError = signal<string | null>(null);
  protected readonly edgesError = signal<string | null>(null);
  protected readonly latestAlerts = computed(() => this.openAlerts().slice(0, DASHBOARD_LATEST));
  /** Every part answered (or failed): lets the browser test wait for a quiet page. */
  protected readonly loaded = computed(
    () =>
      (this.info() !== null || this.infoError() !== null) &&
      (this.totalDevices() !== null || this.devicesError() !== null) &&
      (this.openAlertTotal() !== null || this.alertsError() !== null) &&
      (this.edges() !== null || this.edgesError() !== null),
  );
  protected readonly lowSupplies = computed(() => this.openAlerts().filter((a) => a.rule === 'supplyLow'));

  ngOnInit(): void {
    void this.loadDevices();
    void this.loadAlerts();
    void this.loadEdges();
    void this.loadInfo();
  }

  private async loadInfo(): Promise<void> {
    try {
      this.info.set(await this.api.systemInfo());
    } catch (e) {
      this.infoError.set(errorMessage(e, this.i18n));
    }
  }

  private async loadDevices(): Promise<void> {
    try {
      const [all, ...perState] = await Promise.all([
        this.api.deviceInventory({ page: 1, pageSize: 1 }),
        ...DEVICE_STATES.map((status) => this.api.deviceInventory({ page: 1, pageSize: 1, status })),
      ]);
      this.totalDevices.set(all.total);
      this.stateCounts.set(DEVICE_STATES.map((state, i) => ({ state, count: perState[i]?.total ?? 0 })));
    } catch (e) {
      this.devicesError.set(errorMessage(e, this.i18n));
    }
  }

  private async loadAlerts(): Promise<void> {
    try {
      const page = await this.api.alerts({ state: 'open', page: 1, pageSize: DASHBOARD_ALERT_PAGE });
      this.openAlerts.set(page.items);
      this.openAlertTotal.set(page.total);
    } catch (e) {
      this.alertsError.set(errorMessage(e, this.i18n));
    }
  }

  private async loadEdges(): Promise<void> {
    try {
      this.edges.set(await this.api.edges());
    } catch (e) {
      this.edgesError.set(errorMessage(e, this.i18n));
    }
  }
}
