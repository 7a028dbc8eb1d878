import { Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { FwAuthService } from './core/auth/auth.service';
import { FwI18nService, LANGUAGES, type Language } from './core/i18n/i18n.service';
import { FwTranslatePipe } from './core/i18n/translate.pipe';
import { visibleNavItems } from './core/nav/nav-items';

@Component({
  selector: 'fw-root',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatSidenavModule,
    MatListModule,
    MatIconModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatMenuModule,
    FwTranslatePipe,
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class FwApp {
  private readonly router = inject(Router);
  protected readonly auth = inject(FwAuthService);
  protected readonly i18n = inject(FwI18nService);
  protected readonly languages = LANGUAGES.map((value) => ({ value, label: `language.${value}` as const }));
  protected readonly navItems = computed(() => visibleNavItems(this.auth.user()));

  protected setLanguage(language: Language): void {
    this.i18n.use(language);
  }

  protected async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigateByUrl('/login');
  }
}
