import { Component, type OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { DeviceGroupResponse, DeviceSummaryResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { firstValueFrom } from 'rxjs';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog';
import { errorMessage } from '../../shared/error-message';
import { openFormDialog } from '../../shared/form-dialog';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { FwGroupAlertsDialog } from './group-alerts.dialog';
import { FwGroupPollingDialog } from './group-polling.dialog';

/** The API's largest page (PageQueryDto). */
export const MAX_PAGE_SIZE = 500;

@Component({
  selector: 'fw-device-groups-page',
  imports: [
    FormsModule,
    MatTableModule,
    MatButtonModule,
    MatIconModule,
    MatCardModule,
    MatSelectModule,
    MatFormFieldModule,
    MatTooltipModule,
    FwTranslatePipe,
    FwDatePipe,
  ],
  templateUrl: './device-groups.page.html',
})
export class FwDeviceGroupsPage implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly i18n = inject(FwI18nService);
  protected readonly auth = inject(FwAuthService);

  protected readonly columns = ['name', 'description', 'deviceCount', 'updatedAt', 'actions'];
  protected readonly deviceColumns = ['name', 'address', 'actions'];
  protected readonly groups = signal<DeviceGroupResponse[]>([]);
  protected readonly selected = signal<DeviceGroupResponse | null>(null);
  protected readonly members = signal<DeviceSummaryResponse[]>([]);
  protected readonly membersTotal = signal(0);
  protected readonly allDevices = signal<DeviceSummaryResponse[]>([]);
  /** More devices exist than one page holds; the add list shows the first page only. */
  protected readonly devicesTruncated = signal(false);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly canSeeDevices = this.auth.can(Permission.DeviceManagementRo);
  protected readonly canCreateDevices = this.auth.can(Permission.DeviceManagementRw);
  protected toAdd: string[] = [];

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.groups.set(await this.api.deviceGroups());
      const current = this.selected();
      if (current) this.selected.set(this.groups().find((g) => g.id === current.id) ?? null);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.loading.set(false);
    }
  }

  protected async create(): Promise<void> {
    const created = await openFormDialog(this.dialog, {
      title: this.i18n.t('deviceGroups.createTitle'),
      submitLabel: 'common.create',
      fields: [
        { name: 'name', label: 'deviceGroups.name', required: true, maxLength: 100 },
        { name: 'description', label: 'deviceGroups.description', type: 'multiline', maxLength: 500 },
      ],
      submit: (v) => this.api.createDeviceGroup({ name: v['name'] ?? '', description: v['description'] ?? '' }),
    });
    if (created) {
      this.snack.open(this.i18n.t('deviceGroups.created', { name: created.name }), undefined, { duration: 4000 });
      await this.load();
    }
  }

  /** Poll interval overrides of a group. */
  protected async pollingSettings(group: DeviceGroupResponse): Promise<void> {
    const ref = this.dialog.open<FwGroupPollingDialog, DeviceGroupResponse, boolean>(FwGroupPollingDialog, {
      data: group,
      width: '480px',
      autoFocus: 'dialog',
    });
    if (await firstValueFrom(ref.afterClosed())) {
      this.snack.open(this.i18n.t('groupPolling.saved', { name: group.name }), undefined, { duration: 4000 });
    }
  }

  /** Alert recipients and policy override of a group. */
  protected async alertSettings(group: DeviceGroupResponse): Promise<void> {
    const ref = this.dialog.open<FwGroupAlertsDialog, DeviceGroupResponse, boolean>(FwGroupAlertsDialog, {
      data: group,
      width: '640px',
      // The form appears after its data loads: focusing the container avoids moving the focus while the user types.
      autoFocus: 'dialog',
    });
    if (await firstValueFrom(ref.afterClosed())) {
      this.snack.open(this.i18n.t('groupAlerts.saved', { name: group.name }), undefined, { duration: 4000 });
    }
  }

  protected async edit(group: DeviceGroupResponse): Promise<void> {
    const saved = await openFormDialog(this.dialog, {
      title: this.i18n.t('deviceGroups.editTitle', { name: group.name }),
      submitLabel: 'common.save',
      fields: [
        { name: 'name', label: 'deviceGroups.name', required: true, maxLength: 100, value: group.name },
        {
          name: 'description',
          label: 'deviceGroups.description',
          type: 'multiline',
          maxLength: 500,
          value: group.description,
        },
      ],
      submit: (v) => this.api.updateDeviceGroup(group.id, { name: v['name'], description: v['description'] }),
    });
    if (saved) await this.load();
  }

  protected async remove(group: DeviceGroupResponse): Promise<void> {
    const ok = await confirmAction(this.dialog, {
      title: this.i18n.t('deviceGroups.deleteTitle'),
      message: this.i18n.t('deviceGroups.deleteConfirm', { name: group.name }),
      confirmLabel: this.i18n.t('common.delete'),
    });
    if (!ok) return;
    try {
      await this.api.deleteDeviceGroup(group.id);
      if (this.selected()?.id === group.id) this.selected.set(null);
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async open(group: DeviceGroupResponse): Promise<void> {
    this.selected.set(group);
    this.toAdd = [];
    await this.loadMembers();
  }

  private async loadMembers(): Promise<void> {
    const group = this.selected();
    if (!group) return;
    try {
      const members = await this.api.deviceGroupDevices(group.id, { pageSize: MAX_PAGE_SIZE });
      this.members.set(members.items);
      this.membersTotal.set(members.total);
      if (this.canSeeDevices) {
        const all = await this.api.devices({ pageSize: MAX_PAGE_SIZE });
        this.allDevices.set(all.items);
        this.devicesTruncated.set(all.total > all.items.length);
      }
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected candidates(): DeviceSummaryResponse[] {
    const inGroup = new Set(this.members().map((d) => d.id));
    return this.allDevices().filter((d) => !inGroup.has(d.id));
  }

  protected async addDevices(): Promise<void> {
    const group = this.selected();
    if (!group || this.toAdd.length === 0) return;
    try {
      await this.api.addDevicesToGroup(group.id, this.toAdd);
      this.toAdd = [];
      await Promise.all([this.loadMembers(), this.load()]);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async removeDevice(device: DeviceSummaryResponse): Promise<void> {
    const group = this.selected();
    if (!group) return;
    try {
      await this.api.removeDeviceFromGroup(group.id, device.id);
      await Promise.all([this.loadMembers(), this.load()]);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async createDevice(): Promise<void> {
    const group = this.selected();
    const created = await openFormDialog(this.dialog, {
      title: this.i18n.t('devices.createTitle'),
      submitLabel: 'common.create',
      fields: [
        { name: 'name', label: 'devices.name', required: true, maxLength: 100 },
        { name: 'address', label: 'devices.address', required: true, maxLength: 255, hint: 'devices.addressHint' },
      ],
      submit: (v) =>
        this.api.createDevice({
          name: v['name'] ?? '',
          address: v['address'] ?? '',
          ...(group ? { groupIds: [group.id] } : {}),
        }),
    });
    if (created) await Promise.all([this.loadMembers(), this.load()]);
  }
}
