import { Component, type OnDestroy, type OnInit, computed, inject, signal } from '@angular/core';
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
  DeliveryDeviceResponse,
  DeliveryDeviceStatus,
  DeliveryResponse,
  DeviceGroupResponse,
  DeviceListItemResponse,
  DriftResultResponse,
  DriftStatus,
  SettingKey,
  TemplateAssignmentResponse,
  TemplateResponse,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import { type TranslationKey } from '../../core/i18n/en';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorCode, errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { FwSettingsApiService } from '../templates/settings-api.service';
import { hasPerDeviceKeys, settingLabelKey } from '../templates/template-form';
import {
  type AssignmentFormValue,
  type DeliveryFormValue,
  type ReasonGroup,
  assignmentRequest,
  byDeviceName,
  deliveryRequest,
  groupByReason,
  notApplicableLines,
  progressParts,
  reasonLines,
  retryable,
  showValue,
  startingNow,
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

/** The status of a delivery as a person reads it: a "now" delivery not yet picked up is starting. */
export function deliveryStatusKey(d: Pick<DeliveryResponse, 'status' | 'schedule' | 'runs'>): TranslationKey {
  if (startingNow(d)) return 'deliveries.status.starting';
  return `deliveries.status.${d.status}`;
}

/** Which form is open under its section's header. */
type Form = 'delivery' | 'drift';

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
  styles: `
    .fw-panel {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 16px 20px;
      margin-bottom: 24px;
    }
    .fw-panel h2 {
      margin-top: 0;
    }
    .fw-section-header {
      display: flex;
      align-items: center;
      gap: 16px;
      margin-top: 32px;
    }
    .fw-section-header h2 {
      flex: 1 1 auto;
    }
    .fw-pick {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-bottom: 12px;
    }
    .fw-warning {
      color: var(--mat-sys-on-tertiary-container);
      background: var(--mat-sys-tertiary-container);
      padding: 8px 12px;
      border-radius: 8px;
    }
    .fw-actions {
      display: flex;
      gap: 8px;
      align-items: center;
    }
    .fw-reason {
      margin: 2px 0;
    }
    .fw-plain-table {
      border-collapse: collapse;
    }
    .fw-plain-table th,
    .fw-plain-table td {
      text-align: left;
      vertical-align: top;
      padding: 8px 12px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .fw-plain-table th {
      font: var(--mat-sys-title-small);
    }
    .fw-search {
      width: 24rem;
      max-width: 100%;
    }
  `,
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
  protected readonly progressParts = progressParts;
  protected readonly retryable = retryable;
  protected readonly startingNow = startingNow;
  protected readonly assignments = signal<TemplateAssignmentResponse[]>([]);
  protected readonly driftOf = signal<{
    assignment: TemplateAssignmentResponse;
    results: DriftResultResponse[];
  } | null>(null);
  protected readonly columns = ['template', 'status', 'progress', 'nextRunAt', 'createdAt', 'actions'];
  protected readonly deviceColumns = ['device', 'status', 'attempts', 'error', 'finishedAt'];
  protected readonly deliveries = signal<DeliveryResponse[]>([]);
  protected readonly loaded = signal(false);
  protected readonly templates = signal<TemplateResponse[]>([]);
  protected readonly groups = signal<DeviceGroupResponse[]>([]);
  protected readonly selected = signal<DeliveryDetailResponse | null>(null);
  /** The open delivery's device rows, by name. */
  protected readonly selectedRows = computed(() => byDeviceName(this.selected()?.devices.items ?? []));
  /** Errors of the lists (load, retry, cancel, results). */
  protected readonly error = signal<string | null>(null);
  /** Errors of the open form, shown next to its button. */
  protected readonly formError = signal<string | null>(null);
  /**
   * The server refused the delivery because it would cut Fleetward off from devices (DELIVERY_CUTS_OFF_ACCESS): the
   * form then offers to deliver anyway, knowingly; `acceptAccessLoss` is what the user ticked.
   */
  protected readonly accessLossRefused = signal(false);
  protected acceptAccessLoss = false;
  protected readonly openForm = signal<Form | null>(null);
  /** What is being sent: the button stays disabled meanwhile (no delivery created twice by a double click). */
  protected readonly busy = signal<string | null>(null);
  /** Devices found by the name search of the delivery form, and the ones picked from them. */
  protected readonly found = signal<DeviceListItemResponse[] | null>(null);
  protected readonly picked = signal<{ id: string; name: string }[]>([]);
  protected deviceSearch = '';
  private searches = 0;
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
      this.loaded.set(true);
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
      // Without Device Group Management the groups are not listed; devices can still be picked by name.
    }
  }

  protected label(key: SettingKey): string {
    return this.i18n.t(settingLabelKey(key));
  }

  protected reasonText(group: ReasonGroup): string {
    return group.keys.length === 0
      ? group.reason
      : `${group.reason}: ${group.keys.map((k) => this.label(k)).join(', ')}`;
  }

  protected groupNames(ids: readonly string[]): string {
    const byId = new Map(this.groups().map((g) => [g.id, g.name]));
    return ids.map((id) => byId.get(id) ?? id).join(', ');
  }

  protected toggleForm(form: Form): void {
    this.formError.set(null);
    this.accessLossRefused.set(false);
    this.acceptAccessLoss = false;
    this.openForm.set(this.openForm() === form ? null : form);
    if (this.openForm() === 'delivery' && this.found() === null) void this.searchDevices();
  }

  /** The chosen template sets the device name or location while the delivery goes to a group or several devices. */
  protected perDeviceWarning(): string | null {
    const template = this.templates().find((t) => t.id === this.form.templateId);
    if (!template || !hasPerDeviceKeys(template.keys)) return null;
    if (this.form.groupIds.length === 0 && this.picked().length <= 1) return null;
    return this.i18n.t('deliveries.perDeviceWarning', { name: template.name });
  }

  protected async create(): Promise<void> {
    this.formError.set(null);
    if (this.form.templateId === '') {
      this.formError.set(this.i18n.t('deliveries.chooseTemplate'));
      return;
    }
    if (this.form.groupIds.length === 0 && this.picked().length === 0) {
      this.formError.set(this.i18n.t('deliveries.chooseTargets'));
      return;
    }
    this.busy.set('delivery');
    try {
      const ids = this.picked()
        .map((d) => d.id)
        .join(' ');
      const request = deliveryRequest({ ...this.form, deviceIds: ids });
      if (this.accessLossRefused() && this.acceptAccessLoss) request.acceptAccessLoss = true;
      const created = await this.api.createDelivery(request);
      this.accessLossRefused.set(false);
      this.acceptAccessLoss = false;
      this.picked.set([]);
      this.openForm.set(null);
      await this.load();
      this.show(created);
    } catch (e) {
      if (errorCode(e) === 'DELIVERY_CUTS_OFF_ACCESS') this.accessLossRefused.set(true);
      this.formError.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(null);
    }
  }

  /** Finds devices by name (or address) for the delivery form: one page of 20, never the whole fleet. */
  protected async searchDevices(): Promise<void> {
    const search = ++this.searches;
    try {
      const page = await this.core.deviceInventory({ search: this.deviceSearch.trim(), pageSize: 20, sort: 'name' });
      // Only the latest search is shown (an earlier answer may arrive late).
      if (search === this.searches) this.found.set(page.items);
    } catch (e) {
      this.formError.set(errorMessage(e, this.i18n));
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

  protected close(): void {
    this.selected.set(null);
    this.stopRefresh();
  }

  protected async retry(d: DeliveryResponse): Promise<void> {
    await this.act(`retry:${d.id}`, () => this.api.retryDelivery(d.id));
  }

  protected async cancel(d: DeliveryResponse): Promise<void> {
    await this.act(`cancel:${d.id}`, () => this.api.cancelDelivery(d.id));
  }

  /** Creates a drift-check assignment, then runs its first check at once and shows the results. */
  protected async createAssignment(): Promise<void> {
    this.formError.set(null);
    if (this.assignmentForm.templateId === '') {
      this.formError.set(this.i18n.t('deliveries.chooseTemplate'));
      return;
    }
    if (this.assignmentForm.groupIds.length === 0) {
      this.formError.set(this.i18n.t('deliveries.chooseTargets'));
      return;
    }
    this.busy.set('drift');
    try {
      const created = await this.api.createAssignment(assignmentRequest(this.assignmentForm));
      this.openForm.set(null);
      await this.runCheck(created);
    } catch (e) {
      this.formError.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(null);
    }
  }

  protected async showDrift(a: TemplateAssignmentResponse): Promise<void> {
    try {
      this.driftOf.set({ assignment: a, results: byDeviceName(await this.api.driftResults(a.id)) });
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async checkDrift(a: TemplateAssignmentResponse): Promise<void> {
    this.error.set(null);
    this.busy.set(`check:${a.id}`);
    try {
      await this.runCheck(a);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(null);
    }
  }

  private async runCheck(a: TemplateAssignmentResponse): Promise<void> {
    const checked = await this.api.checkDrift(a.id);
    await this.load();
    await this.showDrift(checked);
  }

  /** One line per differing key: "Time zone: expected Europe/Berlin, the device has Europe/Paris". */
  protected differenceText(d: DriftResultResponse['differences'][number]): string {
    const nothing = this.i18n.t('deliveries.drift.noValue');
    return this.i18n.t('deliveries.drift.difference', {
      label: this.label(d.key),
      expected: showValue(d.expected) ?? nothing,
      actual: showValue(d.actual) ?? nothing,
    });
  }

  protected unreadableGroups(r: DriftResultResponse): ReasonGroup[] {
    return groupByReason(r.unreadable);
  }

  protected rowReasons(r: DeliveryDeviceResponse): ReasonGroup[] {
    return reasonLines(r);
  }

  protected notApplicableGroups(r: DeliveryDeviceResponse): ReasonGroup[] {
    return notApplicableLines(r);
  }

  protected notApplicableDriftGroups(r: DriftResultResponse): ReasonGroup[] {
    return groupByReason(r.notApplicable);
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

  private async act(what: string, call: () => Promise<DeliveryDetailResponse>): Promise<void> {
    this.error.set(null);
    this.busy.set(what);
    try {
      this.show(await call());
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(null);
    }
  }

  /** Shows a delivery's detail and keeps its row in the list in step (status, progress, next run). */
  private show(detail: DeliveryDetailResponse): void {
    this.selected.set(detail);
    const { devices: _devices, ...summary } = detail;
    this.deliveries.update((list) => list.map((d) => (d.id === detail.id ? summary : d)));
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
