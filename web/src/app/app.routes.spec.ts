import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Permission } from '@fleetward/domain';
import { routes } from './app.routes';
import { SESSION_STORAGE_KEY } from './core/auth/auth.service';
import { userFactory } from './core/test-factories';
import { FwDashboardPage } from './pages/dashboard/dashboard.page';
import { FwHomePage } from './pages/home/home.page';

describe('landing page', () => {
  afterEach(() => {
    sessionStorage.clear();
    TestBed.resetTestingModule();
  });

  async function harnessFor(permissions: Permission[]): Promise<RouterTestingHarness> {
    const user = userFactory({ permissions });
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      providers: [provideRouter(routes), provideHttpClient(), provideHttpClientTesting()],
    });
    return RouterTestingHarness.create();
  }

  async function landing(permissions: Permission[]): Promise<unknown> {
    return (await harnessFor(permissions)).navigateByUrl('/');
  }

  it('is the dashboard with Device Management RO (or RW)', async () => {
    expect(await landing([Permission.DeviceManagementRo])).toBeInstanceOf(FwDashboardPage);
    TestBed.resetTestingModule();
    expect(await landing([Permission.DeviceManagementRw])).toBeInstanceOf(FwDashboardPage);
  });

  it('stays the home page for the others', async () => {
    expect(await landing([Permission.Public, Permission.UserManagement])).toBeInstanceOf(FwHomePage);
  });

  it('keeps the alerts page from users without Device Management RO and mail settings from non-admins', async () => {
    const harness = await harnessFor([Permission.Public]);
    expect(await harness.navigateByUrl('/alerts')).toBeInstanceOf(FwHomePage);
    expect(await harness.navigateByUrl('/mail-settings')).toBeInstanceOf(FwHomePage);
  });
});
