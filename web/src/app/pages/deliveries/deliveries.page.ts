import { Component, type OnDestroy, type OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type {
  DeliveryDetailResponse,
  DeliveryDeviceStatus,
  DeliveryResponse,
  DeliveryStatus,
  DeviceGroupResponse,
  DeviceListItemResponse,
  DriftResultResponse,
  DriftStatus,
  TemplateAssignmentResponse,
  TemplateResponse,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import { type TranslationKey } from '../../core/i18n/en';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { FwSettingsApiService } from '../templates/settings-api.service';
import {
  type AssignmentFormValue,
  type DeliveryFormValue,
  assignmentRequest,
  deliveryRequest,
  stillRunning,
} from './delivery-form';

/** How often the progress of an open delivery is read again (ms). */
export const PROGRESS_REFRESH_MS = 3000;

export function deviceStatusKey(status: DeliveryDeviceStatus): TranslationKey {
  return `deliveries.deviceStatus.${status}`;
}

export function driftStatusKey(status: DriftStatus): TranslationKey {
  return `deliveries.drift.${status}`;
}

/** One line per differing key: `key: expected → actual`. */
export function driftSummary(result: DriftResultResponse): string[] {
  return result.differences.map((d) => `${d.key}: ${JSON.stringify(d.expected)} → ${JSON.stringify(d.actual)}`);
}

export function deliveryStatusKey(status: DeliveryStatus): TranslationKey {
  return `deliveries.status.${status}`;
}

/** Deliveries: create from a template for devices/groups, now or scheduled; per-device progress; retry, cancel. */
@Component({
  selector: 'fw-deliveries-page',
  imports: [
    FormsModule,
    MatTableModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    MatCheckboxModule,
    MatIconModule,
    FwTranslatePipe,
    FwDatePipe,
  ],
  templateUrl: './deliveries.page.html',
})
export class FwDeliveriesPage implements OnInit, OnDestroy {
  private readonly api = inject(FwSettingsApiService);
  private readonly core = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly auth = inject(FwAuthService);
  private timer: ReturnType<typeof setInterval> | null = null;

  protected readonly canDeliver = this.auth.can(Permission.DeviceManagementRw);
  protected readonly statusKey = deviceStatusKey;
  protected readonly deliveryStatusKey = deliveryStatusKey;
  protected readonly driftStatusKey = driftStatusKey;
  protected readonly driftSummary = driftSummary;
  protected readonly assignments = signal<TemplateAssignmentResponse[]>([]);
  protected readonly driftOf = signal<{
    assignment: TemplateAssignmentResponse;
    results: DriftResultResponse[];
  } | null>(null);
  protected readonly columns = ['template', 'status', 'progress', 'nextRunAt', 'createdAt', 'actions'];
  protected readonly deviceColumns = ['device', 'status', 'attempts', 'error', 'finishedAt'];
  protected readonly deliveries = signal<DeliveryResponse[]>([]);
  protected readonly templates = signal<TemplateResponse[]>([]);
  protected readonly groups = signal<DeviceGroupResponse[]>([]);
  protected readonly selected = signal<DeliveryDetailResponse | null>(null);
  protected readonly error = signal<string | null>(null);
  /** Devices found by the name search of the delivery form, and the ones picked from them. */
  protected readonly found = signal<DeviceListItemResponse[]>([]);
  protected readonly picked = signal<{ id: string; name: string }[]>([]);
  protected deviceSearch = '';
  protected form: DeliveryFormValue = {
    templateId: '',
    groupIds: [],
    deviceIds: '',
    when: 'now',
    at: '',
    everyHours: 24,
    maxAttempts: 1,
    backoffMinutes: 5,
  };

  protected assignmentForm: AssignmentFormValue = {
    templateId: '',
    groupIds: [],
    everyHours: 24,
    start: '',
    autoEnforce: false,
  };

  ngOnInit(): void {
    void this.load();
    if (this.canDeliver) void this.loadChoices();
  }

  ngOnDestroy(): void {
    this.stopRefresh();
  }

  protected async load(): Promise<void> {
    try {
      const [deliveries, assignments] = await Promise.all([this.api.deliveries(), this.api.assignments()]);
      this.deliveries.set(deliveries);
      this.assignments.set(assignments);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  private async loadChoices(): Promise<void> {
    try {
      const [templates, groups] = await Promise.all([this.api.templates(), this.core.deviceGroups()]);
      this.templates.set(templates);
      this.groups.set(groups);
    } catch {
      // Without Device Group Management the groups are not listed; devices can still be named by id.
    }
  }

  protected async create(): Promise<void> {
    this.error.set(null);
    try {
      const ids = [this.form.deviceIds, ...this.picked().map((d) => d.id)].join(' ');
      const created = await this.api.createDelivery(deliveryRequest({ ...this.form, deviceIds: ids }));
      this.picked.set([]);
      await this.load();
      this.show(created);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  /** Finds devices by name (or address) for the delivery form: one page of 20, never the whole fleet. */
  protected async searchDevices(): Promise<void> {
    try {
      const page = await this.core.deviceInventory({ search: this.deviceSearch.trim(), pageSize: 20, sort: 'name' });
      this.found.set(page.items);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected pick(device: DeviceListItemResponse): void {
    if (this.picked().some((d) => d.id === device.id)) return;
    this.picked.update((list) => [...list, { id: device.id, name: device.name }]);
  }

  protected unpick(id: string): void {
    this.picked.update((list) => list.filter((d) => d.id !== id));
  }

  protected async open(d: DeliveryResponse): Promise<void> {
    try {
      this.show(await this.api.delivery(d.id));
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async retry(d: DeliveryResponse): Promise<void> {
    await this.act(() => this.api.retryDelivery(d.id));
  }

  protected async cancel(d: DeliveryResponse): Promise<void> {
    await this.act(() => this.api.cancelDelivery(d.id));
  }

  /** Creates a drift-check assignment, then runs its first check at once and shows the results. */
  protected async createAssignment(): Promise<void> {
    this.error.set(null);
    try {
      const created = await this.api.createAssignment(assignmentRequest(this.assignmentForm));
      await this.checkDrift(created);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async showDrift(a: TemplateAssignmentResponse): Promise<void> {
    try {
      this.driftOf.set({ assignment: a, results: await this.api.driftResults(a.id) });
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async checkDrift(a: TemplateAssignmentResponse): Promise<void> {
    this.error.set(null);
    try {
      const checked = await this.api.checkDrift(a.id);
      await this.load();
      await this.showDrift(checked);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  /** Reads the shown delivery again (the refresh timer's call). */
  async refresh(): Promise<void> {
    const current = this.selected();
    if (!current) return;
    try {
      this.show(await this.api.delivery(current.id));
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
      this.stopRefresh();
    }
  }

  private async act(call: () => Promise<DeliveryDetailResponse>): Promise<void> {
    this.error.set(null);
    try {
      this.show(await call());
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  private show(detail: DeliveryDetailResponse): void {
    this.selected.set(detail);
    if (stillRunning(detail.status)) {
      this.timer ??= setInterval(() => void this.refresh(), PROGRESS_REFRESH_MS);
    } else {
      this.stopRefresh();
    }
  }

  private stopRefresh(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
