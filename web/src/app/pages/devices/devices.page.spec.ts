import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { Sort } from '@angular/material/sort';
import { provideRouter } from '@angular/router';
import type { DeviceListItemResponse, DeviceState, Page } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { SESSION_STORAGE_KEY } from '../../core/auth/auth.service';
import { userFactory } from '../../core/test-factories';
import { FwDevicesPage, SEARCH_DEBOUNCE_MS, deviceListQuery } from './devices.page';

/** The page's event handlers, as the template calls them. */
interface DevicesPageHandlers {
  changePage(event: { pageIndex: number; pageSize: number; length: number }): void;
  changeSort(sort: Sort): void;
  changeStatus(status: DeviceState | ''): void;
  changeGroup(groupId: string): void;
  searchChanged(text: string): void;
}

function device(overrides: Partial<DeviceListItemResponse> = {}): DeviceListItemResponse {
  return {
    id: 'd-1',
    name: 'printer-1',
    address: '127.0.0.1',
    edgeId: null,
    groupIds: [],
    port: 161,
    location: null,
    vendor: 'Acme',
    model: 'LaserJet',
    serialNumber: 'SN1',
    status: 'warning',
    errors: ['lowToner'],
    lastSeen: '2026-11-01T00:00:00.000Z',
    lastPoll: null,
    ...overrides,
  };
}

function page(items: DeviceListItemResponse[], total: number): Page<DeviceListItemResponse> {
  return { items, total, page: 1, pageSize: 50 };
}

describe('deviceListQuery', () => {
  it('sends only what is set, with a trimmed search', () => {
    expect(
      deviceListQuery({ page: 2, pageSize: 20, sort: null, order: 'asc', status: '', groupId: '', search: '  ' }),
    ).toEqual({ page: 2, pageSize: 20 });
    expect(
      deviceListQuery({
        page: 1,
        pageSize: 50,
        sort: 'lastSeen',
        order: 'desc',
        status: 'error',
        groupId: 'g-1',
        search: ' hp ',
      }),
    ).toEqual({
      page: 1,
      pageSize: 50,
      sort: 'lastSeen',
      order: 'desc',
      status: 'error',
      groupId: 'g-1',
      search: 'hp',
    });
  });
});

describe('FwDevicesPage', () => {
  let fixture: ComponentFixture<FwDevicesPage>;
  let http: HttpTestingController;
  let handlers: DevicesPageHandlers;

  beforeEach(async () => {
    const user = userFactory({ permissions: [Permission.DeviceManagementRo] });
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      imports: [FwDevicesPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FwDevicesPage);
    handlers = fixture.componentInstance as unknown as DevicesPageHandlers;
    fixture.detectChanges();
    http.expectOne('/api/v1/device-groups').flush([]);
    await Promise.resolve();
  });

  afterEach(() => {
    vi.useRealTimers();
    http.verify();
    sessionStorage.clear();
    TestBed.resetTestingModule();
  });

  /** The one pending inventory request: its query string, answered with `answer`. */
  function nextQuery(answer = page([device()], 1234)): Record<string, string> {
    const req = http.expectOne((r) => r.url === '/api/v1/devices');
    expect(req.request.method).toBe('GET');
    const params: Record<string, string> = {};
    for (const key of req.request.params.keys()) params[key] = req.request.params.get(key) ?? '';
    req.flush(answer);
    return params;
  }

  it('asks for the first page only, sorted by name, and shows the rows with a coloured status chip', async () => {
    expect(nextQuery()).toEqual({ page: '1', pageSize: '50', sort: 'name', order: 'asc' });
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const chip = el.querySelector('[data-testid="device-status-printer-1"]');
    expect(chip?.textContent?.trim()).toBe('Warning');
    expect(chip?.classList.contains('fw-state-warning')).toBe(true);
    expect(el.querySelector('[data-testid="device-link-printer-1"]')?.getAttribute('href')).toBe('/devices/d-1');
    expect(el.querySelector('[data-testid="device-create"]')).toBeNull();
  });

  it('requests the page the paginator asks for', () => {
    nextQuery();
    handlers.changePage({ pageIndex: 2, pageSize: 20, length: 1234 });
    expect(nextQuery()).toMatchObject({ page: '3', pageSize: '20' });
  });

  it('sorts on the server and returns to the first page', () => {
    nextQuery();
    handlers.changePage({ pageIndex: 4, pageSize: 50, length: 1234 });
    nextQuery();
    handlers.changeSort({ active: 'lastSeen', direction: 'desc' });
    expect(nextQuery()).toEqual({ page: '1', pageSize: '50', sort: 'lastSeen', order: 'desc' });
    handlers.changeSort({ active: 'lastSeen', direction: '' });
    expect(nextQuery()).toEqual({ page: '1', pageSize: '50' });
  });

  it('filters by status and group', () => {
    nextQuery();
    handlers.changeStatus('unreachable');
    expect(nextQuery()).toMatchObject({ status: 'unreachable', page: '1' });
    handlers.changeGroup('g-7');
    expect(nextQuery()).toMatchObject({ status: 'unreachable', groupId: 'g-7' });
    handlers.changeStatus('');
    const query = nextQuery();
    expect(query['status']).toBeUndefined();
    expect(query['groupId']).toBe('g-7');
  });

  it('debounces the search: one request after typing stops', () => {
    nextQuery();
    vi.useFakeTimers();
    handlers.searchChanged('h');
    handlers.searchChanged('hp');
    handlers.searchChanged('hp 4');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    http.expectNone((r) => r.url === '/api/v1/devices');
    vi.advanceTimersByTime(1);
    expect(nextQuery()).toMatchObject({ search: 'hp 4', page: '1' });
  });
});
