import { Component, inject, signal, type OnInit } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { UserResponse } from '@fleetward/contracts';
import { firstValueFrom } from 'rxjs';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { FwResetPasswordDialog } from './reset-password.dialog';
import { FwUserFormDialog, type FwUserFormData } from './user-form.dialog';

@Component({
  selector: 'fw-users-page',
  imports: [
    FormsModule,
    MatTableModule,
    MatPaginatorModule,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatFormFieldModule,
    MatInputModule,
    MatChipsModule,
    FwTranslatePipe,
    FwDatePipe,
  ],
  templateUrl: './users.page.html',
})
export class FwUsersPage implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly i18n = inject(FwI18nService);

  protected readonly columns = ['username', 'displayName', 'email', 'status', 'lastLoginAt', 'createdAt', 'actions'];
  protected readonly users = signal<UserResponse[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(1);
  protected readonly pageSize = signal(20);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected search = '';

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const result = await this.api.users({
        page: this.page(),
        pageSize: this.pageSize(),
        search: this.search.trim() || undefined,
      });
      this.users.set(result.items);
      this.total.set(result.total);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.loading.set(false);
    }
  }

  protected async applySearch(): Promise<void> {
    this.page.set(1);
    await this.load();
  }

  protected async changePage(event: PageEvent): Promise<void> {
    this.page.set(event.pageIndex + 1);
    this.pageSize.set(event.pageSize);
    await this.load();
  }

  protected async openForm(user?: UserResponse): Promise<void> {
    const data: FwUserFormData = user ? { user } : {};
    const ref = this.dialog.open<FwUserFormDialog, FwUserFormData, UserResponse>(FwUserFormDialog, {
      data,
      width: '480px',
    });
    const saved = await firstValueFrom(ref.afterClosed());
    if (!saved) return;
    this.snack.open(this.i18n.t(user ? 'users.updated' : 'users.created', { name: saved.username }), undefined, {
      duration: 4000,
    });
    await this.load();
  }

  protected async resetPassword(user: UserResponse): Promise<void> {
    const ref = this.dialog.open<FwResetPasswordDialog, UserResponse, boolean>(FwResetPasswordDialog, {
      data: user,
      width: '440px',
    });
    if (await firstValueFrom(ref.afterClosed())) {
      this.snack.open(this.i18n.t('users.passwordReset', { name: user.username }), undefined, { duration: 4000 });
      await this.load();
    }
  }

  protected async remove(user: UserResponse): Promise<void> {
    const ok = await confirmAction(this.dialog, {
      title: this.i18n.t('users.deleteTitle'),
      message: this.i18n.t('users.deleteConfirm', { name: user.username }),
      confirmLabel: this.i18n.t('common.delete'),
    });
    if (!ok) return;
    try {
      await this.api.deleteUser(user.id);
      this.snack.open(this.i18n.t('users.deleted', { name: user.username }), undefined, { duration: 4000 });
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }
}
