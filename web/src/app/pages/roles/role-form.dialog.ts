import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CopyRoleRequest, CurrentUserResponse, RoleResponse, UpdateRoleRequest } from '@fleetward/contracts';
import { type Permission } from '@fleetward/domain';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';
import { type FwKnownScope, copyRoleOptions, editRoleOptions } from './role-options';

export interface FwRoleFormData {
  mode: 'copy' | 'edit';
  role: RoleResponse;
  user: CurrentUserResponse;
  known: FwKnownScope;
}

function toggled<T>(set: ReadonlySet<T>, value: T, on: boolean): Set<T> {
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next;
}

/**
 * Copy or edit a role. Offers only what the role rules allow (see role-options.ts); the API checks
 * the same rules and its refusal is shown as sent.
 */
@Component({
  selector: 'fw-role-form-dialog',
  imports: [
    FormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatCheckboxModule,
    MatButtonModule,
    FwTranslatePipe,
  ],
  templateUrl: './role-form.dialog.html',
  styleUrl: './role-form.dialog.scss',
})
export class FwRoleFormDialog {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly ref = inject<MatDialogRef<FwRoleFormDialog, RoleResponse>>(MatDialogRef);
  protected readonly data = inject<FwRoleFormData>(MAT_DIALOG_DATA);
  protected readonly options =
    this.data.mode === 'copy'
      ? copyRoleOptions(this.data.role, this.data.user, this.data.known)
      : editRoleOptions(this.data.role, this.data.user, this.data.known);

  protected name =
    this.data.mode === 'copy' ? this.i18n.t('roles.copyName', { name: this.data.role.name }) : this.data.role.name;
  protected description = this.data.mode === 'copy' ? '' : this.data.role.description;
  protected readonly permissions = signal<ReadonlySet<Permission>>(
    new Set(this.data.mode === 'copy' ? this.options.permissions : this.data.role.permissions),
  );
  protected readonly allDeviceGroups = signal(this.options.allDeviceGroupsAllowed && this.data.role.allDeviceGroups);
  protected readonly deviceGroupIds = signal<ReadonlySet<string>>(
    new Set(this.data.mode === 'copy' ? this.options.deviceGroups.map((g) => g.id) : this.data.role.deviceGroupIds),
  );
  protected readonly allEdges = signal(this.options.allEdgesAllowed && this.data.role.allEdges);
  protected readonly edgeIds = signal<ReadonlySet<string>>(
    new Set(this.data.mode === 'copy' ? this.options.edges.map((e) => e.id) : this.data.role.edgeIds),
  );
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly permissionOptions = computed(() =>
    this.options.permissions.map((p) => ({ value: p, label: `permission.${p}` as const })),
  );

  protected setPermission(p: Permission, on: boolean): void {
    this.permissions.update((s) => toggled(s, p, on));
  }
  protected setGroup(id: string, on: boolean): void {
    this.deviceGroupIds.update((s) => toggled(s, id, on));
  }
  protected setEdge(id: string, on: boolean): void {
    this.edgeIds.update((s) => toggled(s, id, on));
  }

  protected async save(): Promise<void> {
    const name = this.name.trim();
    if (!name || this.busy()) {
      this.error.set(this.i18n.t('validation.nameRequired'));
      return;
    }
    const body: CopyRoleRequest & UpdateRoleRequest = {
      name,
      description: this.description.trim(),
      permissions: this.options.permissions.filter((p) => this.permissions().has(p)),
      allDeviceGroups: this.allDeviceGroups(),
      deviceGroupIds: this.allDeviceGroups()
        ? []
        : this.options.deviceGroups.map((g) => g.id).filter((id) => this.deviceGroupIds().has(id)),
      allEdges: this.allEdges(),
      edgeIds: this.allEdges() ? [] : this.options.edges.map((e) => e.id).filter((id) => this.edgeIds().has(id)),
    };
    this.busy.set(true);
    this.error.set(null);
    try {
      const saved =
        this.data.mode === 'copy'
          ? await this.api.copyRole(this.data.role.id, body)
          : await this.api.updateRole(this.data.role.id, body);
      this.ref.close(saved);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
