import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { type Permission } from '@fleetward/domain';
import { FwAuthService } from './auth.service';
import { userHasAnyPermission } from './permissions';

/** Signed in, and the first password has been changed. */
export const authenticatedGuard: CanActivateFn = (_route, state) => {
  const auth = inject(FwAuthService);
  const router = inject(Router);
  if (!auth.isAuthenticated()) return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
  if (auth.mustChangePassword()) return router.createUrlTree(['/change-password']);
  return true;
};

/** The change-password page needs a session (it is the only page open while a change is required). */
export const passwordChangeGuard: CanActivateFn = () => {
  const auth = inject(FwAuthService);
  return auth.isAuthenticated() ? true : inject(Router).createUrlTree(['/login']);
};

/** The login page is for signed-out users only. */
export const anonymousGuard: CanActivateFn = () => {
  const auth = inject(FwAuthService);
  return auth.isAuthenticated() ? inject(Router).createUrlTree(['/']) : true;
};

/** Lets the route open only when the user holds one of `anyOf` (the API refuses anyway). */
export function permissionGuard(...anyOf: Permission[]): CanActivateFn {
  return () => {
    const auth = inject(FwAuthService);
    return userHasAnyPermission(auth.user(), anyOf) ? true : inject(Router).createUrlTree(['/']);
  };
}
