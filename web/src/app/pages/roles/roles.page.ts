import { Component, inject, signal, type OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { DeviceGroupResponse, EdgeSummaryResponse, RoleResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { firstValueFrom } from 'rxjs';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog';
import { errorMessage } from '../../shared/error-message';
import { FwRoleFormDialog, type FwRoleFormData } from './role-form.dialog';
import { FwRoleUsersDialog, type FwRoleUsersData } from './role-users.dialog';

@Component({
  selector: 'fw-roles-page',
  imports: [MatTableModule, MatButtonModule, MatIconModule, MatChipsModule, MatTooltipModule, FwTranslatePipe],
  templateUrl: './roles.page.html',
})
export class FwRolesPage implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly auth = inject(FwAuthService);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly i18n = inject(FwI18nService);

  protected readonly columns = ['name', 'permissions', 'scope', 'people', 'actions'];
  protected readonly roles = signal<RoleResponse[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  private groups: DeviceGroupResponse[] = [];
  private edges: EdgeSummaryResponse[] = [];

  ngOnInit(): void {
    // Fresh rights of the current user: the dialogs offer options from them.
    void Promise.all([this.load(), this.loadScope(), this.auth.reloadUser().catch(() => undefined)]);
  }

  protected permissionLabel(p: Permission): `permission.${Permission}` {
    return `permission.${p}`;
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.roles.set(await this.api.roles());
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.loading.set(false);
    }
  }

  /** Names for group and edge choices; without the permission to list them the dialogs show ids. */
  private async loadScope(): Promise<void> {
    const [groups, edges] = await Promise.all([
      this.auth.can(Permission.DeviceGroupManagement) ? this.api.deviceGroups().catch(() => []) : Promise.resolve([]),
      this.api.edges().catch(() => []),
    ]);
    this.groups = groups;
    this.edges = edges;
  }

  protected async openForm(role: RoleResponse, mode: 'copy' | 'edit'): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    const ref = this.dialog.open<FwRoleFormDialog, FwRoleFormData, RoleResponse>(FwRoleFormDialog, {
      data: { mode, role, user, known: { deviceGroups: this.groups, edges: this.edges } },
      width: '560px',
    });
    const saved = await firstValueFrom(ref.afterClosed());
    if (!saved) return;
    this.snack.open(this.i18n.t(mode === 'copy' ? 'roles.copied' : 'roles.updated', { name: saved.name }), undefined, {
      duration: 4000,
    });
    await this.load();
  }

  protected async openUsers(role: RoleResponse, kind: 'administrators' | 'members'): Promise<void> {
    const ref = this.dialog.open<FwRoleUsersDialog, FwRoleUsersData, RoleResponse>(FwRoleUsersDialog, {
      data: { role, kind },
      width: '480px',
    });
    if (await firstValueFrom(ref.afterClosed())) await this.load();
  }

  protected async remove(role: RoleResponse): Promise<void> {
    const ok = await confirmAction(this.dialog, {
      title: this.i18n.t('roles.deleteTitle'),
      message: this.i18n.t('roles.deleteConfirm', { name: role.name }),
      confirmLabel: this.i18n.t('common.delete'),
    });
    if (!ok) return;
    try {
      await this.api.deleteRole(role.id);
      this.snack.open(this.i18n.t('roles.deleted', { name: role.name }), undefined, { duration: 4000 });
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }
}
