import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DEVICE_STATES, type SystemInfoResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { SESSION_STORAGE_KEY } from '../../core/auth/auth.service';
import { alertFactory, userFactory } from '../../core/test-factories';
import { FwDashboardPage } from './dashboard.page';

/** Lets the answered requests' promises run, then renders. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  await fixture.whenStable();
}

const info: SystemInfoResponse = {
  product: 'Fleetward',
  version: '0.1.0',
  databaseType: 'sqlite',
  startedAt: '2026-11-01T00:00:00.000Z',
};

describe('FwDashboardPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    const user = userFactory({ permissions: [Permission.DeviceManagementRo] });
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      imports: [FwDashboardPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    sessionStorage.clear();
    TestBed.resetTestingModule();
  });

  it('uses only cheap requests (counts with pageSize 1, one page of open alerts, edges) and shows them', async () => {
    const fixture = TestBed.createComponent(FwDashboardPage);
    fixture.detectChanges();
    const deviceRequests = http.match((r) => r.url === '/api/v1/devices');
    expect(deviceRequests).toHaveLength(1 + DEVICE_STATES.length);
    for (const req of deviceRequests) {
      expect(req.request.params.get('pageSize')).toBe('1');
      const status = req.request.params.get('status');
      const total = status === null ? 12 : status === 'error' ? 2 : status === 'ok' ? 9 : status === 'warning' ? 1 : 0;
      req.flush({ items: [], total, page: 1, pageSize: 1 });
    }
    expect(new Set(deviceRequests.map((r) => r.request.params.get('status')))).toEqual(
      new Set([null, ...DEVICE_STATES]),
    );
    const alerts = http.expectOne((r) => r.url === '/api/v1/alerts');
    expect(alerts.request.params.get('state')).toBe('open');
    expect(alerts.request.params.get('pageSize')).toBe('50');
    alerts.flush({
      items: [
        alertFactory(),
        alertFactory({ id: 'a-2', rule: 'supplyLow', severity: 'warning', summary: 'Black toner at 5%' }),
      ],
      total: 2,
      page: 1,
      pageSize: 50,
    });
    http.expectOne('/api/v1/edges').flush([{ id: 'e-1', name: 'branch-office' }]);
    http.expectOne('/api/v1/system/info').flush(info);
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="dashboard-device-total"]')?.textContent).toContain('12');
    expect(el.querySelector('[data-testid="dashboard-state-ok"]')?.textContent?.trim()).toBe('9');
    expect(el.querySelector('[data-testid="dashboard-state-error"]')?.textContent?.trim()).toBe('2');
    expect(el.querySelector('[data-testid="dashboard-alert-total"]')?.textContent).toContain('2');
    expect(el.querySelectorAll('[data-testid="dashboard-alert"]')).toHaveLength(2);
    const low = el.querySelectorAll('[data-testid="dashboard-low-supply"]');
    expect(low).toHaveLength(1);
    expect(low[0]?.textContent).toContain('Black toner at 5%');
    expect(el.querySelector('[data-testid="dashboard-edge"]')?.textContent).toContain('branch-office');
    expect(el.querySelector('a[href="/alerts"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="dashboard"]')?.getAttribute('data-loaded')).toBe('true');
    expect(el.querySelector('a[href="/devices"]')).not.toBeNull();
  });

  it('shows the server message of a failed part and still shows the others', async () => {
    const fixture = TestBed.createComponent(FwDashboardPage);
    fixture.detectChanges();
    for (const req of http.match((r) => r.url === '/api/v1/devices'))
      req.flush({ items: [], total: 0, page: 1, pageSize: 1 });
    http
      .expectOne((r) => r.url === '/api/v1/alerts')
      .flush({ code: 'ALERTS_BROKEN', message: 'alert store offline' }, { status: 500, statusText: 'Error' });
    http.expectOne('/api/v1/edges').flush([]);
    http.expectOne('/api/v1/system/info').flush(info);
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="dashboard-alerts"]')?.textContent).toContain('alert store offline');
    expect(el.querySelector('[data-testid="dashboard-state-ok"]')?.textContent?.trim()).toBe('0');
    expect(el.querySelector('[data-testid="dashboard-edges"]')?.textContent).toContain('No edge registered.');
  });
});
