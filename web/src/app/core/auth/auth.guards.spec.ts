import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type ActivatedRouteSnapshot, type RouterStateSnapshot, Router, UrlTree, provideRouter } from '@angular/router';
import type { CurrentUserResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { userFactory } from '../test-factories';
import { anonymousGuard, authenticatedGuard, passwordChangeGuard, permissionGuard } from './auth.guards';
import { SESSION_STORAGE_KEY } from './auth.service';

function setup(user: CurrentUserResponse | null): void {
  sessionStorage.clear();
  if (user) sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
}

function run(guard: typeof authenticatedGuard, url = '/users'): string | true {
  const result = TestBed.runInInjectionContext(() =>
    guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
  ) as boolean | UrlTree;
  return result instanceof UrlTree ? TestBed.inject(Router).serializeUrl(result) : (result as true);
}

describe('route guards', () => {
  afterEach(() => {
    sessionStorage.clear();
    TestBed.resetTestingModule();
  });

  it('sends a signed-out visitor to the login page with the page to return to', () => {
    setup(null);
    expect(run(authenticatedGuard, '/users')).toBe('/login?returnUrl=%2Fusers');
    expect(run(passwordChangeGuard)).toBe('/login');
    expect(run(anonymousGuard)).toBe(true);
  });

  it('keeps a user who must change his password on the change-password page', () => {
    setup(userFactory({ isSuperAdmin: true, mustChangePassword: true }));
    expect(run(authenticatedGuard)).toBe('/change-password');
    expect(run(passwordChangeGuard)).toBe(true);
    expect(run(anonymousGuard)).toBe('/');
  });

  it('opens a page only with its permission, and sends others home', () => {
    setup(userFactory({ permissions: [Permission.UserManagement] }));
    expect(run(authenticatedGuard)).toBe(true);
    expect(run(permissionGuard(Permission.UserManagement))).toBe(true);
    expect(run(permissionGuard(Permission.RoleManagement))).toBe('/');
    expect(run(permissionGuard(Permission.RoleManagement, Permission.UserManagement))).toBe(true);
  });

  it('lets Device Management RW open what needs RO', () => {
    setup(userFactory({ permissions: [Permission.DeviceManagementRw] }));
    expect(run(permissionGuard(Permission.DeviceManagementRo))).toBe(true);
  });
});
