import { Component, computed, inject, signal, type OnDestroy, type OnInit } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import {
  DEVICE_SORT_FIELDS,
  DEVICE_STATES,
  type DeviceGroupResponse,
  type DeviceInventoryQuery,
  type DeviceListItemResponse,
  type DeviceSortField,
  type DeviceState,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { firstValueFrom } from 'rxjs';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import { userHasPermission } from '../../core/auth/permissions';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { FwModelPipe } from '../../shared/device-model.pipe';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { FwDeviceFormDialog, type FwDeviceFormData } from './device-form.dialog';
import { deviceStateClass, deviceStateKey } from './device-labels';
import { FwDiscoverDevicesDialog } from './discover-devices.dialog';
import { FwMeterReadsDialog } from './meter-reads.dialog';

/** Wait this long after the last keystroke before searching. */
export const SEARCH_DEBOUNCE_MS = 300;

export interface FwDeviceListState {
  page: number;
  pageSize: number;
  sort: DeviceSortField | null;
  order: 'asc' | 'desc';
  status: DeviceState | '';
  groupId: string;
  search: string;
}

/** The query for one page of the inventory: only what is set goes to the server. */
export function deviceListQuery(state: FwDeviceListState): DeviceInventoryQuery {
  const query: DeviceInventoryQuery = { page: state.page, pageSize: state.pageSize };
  if (state.sort) {
    query.sort = state.sort;
    query.order = state.order;
  }
  if (state.status) query.status = state.status;
  if (state.groupId) query.groupId = state.groupId;
  const search = state.search.trim();
  if (search) query.search = search;
  return query;
}

function isSortField(value: string): value is DeviceSortField {
  return (DEVICE_SORT_FIELDS as readonly string[]).includes(value);
}

@Component({
  selector: 'fw-devices-page',
  imports: [
    FormsModule,
    RouterLink,
    MatTableModule,
    MatSortModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    MatIconModule,
    FwTranslatePipe,
    FwDatePipe,
    FwModelPipe,
  ],
  templateUrl: './devices.page.html',
})
export class FwDevicesPage implements OnInit, OnDestroy {
  private readonly api = inject(FwApiService);
  private readonly auth = inject(FwAuthService);
  private readonly dialog = inject(MatDialog);
  private readonly i18n = inject(FwI18nService);

  protected readonly columns = ['name', 'address', 'model', 'status', 'lastSeen'];
  protected readonly states = DEVICE_STATES;
  protected readonly stateKey = deviceStateKey;
  protected readonly stateClass = deviceStateClass;
  protected readonly devices = signal<DeviceListItemResponse[]>([]);
  protected readonly groups = signal<DeviceGroupResponse[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly state = signal<FwDeviceListState>({
    page: 1,
    pageSize: 50,
    sort: 'name',
    order: 'asc',
    status: '',
    groupId: '',
    search: '',
  });
  protected readonly canWrite = computed(() => userHasPermission(this.auth.user(), Permission.DeviceManagementRw));
  protected searchText = '';
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Answers of older requests are dropped when a newer one was sent meanwhile. */
  private requestSeq = 0;

  ngOnInit(): void {
    void this.load();
    void this.loadGroups();
  }

  ngOnDestroy(): void {
    clearTimeout(this.searchTimer);
  }

  protected async load(): Promise<void> {
    const seq = ++this.requestSeq;
    this.loading.set(true);
    this.error.set(null);
    try {
      const result = await this.api.deviceInventory(deviceListQuery(this.state()));
      if (seq !== this.requestSeq) return;
      this.devices.set(result.items);
      this.total.set(result.total);
    } catch (e) {
      if (seq === this.requestSeq) this.error.set(errorMessage(e, this.i18n));
    } finally {
      if (seq === this.requestSeq) this.loading.set(false);
    }
  }

  private async loadGroups(): Promise<void> {
    try {
      this.groups.set(await this.api.deviceGroups());
    } catch {
      // The group filter stays empty; the list itself still works.
      this.groups.set([]);
    }
  }

  private update(change: Partial<FwDeviceListState>): void {
    this.state.update((s) => ({ ...s, ...change }));
    void this.load();
  }

  protected changePage(event: PageEvent): void {
    this.update({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  protected changeSort(sort: Sort): void {
    if (sort.direction === '' || !isSortField(sort.active)) this.update({ sort: null, order: 'asc', page: 1 });
    else this.update({ sort: sort.active, order: sort.direction, page: 1 });
  }

  protected changeStatus(status: DeviceState | ''): void {
    this.update({ status, page: 1 });
  }

  protected changeGroup(groupId: string): void {
    this.update({ groupId, page: 1 });
  }

  /** Debounced: typing fires one request after the user pauses. */
  protected searchChanged(text: string): void {
    this.searchText = text;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.searchNow(), SEARCH_DEBOUNCE_MS);
  }

  protected searchNow(): void {
    clearTimeout(this.searchTimer);
    if (this.searchText.trim() === this.state().search.trim()) return;
    this.update({ search: this.searchText, page: 1 });
  }

  protected async openForm(): Promise<void> {
    const ref = this.dialog.open<FwDeviceFormDialog, FwDeviceFormData, unknown>(FwDeviceFormDialog, {
      data: {},
      width: '560px',
    });
    if (await firstValueFrom(ref.afterClosed())) await this.load();
  }

  /** Discover devices through an edge and add the chosen ones; the list reloads when some were added. */
  protected async openDiscover(): Promise<void> {
    const ref = this.dialog.open<FwDiscoverDevicesDialog, undefined, boolean>(FwDiscoverDevicesDialog, {
      width: '860px',
      autoFocus: 'dialog',
    });
    if (await firstValueFrom(ref.afterClosed())) await this.load();
  }

  protected openMeterReads(): void {
    this.dialog.open(FwMeterReadsDialog, { width: '440px' });
  }
}
