import { Component, type OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { RoleResponse, UserResponse } from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';

export interface FwRoleUsersData {
  role: RoleResponse;
  kind: 'administrators' | 'members';
}

/** Choose a role's members or administrators (administrators of the role only; the API enforces it). */
@Component({
  selector: 'fw-role-users-dialog',
  imports: [MatDialogModule, MatCheckboxModule, MatButtonModule, FwTranslatePipe],
  template: `
    <h2 mat-dialog-title>
      {{
        (data.kind === 'members' ? 'roles.membersTitle' : 'roles.administratorsTitle')
          | translate: { name: data.role.name }
      }}
    </h2>
    <mat-dialog-content>
      @if (data.kind === 'administrators') {
        <p class="fw-muted">{{ 'roles.administratorsRule' | translate }}</p>
      }
      @if (loadError(); as message) {
        <p class="fw-error">{{ message }}</p>
      }
      <div class="fw-checkbox-list" data-testid="role-users-options">
        @for (u of candidates(); track u.id) {
          <mat-checkbox
            [checked]="selected().has(u.id)"
            (change)="toggle(u.id, $event.checked)"
            [attr.data-testid]="'role-user-' + u.username"
          >
            {{ u.displayName }} ({{ u.username }})
          </mat-checkbox>
        }
      </div>
      @if (error(); as message) {
        <p class="fw-error" role="alert">{{ message }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | translate }}</button>
      <button mat-flat-button (click)="save()" [disabled]="busy()" data-testid="role-users-save">
        {{ 'common.save' | translate }}
      </button>
    </mat-dialog-actions>
  `,
})
export class FwRoleUsersDialog implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly ref = inject<MatDialogRef<FwRoleUsersDialog, RoleResponse>>(MatDialogRef);
  protected readonly data = inject<FwRoleUsersData>(MAT_DIALOG_DATA);
  protected readonly candidates = signal<Pick<UserResponse, 'id' | 'username' | 'displayName'>[]>([]);
  protected readonly selected = signal<ReadonlySet<string>>(
    new Set(this.data.kind === 'members' ? this.data.role.memberIds : this.data.role.administratorIds),
  );
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly loadError = signal<string | null>(null);

  ngOnInit(): void {
    void this.loadCandidates();
  }

  private async loadCandidates(): Promise<void> {
    const current = [...this.selected()];
    try {
      const page = await this.api.users({ page: 1, pageSize: 200 });
      const known = new Set(page.items.map((u) => u.id));
      // Keep current entries the list did not return, so saving never drops them silently.
      const missing = current.filter((id) => !known.has(id)).map((id) => ({ id, username: id, displayName: '' }));
      this.candidates.set([...page.items, ...missing]);
    } catch (e) {
      this.loadError.set(this.i18n.t('roles.usersUnavailable', { reason: errorMessage(e, this.i18n) }));
      this.candidates.set(current.map((id) => ({ id, username: id, displayName: '' })));
    }
  }

  protected toggle(id: string, on: boolean): void {
    this.selected.update((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  protected async save(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const body = { userIds: [...this.selected()] };
      const saved =
        this.data.kind === 'members'
          ? await this.api.setRoleMembers(this.data.role.id, body)
          : await this.api.setRoleAdministrators(this.data.role.id, body);
      this.ref.close(saved);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
