import {
  HttpErrorResponse,
  type HttpEvent,
  type HttpHandlerFn,
  type HttpInterceptorFn,
  type HttpRequest,
} from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import type { ErrorResponse } from '@fleetward/contracts';
import { type Observable, catchError, from, switchMap, throwError } from 'rxjs';
import { API_BASE } from '../api/api-base';
import { AUTH_ENDPOINTS_WITHOUT_BEARER, FwAuthService } from './auth.service';

export const PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED';

function withBearer(req: HttpRequest<unknown>, token: string): HttpRequest<unknown> {
  return req.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}

export function errorCode(error: unknown): string | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body = error.error as Partial<ErrorResponse> | null;
  return body && typeof body === 'object' && typeof body.code === 'string' ? body.code : null;
}

/**
 * Adds the bearer token to API calls. On a 401 it refreshes the token once (concurrent 401s share
 * one refresh) and repeats the call; if the refresh fails the session ends and the login page opens.
 * A 403 PASSWORD_CHANGE_REQUIRED opens the change-password page.
 */
export const fwAuthInterceptor: HttpInterceptorFn = (req, next): Observable<HttpEvent<unknown>> => {
  const auth = inject(FwAuthService);
  const router = inject(Router);
  const isApi = req.url.startsWith(API_BASE);
  const isAuthEndpoint = (AUTH_ENDPOINTS_WITHOUT_BEARER as readonly string[]).includes(req.url);
  const token = auth.accessToken();
  const decorate = isApi && !isAuthEndpoint && token !== null && !req.headers.has('Authorization');
  const outgoing = decorate ? withBearer(req, token) : req;

  return next(outgoing).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || !decorate) return throwError(() => error);
      if (error.status === 401) return refreshAndRetry(req, next, auth, router, error);
      if (error.status === 403 && errorCode(error) === PASSWORD_CHANGE_REQUIRED) {
        void router.navigateByUrl('/change-password');
      }
      return throwError(() => error);
    }),
  );
};

function refreshAndRetry(
  req: HttpRequest<unknown>,
  next: HttpHandlerFn,
  auth: FwAuthService,
  router: Router,
  original: HttpErrorResponse,
): Observable<HttpEvent<unknown>> {
  return from(auth.refresh()).pipe(
    catchError(() => {
      auth.clear();
      // Back to the same page after signing in again (the login page accepts only local paths).
      const here = router.url;
      void router.navigateByUrl(
        here && here !== '/' && !here.startsWith('/login')
          ? router.createUrlTree(['/login'], { queryParams: { returnUrl: here } })
          : '/login',
      );
      return throwError(() => original);
    }),
    switchMap((newToken) => next(withBearer(req, newToken))),
  );
}
