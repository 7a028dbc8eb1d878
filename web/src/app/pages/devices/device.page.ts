import { Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import {
  METER_TYPES,
  type CounterReadingResponse,
  type DeviceDetailResponse,
  type DeviceGroupResponse,
  type EdgeSummaryResponse,
  type MeterType,
  type StatusChangeResponse,
  type SupplyReadingResponse,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { firstValueFrom } from 'rxjs';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import { userHasPermission } from '../../core/auth/permissions';
import { type TranslationKey } from '../../core/i18n/en';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { FwDeviceFormDialog, type FwDeviceFormData } from './device-form.dialog';
import { HISTORY_PERIODS, counterSeries, historyRange, supplySeries, type FwHistoryPeriod } from './device-history';
import { deviceStateClass, deviceStateKey, printerErrorKey, supplyStateKey } from './device-labels';
import { FwLineChart } from './line-chart.component';
import { FwSupplyBar } from './supply-bar.component';

/** One device: identity, status, supplies, trays, counters, history charts (`/devices/:id`). */
@Component({
  selector: 'fw-device-page',
  imports: [
    RouterLink,
    MatCardModule,
    MatTableModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    FwTranslatePipe,
    FwDatePipe,
    FwSupplyBar,
    FwLineChart,
  ],
  templateUrl: './device.page.html',
  styleUrl: './device.page.scss',
})
export class FwDevicePage {
  private readonly api = inject(FwApiService);
  private readonly auth = inject(FwAuthService);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly i18n = inject(FwI18nService);

  /** Route parameter `:id` (component input binding). */
  readonly id = input.required<string>();

  protected readonly periods = HISTORY_PERIODS;
  protected readonly meterTypes = METER_TYPES;
  protected readonly stateKey = deviceStateKey;
  protected readonly stateClass = deviceStateClass;
  protected readonly errorKey = printerErrorKey;
  protected readonly supplyStateKey = supplyStateKey;
  protected readonly device = signal<DeviceDetailResponse | null>(null);
  protected readonly groups = signal<DeviceGroupResponse[]>([]);
  protected readonly edges = signal<EdgeSummaryResponse[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly period = signal<FwHistoryPeriod>(30);
  protected readonly counterReadings = signal<CounterReadingResponse[]>([]);
  protected readonly supplyReadings = signal<SupplyReadingResponse[]>([]);
  protected readonly statusChanges = signal<StatusChangeResponse[]>([]);
  protected readonly historyError = signal<string | null>(null);
  protected readonly canWrite = computed(() => userHasPermission(this.auth.user(), Permission.DeviceManagementRw));
  protected readonly groupNames = computed(() => {
    const d = this.device();
    if (!d) return [];
    const names = new Map(this.groups().map((g) => [g.id, g.name]));
    return d.groupIds.map((id) => names.get(id) ?? id);
  });
  protected readonly edgeName = computed(() => {
    const edgeId = this.device()?.edgeId;
    if (!edgeId) return null;
    return this.edges().find((e) => e.id === edgeId)?.name ?? edgeId;
  });
  protected readonly counterChart = computed(() =>
    counterSeries(this.counterReadings()).map(({ type, series }) => ({
      ...series,
      label: this.i18n.t(this.meterKey(type)),
    })),
  );
  protected readonly supplyChart = computed(() => supplySeries(this.supplyReadings()));
  /** Newest first for reading. */
  protected readonly statusList = computed(() => [...this.statusChanges()].reverse());

  constructor() {
    effect(() => {
      const id = this.id();
      void this.load(id);
    });
    effect(() => {
      const id = this.id();
      void this.loadHistory(id, this.period());
    });
    this.api.deviceGroups().then(
      (g) => this.groups.set(g),
      () => this.groups.set([]),
    );
    this.api.edges().then(
      (e) => this.edges.set(e),
      () => this.edges.set([]),
    );
  }

  protected meterKey(type: MeterType): TranslationKey {
    return `devices.meter.${type}`;
  }

  protected async load(id: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.device.set(await this.api.device(id));
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.loading.set(false);
    }
  }

  protected async loadHistory(id: string, days: FwHistoryPeriod): Promise<void> {
    const range = historyRange(days, new Date());
    this.historyError.set(null);
    try {
      const [counters, supplies, status] = await Promise.all([
        this.api.counterHistory(id, range),
        this.api.supplyHistory(id, range),
        this.api.statusHistory(id, range),
      ]);
      if (id !== this.id() || days !== this.period()) return;
      this.counterReadings.set(counters.items);
      this.supplyReadings.set(supplies.items);
      this.statusChanges.set(status.items);
    } catch (e) {
      this.historyError.set(errorMessage(e, this.i18n));
    }
  }

  protected choosePeriod(value: unknown): void {
    if (value === 7 || value === 30 || value === 90) this.period.set(value);
  }

  protected async edit(): Promise<void> {
    const device = this.device();
    if (!device) return;
    const ref = this.dialog.open<FwDeviceFormDialog, FwDeviceFormData, DeviceDetailResponse>(FwDeviceFormDialog, {
      data: { device },
      width: '560px',
    });
    const saved = await firstValueFrom(ref.afterClosed());
    if (!saved) return;
    this.device.set(saved);
    this.snack.open(this.i18n.t('devices.updated', { name: saved.name }), undefined, { duration: 4000 });
  }

  protected async remove(): Promise<void> {
    const device = this.device();
    if (!device) return;
    const ok = await confirmAction(this.dialog, {
      title: this.i18n.t('devices.deleteTitle'),
      message: this.i18n.t('devices.deleteConfirm', { name: device.name }),
      confirmLabel: this.i18n.t('common.delete'),
    });
    if (!ok) return;
    try {
      await this.api.deleteDevice(device.id);
      this.snack.open(this.i18n.t('devices.deleted', { name: device.name }), undefined, { duration: 4000 });
      await this.router.navigate(['/devices']);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }
}
