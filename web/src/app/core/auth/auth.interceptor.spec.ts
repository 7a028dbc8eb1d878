import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, type UrlTree, provideRouter } from '@angular/router';
import type { LoginResponse, TokenPair } from '@fleetward/contracts';
import { firstValueFrom } from 'rxjs';
import { userFactory } from '../test-factories';
import { fwAuthInterceptor } from './auth.interceptor';
import { FwAuthService, SESSION_STORAGE_KEY } from './auth.service';

function loginAnswer(access: string, refresh: string, mustChangePassword = false): LoginResponse {
  return {
    accessToken: access,
    refreshToken: refresh,
    tokenType: 'Bearer',
    expiresIn: 900,
    refreshExpiresAt: '2030-01-01T00:00:00.000Z',
    user: userFactory({ mustChangePassword }),
  };
}

/** Lets the promise chain of a refresh run (several microtasks). */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function pair(access: string, refresh: string): TokenPair {
  return {
    accessToken: access,
    refreshToken: refresh,
    tokenType: 'Bearer',
    expiresIn: 900,
    refreshExpiresAt: '2030-01-01T00:00:00.000Z',
  };
}

describe('fwAuthInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: FwAuthService;
  let router: Router;

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([fwAuthInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(FwAuthService);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    const login = auth.login('alice', 'secret-password');
    const req = backend.expectOne('/api/v1/auth/login');
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush(loginAnswer('access-1', 'refresh-1'));
    await login;
  });

  afterEach(() => {
    try {
      backend.verify();
    } finally {
      TestBed.resetTestingModule();
    }
  });

  it('adds the bearer token to API calls but not to other URLs', async () => {
    const api = firstValueFrom(http.get('/api/v1/users'));
    const req = backend.expectOne('/api/v1/users');
    expect(req.request.headers.get('Authorization')).toBe('Bearer access-1');
    req.flush({ items: [] });
    await api;

    const asset = firstValueFrom(http.get('/assets/x.json'));
    const assetReq = backend.expectOne('/assets/x.json');
    expect(assetReq.request.headers.has('Authorization')).toBe(false);
    assetReq.flush({});
    await asset;
  });

  it('refreshes once on 401, keeps the rotated refresh token, and repeats the call with the new token', async () => {
    const call = firstValueFrom(http.get<{ ok: boolean }>('/api/v1/roles'));
    backend.expectOne('/api/v1/roles').flush({ code: 'TOKEN_EXPIRED' }, { status: 401, statusText: 'Unauthorized' });

    const refresh = backend.expectOne('/api/v1/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush(pair('access-2', 'refresh-2'));
    await settle();

    const retry = backend.expectOne('/api/v1/roles');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush({ ok: true });
    await expect(call).resolves.toEqual({ ok: true });

    expect(auth.accessToken()).toBe('access-2');
    const stored = JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY) ?? '{}') as { refreshToken?: string };
    expect(stored.refreshToken).toBe('refresh-2');
  });

  it('shares one refresh between concurrent 401s', async () => {
    const a = firstValueFrom(http.get('/api/v1/users'));
    const b = firstValueFrom(http.get('/api/v1/roles'));
    backend.expectOne('/api/v1/users').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/roles').flush(null, { status: 401, statusText: 'Unauthorized' });
    const refreshes = backend.match('/api/v1/auth/refresh');
    expect(refreshes).toHaveLength(1);
    refreshes[0].flush(pair('access-2', 'refresh-2'));
    await settle();
    for (const url of ['/api/v1/users', '/api/v1/roles']) {
      const retry = backend.expectOne(url);
      expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
      retry.flush({});
    }
    await Promise.all([a, b]);
  });

  it('does not retry a second time when the repeated call answers 401 again', async () => {
    const call = firstValueFrom(http.get('/api/v1/users'));
    backend.expectOne('/api/v1/users').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').flush(pair('access-2', 'refresh-2'));
    await settle();
    backend.expectOne('/api/v1/users').flush(null, { status: 401, statusText: 'Unauthorized' });
    await expect(call).rejects.toMatchObject({ status: 401 });
    backend.expectNone('/api/v1/auth/refresh');
  });

  it('ends the session and opens the login page when the refresh fails', async () => {
    const call = firstValueFrom(http.get('/api/v1/users'));
    backend.expectOne('/api/v1/users').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush(
        { code: 'REFRESH_TOKEN_INVALID', message: 'no', correlationId: 'c' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(auth.isAuthenticated()).toBe(false);
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(router.navigateByUrl).toHaveBeenCalledWith('/login');
  });

  it('comes back to the page the user was on after signing in again', async () => {
    vi.spyOn(router, 'url', 'get').mockReturnValue('/deliveries?id=42');
    const call = firstValueFrom(http.get('/api/v1/users'));
    backend.expectOne('/api/v1/users').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush(
        { code: 'REFRESH_TOKEN_INVALID', message: 'no', correlationId: 'c' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await expect(call).rejects.toMatchObject({ status: 401 });
    const target = vi.mocked(router.navigateByUrl).mock.calls.at(-1)?.[0];
    expect(router.serializeUrl(target as UrlTree)).toBe('/login?returnUrl=%2Fdeliveries%3Fid%3D42');
  });

  it('opens the change-password page on 403 PASSWORD_CHANGE_REQUIRED', async () => {
    const call = firstValueFrom(http.get('/api/v1/users'));
    backend
      .expectOne('/api/v1/users')
      .flush(
        { code: 'PASSWORD_CHANGE_REQUIRED', message: 'Change your password first', correlationId: 'c' },
        { status: 403, statusText: 'Forbidden' },
      );
    await expect(call).rejects.toMatchObject({ status: 403 });
    expect(router.navigateByUrl).toHaveBeenCalledWith('/change-password');
    expect(auth.isAuthenticated()).toBe(true);
  });
});

describe('FwAuthService', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([fwAuthInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    try {
      backend.verify();
    } finally {
      TestBed.resetTestingModule();
    }
  });

  it('restores the session from sessionStorage', () => {
    sessionStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({ accessToken: 'a', refreshToken: 'r', user: userFactory({ username: 'bob' }) }),
    );
    const auth = TestBed.inject(FwAuthService);
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.user()?.username).toBe('bob');
  });

  it('ignores a corrupted stored session', () => {
    sessionStorage.setItem(SESSION_STORAGE_KEY, '{not json');
    expect(TestBed.inject(FwAuthService).isAuthenticated()).toBe(false);
  });

  it('changes the password and signs in again with the new one', async () => {
    const auth = TestBed.inject(FwAuthService);
    const login = auth.login('admin', 'generated-password-1');
    backend.expectOne('/api/v1/auth/login').flush(loginAnswer('a1', 'r1', true));
    await login;
    expect(auth.mustChangePassword()).toBe(true);

    const change = auth.changePassword('generated-password-1', 'a-new-password-2026');
    const req = backend.expectOne('/api/v1/auth/change-password');
    expect(req.request.body).toEqual({ currentPassword: 'generated-password-1', newPassword: 'a-new-password-2026' });
    expect(req.request.headers.get('Authorization')).toBe('Bearer a1');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    const relogin = backend.expectOne('/api/v1/auth/login');
    expect(relogin.request.body).toEqual({ username: 'alice', password: 'a-new-password-2026' });
    relogin.flush(loginAnswer('a2', 'r2', false));
    await change;
    expect(auth.mustChangePassword()).toBe(false);
    expect(auth.accessToken()).toBe('a2');
  });

  it('logs out: forgets the session locally and revokes the refresh token on the server', async () => {
    const auth = TestBed.inject(FwAuthService);
    const login = auth.login('alice', 'pw');
    backend.expectOne('/api/v1/auth/login').flush(loginAnswer('a1', 'r1'));
    await login;
    const out = auth.logout();
    expect(auth.isAuthenticated()).toBe(false);
    const req = backend.expectOne('/api/v1/auth/logout');
    expect(req.request.body).toEqual({ refreshToken: 'r1' });
    expect(req.request.headers.get('Authorization')).toBe('Bearer a1');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await out;
  });
});
