import { Component, inject, signal, type OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { EdgeDetailResponse, EdgeStatus } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { firstValueFrom } from 'rxjs';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import type { TranslationKey } from '../../core/i18n/en';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';
import { FwEdgeActivationDialog, type FwEdgeActivationData } from './edge-activation.dialog';

export const EDGE_STATUS_LABELS: Record<EdgeStatus, TranslationKey> = {
  pending: 'edges.statusPending',
  online: 'edges.statusOnline',
  offline: 'edges.statusOffline',
};

@Component({
  selector: 'fw-edges-page',
  imports: [MatTableModule, MatButtonModule, MatIconModule, MatMenuModule, MatChipsModule, FwTranslatePipe, FwDatePipe],
  templateUrl: './edges.page.html',
})
export class FwEdgesPage implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly i18n = inject(FwI18nService);

  protected readonly canManage = inject(FwAuthService).can(Permission.SystemManagement);
  protected readonly columns = ['name', 'status', 'version', 'lastSeenAt', 'lastError', 'deviceCount', 'actions'];
  protected readonly edges = signal<EdgeDetailResponse[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  protected statusLabel(edge: EdgeDetailResponse): TranslationKey {
    return EDGE_STATUS_LABELS[edge.status];
  }

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.edges.set(await this.api.edgeDetails());
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.loading.set(false);
    }
  }

  protected async register(): Promise<void> {
    await this.openDialog({ serverUrl: window.location.origin });
    await this.load();
  }

  protected async newCode(edge: EdgeDetailResponse): Promise<void> {
    if (edge.status !== 'pending') {
      const ok = await confirmAction(this.dialog, {
        title: this.i18n.t('edges.newCodeTitle'),
        message: this.i18n.t('edges.newCodeConfirm', { name: edge.name }),
        confirmLabel: this.i18n.t('edges.newCode'),
      });
      if (!ok) return;
    }
    try {
      const code = await this.api.newEdgeActivationCode(edge.id);
      await this.openDialog({ serverUrl: window.location.origin, edgeName: edge.name, code });
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected async remove(edge: EdgeDetailResponse): Promise<void> {
    const ok = await confirmAction(this.dialog, {
      title: this.i18n.t('edges.deleteTitle'),
      message: this.i18n.t('edges.deleteConfirm', { name: edge.name }),
      confirmLabel: this.i18n.t('common.delete'),
    });
    if (!ok) return;
    try {
      await this.api.deleteEdge(edge.id);
      this.snack.open(this.i18n.t('edges.deleted', { name: edge.name }), undefined, { duration: 4000 });
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  private async openDialog(data: FwEdgeActivationData): Promise<void> {
    const ref = this.dialog.open<FwEdgeActivationDialog, FwEdgeActivationData, boolean>(FwEdgeActivationDialog, {
      data,
      width: '640px',
    });
    await firstValueFrom(ref.afterClosed());
  }
}
