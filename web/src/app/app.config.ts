import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { fwAuthInterceptor } from './core/auth/auth.interceptor';
import { FwAuthService } from './core/auth/auth.service';
import { FwPaginatorIntl } from './core/i18n/paginator-intl';
import { FwDisplaySettingsService } from './core/settings/display-settings.service';

/** After a reload: refresh the current user's rights and the display formats before the first page. */
async function restoreSession(): Promise<void> {
  const auth = inject(FwAuthService);
  const display = inject(FwDisplaySettingsService);
  if (!auth.isAuthenticated()) return;
  try {
    await auth.reloadUser();
  } catch {
    // The interceptor already ended a dead session; a server error leaves the stored user in place.
  }
  if (auth.isAuthenticated() && !auth.mustChangePassword()) await display.load();
}

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withInterceptors([fwAuthInterceptor])),
    provideAppInitializer(restoreSession),
    { provide: MatPaginatorIntl, useClass: FwPaginatorIntl },
  ],
};
