import { Component, type OnInit, computed, inject, signal } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { SystemInfoResponse } from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwAuthService } from '../../core/auth/auth.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { visibleNavItems } from '../../core/nav/nav-items';
import { errorMessage } from '../../shared/error-message';
import { FwDatePipe } from '../../shared/fw-date.pipe';

@Component({
  selector: 'fw-home-page',
  imports: [MatCardModule, MatIconModule, RouterLink, FwTranslatePipe, FwDatePipe],
  templateUrl: './home.page.html',
  styleUrl: './home.page.scss',
})
export class FwHomePage implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  protected readonly auth = inject(FwAuthService);
  protected readonly info = signal<SystemInfoResponse | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly shortcuts = computed(() => visibleNavItems(this.auth.user()).filter((i) => i.path !== '/'));

  ngOnInit(): void {
    void this.loadInfo();
  }

  private async loadInfo(): Promise<void> {
    try {
      this.info.set(await this.api.systemInfo());
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }
}
