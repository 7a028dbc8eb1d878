import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Permission } from '@fleetward/domain';
import { FwApp } from '../../app';
import { SESSION_STORAGE_KEY } from '../auth/auth.service';
import { userFactory } from '../test-factories';
import { NAV_ITEMS, visibleNavItems } from './nav-items';

const paths = (items: { path: string }[]): string[] => items.map((i) => i.path);

describe('visibleNavItems', () => {
  it('shows nothing before sign-in or while the first password must be changed', () => {
    expect(visibleNavItems(null)).toEqual([]);
    expect(visibleNavItems(userFactory({ isSuperAdmin: true, mustChangePassword: true }))).toEqual([]);
  });

  it('shows a Public-only user home and his API tokens only', () => {
    expect(paths(visibleNavItems(userFactory()))).toEqual(['/', '/api-tokens']);
  });

  it('shows each page only with its permission', () => {
    const user = userFactory({
      permissions: [Permission.Public, Permission.RoleManagement, Permission.UserManagement],
    });
    expect(paths(visibleNavItems(user))).toEqual(['/', '/users', '/roles', '/api-tokens']);
    const sysadmin = userFactory({ permissions: [Permission.SystemManagement] });
    expect(paths(visibleNavItems(sysadmin))).toEqual([
      '/',
      '/edges',
      '/audit',
      '/settings',
      '/mail-settings',
      '/api-tokens',
    ]);
    const groups = userFactory({ permissions: [Permission.DeviceGroupManagement] });
    expect(paths(visibleNavItems(groups))).toEqual(['/', '/device-groups', '/api-tokens']);
  });

  it('shows the devices page with Device Management RO, and with RW (RW implies RO)', () => {
    const ro = userFactory({ permissions: [Permission.DeviceManagementRo] });
    expect(paths(visibleNavItems(ro))).toEqual(['/', '/devices', '/alerts', '/deliveries', '/api-tokens']);
    const rw = userFactory({ permissions: [Permission.DeviceManagementRw] });
    expect(paths(visibleNavItems(rw))).toEqual(['/', '/devices', '/alerts', '/deliveries', '/api-tokens']);
    const atm = userFactory({ permissions: [Permission.AdminTemplateManagement] });
    expect(paths(visibleNavItems(atm))).toEqual(['/', '/templates', '/api-tokens']);
  });

  it('shows everything to the Super Admin whatever his listed permissions', () => {
    expect(visibleNavItems(userFactory({ isSuperAdmin: true, permissions: [] }))).toEqual([...NAV_ITEMS]);
  });
});

describe('FwApp navigation', () => {
  afterEach(() => {
    sessionStorage.clear();
    TestBed.resetTestingModule();
  });

  async function render(user: ReturnType<typeof userFactory>): Promise<HTMLElement> {
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      imports: [FwApp],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(FwApp);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('renders only the entries the user may open', async () => {
    const el = await render(userFactory({ permissions: [Permission.Public, Permission.UserManagement] }));
    const ids = [...el.querySelectorAll('[data-testid^="nav-"]')].map((a) => a.getAttribute('data-testid'));
    expect(ids).toEqual(['nav-home', 'nav-users', 'nav-api-tokens']);
  });

  it('renders every entry for the Super Admin', async () => {
    const el = await render(userFactory({ isSuperAdmin: true }));
    expect(el.querySelectorAll('[data-testid^="nav-"]')).toHaveLength(NAV_ITEMS.length);
  });
});
