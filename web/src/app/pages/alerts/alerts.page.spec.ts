import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AlertResponse, Page } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { SESSION_STORAGE_KEY } from '../../core/auth/auth.service';
import { alertFactory, userFactory } from '../../core/test-factories';
import { FwAlertsPage, alertListQuery } from './alerts.page';

const page = (items: AlertResponse[], total = items.length): Page<AlertResponse> => ({
  items,
  total,
  page: 1,
  pageSize: 50,
});

/** Lets the answered requests' promises run, then renders. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  await fixture.whenStable();
}

describe('alertListQuery', () => {
  it('sends only the filters that are set', () => {
    expect(alertListQuery({ page: 1, pageSize: 50, state: '', severity: '' })).toEqual({ page: 1, pageSize: 50 });
    expect(alertListQuery({ page: 2, pageSize: 20, state: 'acknowledged', severity: 'critical' })).toEqual({
      page: 2,
      pageSize: 20,
      state: 'acknowledged',
      severity: 'critical',
    });
  });
});

describe('FwAlertsPage', () => {
  let fixture: ComponentFixture<FwAlertsPage>;
  let http: HttpTestingController;

  function setup(permissions: Permission[]): void {
    const user = userFactory({ permissions });
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      imports: [FwAlertsPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FwAlertsPage);
    fixture.detectChanges();
  }

  afterEach(() => {
    http.verify();
    sessionStorage.clear();
    TestBed.resetTestingModule();
  });

  function flushList(answer: Page<AlertResponse>): Record<string, string> {
    const req = http.expectOne((r) => r.url === '/api/v1/alerts');
    expect(req.request.method).toBe('GET');
    const params: Record<string, string> = {};
    for (const key of req.request.params.keys()) params[key] = req.request.params.get(key) ?? '';
    req.flush(answer);
    return params;
  }

  it('asks for the first page of open alerts and hides the buttons from a read-only user', async () => {
    setup([Permission.DeviceManagementRo]);
    expect(flushList(page([alertFactory()], 1))).toEqual({ page: '1', pageSize: '50', state: 'open' });
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelectorAll('[data-testid="alert-row"]')).toHaveLength(1);
    expect(el.querySelector('[data-testid="alert-severity-a-1"]')?.textContent?.trim()).toBe('Critical');
    expect(el.querySelector('[data-testid="alert-ack-a-1"]')).toBeNull();
    expect(el.querySelector('[data-testid="alert-resolve-a-1"]')).toBeNull();
  });

  it('acknowledges an alert with RW and shows who did it', async () => {
    setup([Permission.DeviceManagementRw]);
    flushList(page([alertFactory()]));
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    (el.querySelector('[data-testid="alert-ack-a-1"]') as HTMLButtonElement).click();
    const req = http.expectOne('/api/v1/alerts/a-1/acknowledge');
    expect(req.request.method).toBe('POST');
    req.flush(
      alertFactory({ state: 'acknowledged', acknowledgedAt: '2026-11-01T01:00:00.000Z', acknowledgedBy: 'alice' }),
    );
    await settle(fixture);
    expect(el.querySelector('[data-testid="alert-state-a-1"]')?.textContent?.trim()).toBe('Acknowledged');
    expect(el.textContent).toContain('Acknowledged by alice');
    expect(el.querySelector('[data-testid="alert-ack-a-1"]')).toBeNull();
    expect(el.querySelector('[data-testid="alert-resolve-a-1"]')).not.toBeNull();
  });

  it('resolves an alert and shows the server message when it refuses', async () => {
    setup([Permission.DeviceManagementRw]);
    flushList(page([alertFactory()]));
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    (el.querySelector('[data-testid="alert-resolve-a-1"]') as HTMLButtonElement).click();
    http
      .expectOne('/api/v1/alerts/a-1/resolve')
      .flush(
        { code: 'ALERT_STATE_CONFLICT', message: 'The alert is already resolved' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle(fixture);
    expect(el.querySelector('[data-testid="alerts-error"]')?.textContent).toContain('The alert is already resolved');
  });
});
