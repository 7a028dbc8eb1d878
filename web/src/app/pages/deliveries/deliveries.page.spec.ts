import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { DeliveryDetailResponse, DeliveryResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { SESSION_STORAGE_KEY } from '../../core/auth/auth.service';
import { userFactory } from '../../core/test-factories';
import { FwDeliveriesPage } from './deliveries.page';
import { assignmentRequest, deliveryRequest, stillRunning } from './delivery-form';

const counts = {
  pending: 0,
  sending: 0,
  applied: 0,
  partiallyApplied: 0,
  failed: 0,
  unsupported: 0,
  unreachable: 0,
  cancelled: 0,
};

function delivery(over: Partial<DeliveryDetailResponse> = {}): DeliveryDetailResponse {
  return {
    id: 'd-1',
    templateId: 't-1',
    templateName: 'Rotation',
    templateVersion: 2,
    status: 'running',
    schedule: null,
    retry: { maxAttempts: 1, backoffSeconds: 300 },
    acceptAccessLoss: false,
    deviceIds: [],
    groupIds: ['g-1'],
    runs: 1,
    nextRunAt: null,
    counts: { ...counts, applied: 1, pending: 1 },
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'u-1',
    updatedAt: '2026-01-01T00:00:00.000Z',
    devices: {
      items: [
        {
          deviceId: 'dev-1',
          deviceName: 'mfp-1',
          run: 1,
          status: 'pending',
          attempts: 0,
          sentKeys: ['security.adminPassword'],
          outcomes: [],
          errorCode: null,
          errorMessage: null,
          nextAttemptAt: null,
          startedAt: null,
          finishedAt: null,
          updatedAt: '2026-01-01T00:00:00.000Z',
        },
      ],
      total: 1,
      page: 1,
      pageSize: 500,
    },
    ...over,
  };
}

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  await fixture.whenStable();
}

describe('deliveryRequest', () => {
  it('sends devices and groups, a schedule and a retry policy only when chosen', () => {
    const base = {
      templateId: 't',
      groupIds: [],
      deviceIds: ' a, b\nc ',
      when: 'now' as const,
      at: '',
      everyHours: 24,
      maxAttempts: 1,
      backoffMinutes: 5,
    };
    expect(deliveryRequest(base)).toEqual({ templateId: 't', deviceIds: ['a', 'b', 'c'] });
    const at = '2026-05-01T10:00';
    expect(deliveryRequest({ ...base, deviceIds: '', groupIds: ['g'], when: 'at', at, maxAttempts: 3 })).toEqual({
      templateId: 't',
      groupIds: ['g'],
      schedule: { at: new Date(at).toISOString() },
      retry: { maxAttempts: 3, backoffSeconds: 300 },
    });
    expect(deliveryRequest({ ...base, when: 'recurring', at, everyHours: 2 }).schedule).toEqual({
      start: new Date(at).toISOString(),
      everySeconds: 7200,
    });
    expect(stillRunning('running')).toBe(true);
    expect(stillRunning('completed')).toBe(false);
  });
});

describe('FwDeliveriesPage', () => {
  let fixture: ComponentFixture<FwDeliveriesPage>;
  let http: HttpTestingController;

  function setup(permissions: Permission[]): void {
    const user = userFactory({ permissions });
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      imports: [FwDeliveriesPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FwDeliveriesPage);
    fixture.detectChanges();
  }

  afterEach(() => {
    try {
      fixture.destroy();
      http.verify();
    } finally {
      sessionStorage.clear();
      TestBed.resetTestingModule();
    }
  });

  it('a read-only user sees the deliveries and their progress, without the form or buttons', async () => {
    setup([Permission.DeviceManagementRo]);
    const summary: DeliveryResponse = (({ devices: _devices, ...rest }) => rest)(delivery());
    http.expectOne('/api/v1/deliveries').flush([summary]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="delivery-form"]')).toBeNull();
    expect(el.querySelectorAll('[data-testid="delivery-row"]')).toHaveLength(1);
    expect(el.querySelector('[data-testid="delivery-status-d-1"]')?.textContent?.trim()).toBe('Running');
    expect(el.querySelector('[data-testid="delivery-retry-d-1"]')).toBeNull();
    (el.querySelector('[data-testid="delivery-open-d-1"]') as HTMLButtonElement).click();
    http.expectOne((r) => r.url === '/api/v1/deliveries/d-1').flush(delivery());
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-device-status-dev-1"]')?.textContent?.trim()).toBe('Pending');

    // While it runs, the progress is read again; a finished delivery stops the refresh.
    const refreshing = fixture.componentInstance.refresh();
    const done = delivery({
      status: 'completed',
      devices: { ...delivery().devices, items: [{ ...delivery().devices.items[0], status: 'applied', attempts: 1 }] },
    });
    http.expectOne((r) => r.url === '/api/v1/deliveries/d-1').flush(done);
    await refreshing;
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-device-status-dev-1"]')?.textContent?.trim()).toBe('Applied');
  });

  it('RW creates a delivery from a template for a group, and can retry and cancel', async () => {
    setup([Permission.DeviceManagementRw, Permission.DeviceGroupManagement]);
    http.expectOne('/api/v1/deliveries').flush([]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    http.expectOne('/api/v1/templates').flush([{ id: 't-1', name: 'Rotation', version: 2 }]);
    http.expectOne('/api/v1/device-groups').flush([{ id: 'g-1', name: 'Office', deviceCount: 3 }]);
    await settle(fixture);
    const page = fixture.componentInstance as unknown as { form: { templateId: string; groupIds: string[] } };
    page.form.templateId = 't-1';
    page.form.groupIds = ['g-1'];
    const el = fixture.nativeElement as HTMLElement;
    (el.querySelector('[data-testid="delivery-submit"]') as HTMLButtonElement).click();
    const create = http.expectOne('/api/v1/deliveries');
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toEqual({ templateId: 't-1', groupIds: ['g-1'] });
    create.flush(delivery());
    await settle(fixture);
    http.expectOne('/api/v1/deliveries').flush([delivery()]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    await settle(fixture);
    (el.querySelector('[data-testid="delivery-cancel-d-1"]') as HTMLButtonElement).click();
    const cancel = http.expectOne('/api/v1/deliveries/d-1/cancel');
    expect(cancel.request.method).toBe('POST');
    cancel.flush(delivery({ status: 'cancelled' }));
    await settle(fixture);
    http.expectOne('/api/v1/deliveries').flush([delivery({ status: 'cancelled' })]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-cancel-d-1"]')).toBeNull();
  });

  it('shows the drift check results: in sync or drifted with the differences', async () => {
    setup([Permission.DeviceManagementRo]);
    http.expectOne('/api/v1/deliveries').flush([]);
    http.expectOne('/api/v1/template-assignments').flush([
      {
        id: 'a-1',
        templateId: 't-1',
        templateName: 'Rotation',
        deviceIds: [],
        groupIds: ['g-1'],
        everySeconds: 3600,
        autoEnforce: false,
        nextCheckAt: '2026-01-01T01:00:00.000Z',
        lastCheckedAt: '2026-01-01T00:00:00.000Z',
        lastDeliveryId: null,
        counts: { inSync: 1, drifted: 1, unreadable: 0, notApplicable: 0 },
        notApplicableKeys: 0,
        createdAt: '2026-01-01T00:00:00.000Z',
        createdBy: 'u-1',
      },
    ]);
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="drift-counts-a-1"]')?.textContent?.trim()).toBe(
      '1 in sync, 1 drifted, 0 unreadable, 0 not applicable',
    );
    expect(el.querySelector('[data-testid="drift-check-a-1"]')).toBeNull();
    (el.querySelector('[data-testid="drift-results-a-1"]') as HTMLButtonElement).click();
    http.expectOne('/api/v1/template-assignments/a-1/results').flush([
      {
        deviceId: 'dev-2',
        deviceName: 'mfp-2',
        status: 'drifted',
        differences: [{ key: 'time.timeZone', expected: 'Europe/Paris', actual: 'Asia/Tokyo' }],
        unreadable: [],
        notApplicable: [],
        templateVersion: 2,
        checkedAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="drift-status-dev-2"]')?.textContent?.trim()).toBe('Drifted');
    expect(el.querySelector('[data-testid="drift-results-table"]')?.textContent).toContain(
      'time.timeZone: "Europe/Paris" → "Asia/Tokyo"',
    );
  });

  it('settings a device does not support are shown as not applicable, in the drift check and in a delivery', async () => {
    setup([Permission.DeviceManagementRo]);
    http.expectOne('/api/v1/deliveries').flush([delivery({ status: 'completed' })]);
    http.expectOne('/api/v1/template-assignments').flush([
      {
        id: 'a-3',
        templateId: 't-1',
        templateName: 'Rotation',
        deviceIds: [],
        groupIds: ['g-1'],
        everySeconds: 3600,
        autoEnforce: false,
        nextCheckAt: '2026-01-01T01:00:00.000Z',
        lastCheckedAt: '2026-01-01T00:00:00.000Z',
        lastDeliveryId: null,
        counts: { inSync: 2, drifted: 0, unreadable: 0, notApplicable: 0 },
        notApplicableKeys: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        createdBy: 'u-1',
      },
    ]);
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="drift-counts-a-3"]')?.textContent).toContain(
      '2 in sync, 0 drifted, 0 unreadable, 0 not applicable',
    );
    expect(el.querySelector('[data-testid="drift-not-applicable-keys-a-3"]')?.textContent?.trim()).toBe(
      '1 settings not applicable to their device (not checked)',
    );
    (el.querySelector('[data-testid="drift-results-a-3"]') as HTMLButtonElement).click();
    http.expectOne('/api/v1/template-assignments/a-3/results').flush([
      {
        deviceId: 'dev-7',
        deviceName: 'printer-7',
        status: 'inSync',
        differences: [],
        unreadable: [],
        notApplicable: [{ key: 'time.timeZone', reason: 'not supported by this driver' }],
        templateVersion: 2,
        checkedAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="drift-status-dev-7"]')?.textContent?.trim()).toBe('In sync');
    expect(el.querySelector('[data-testid="drift-not-applicable-dev-7"]')?.textContent?.trim()).toBe(
      'time.timeZone: Not applicable (not supported by this driver)',
    );
    expect(el.querySelector('[data-testid="drift-unreadable-dev-7"]')).toBeNull();

    (el.querySelector('[data-testid="delivery-open-d-1"]') as HTMLButtonElement).click();
    const row = delivery({ status: 'completed' }).devices.items[0];
    http
      .expectOne((r) => r.url === '/api/v1/deliveries/d-1')
      .flush(
        delivery({
          status: 'completed',
          devices: {
            items: [
              {
                ...row,
                status: 'applied',
                attempts: 1,
                outcomes: [
                  { key: 'identity.contact', status: 'applied' },
                  { key: 'time.timeZone', status: 'unsupported', message: 'not writable over SNMP on this device' },
                ],
              },
            ],
            total: 1,
            page: 1,
            pageSize: 500,
          },
        }),
      );
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-device-status-dev-1"]')?.textContent?.trim()).toBe('Applied');
    expect(el.querySelector('[data-testid="delivery-not-applicable-dev-1"]')?.textContent?.trim()).toBe(
      'time.timeZone: not applicable (not writable over SNMP on this device)',
    );
  });

  it('RW creates a drift-check assignment for a group; its first check runs at once and lists each device', async () => {
    setup([Permission.DeviceManagementRw, Permission.DeviceGroupManagement]);
    http.expectOne('/api/v1/deliveries').flush([]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    http.expectOne('/api/v1/templates').flush([{ id: 't-1', name: 'Rotation', version: 2 }]);
    http.expectOne('/api/v1/device-groups').flush([{ id: 'g-1', name: 'Office', deviceCount: 3 }]);
    await settle(fixture);
    const page = fixture.componentInstance as unknown as {
      assignmentForm: { templateId: string; groupIds: string[]; everyHours: number; autoEnforce: boolean };
    };
    page.assignmentForm.templateId = 't-1';
    page.assignmentForm.groupIds = ['g-1'];
    page.assignmentForm.everyHours = 2;
    page.assignmentForm.autoEnforce = true;
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="drift-auto-enforce"]')?.textContent).toContain('auto-enforce');
    (el.querySelector('[data-testid="drift-submit"]') as HTMLButtonElement).click();
    const create = http.expectOne('/api/v1/template-assignments');
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toEqual({
      templateId: 't-1',
      groupIds: ['g-1'],
      everySeconds: 7200,
      autoEnforce: true,
    });
    const assignment = {
      id: 'a-2',
      templateId: 't-1',
      templateName: 'Rotation',
      deviceIds: [],
      groupIds: ['g-1'],
      everySeconds: 7200,
      autoEnforce: true,
      nextCheckAt: '2026-01-01T02:00:00.000Z',
      lastCheckedAt: null,
      lastDeliveryId: null,
      counts: { inSync: 0, drifted: 0, unreadable: 0, notApplicable: 0 },
      notApplicableKeys: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'u-1',
    };
    create.flush(assignment);
    await settle(fixture);
    const check = http.expectOne('/api/v1/template-assignments/a-2/check');
    expect(check.request.method).toBe('POST');
    const checked = {
      ...assignment,
      lastCheckedAt: '2026-01-01T00:00:01.000Z',
      counts: { inSync: 1, drifted: 0, unreadable: 1, notApplicable: 0 },
    };
    check.flush(checked);
    await settle(fixture);
    http.expectOne('/api/v1/deliveries').flush([]);
    http.expectOne('/api/v1/template-assignments').flush([checked]);
    await settle(fixture);
    http.expectOne('/api/v1/template-assignments/a-2/results').flush([
      {
        deviceId: 'dev-1',
        deviceName: 'mfp-1',
        status: 'inSync',
        differences: [],
        unreadable: [],
        notApplicable: [],
        templateVersion: 2,
        checkedAt: '2026-01-01T00:00:01.000Z',
      },
      {
        deviceId: 'dev-3',
        deviceName: 'mfp-3',
        status: 'unreadable',
        differences: [],
        unreadable: [{ key: 'time.timeZone', reason: 'the device did not answer' }],
        notApplicable: [],
        templateVersion: 2,
        checkedAt: '2026-01-01T00:00:01.000Z',
      },
    ]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="drift-counts-a-2"]')?.textContent?.trim()).toBe(
      '1 in sync, 0 drifted, 1 unreadable, 0 not applicable',
    );
    expect(el.querySelector('[data-testid="drift-status-dev-1"]')?.textContent?.trim()).toBe('In sync');
    expect(el.querySelector('[data-testid="drift-status-dev-3"]')?.textContent?.trim()).toBe('Unreadable');
    expect(el.querySelector('[data-testid="drift-unreadable-dev-3"]')?.textContent?.trim()).toBe(
      'time.timeZone: the device did not answer',
    );
  });

  it('the assignment request: period in seconds, optional first check as an ISO date-time', () => {
    const base = { templateId: 't', groupIds: ['g'], everyHours: 0.5, start: '', autoEnforce: false };
    expect(assignmentRequest(base)).toEqual({
      templateId: 't',
      groupIds: ['g'],
      everySeconds: 1800,
      autoEnforce: false,
    });
    expect(assignmentRequest({ ...base, start: '2026-03-01T09:00' }).start).toBe(
      new Date('2026-03-01T09:00').toISOString(),
    );
  });

  it('RW picks devices by name for a delivery instead of typing ids', async () => {
    setup([Permission.DeviceManagementRw]);
    http.expectOne('/api/v1/deliveries').flush([]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    http.expectOne('/api/v1/templates').flush([{ id: 't-1', name: 'Rotation', version: 2 }]);
    http.expectOne('/api/v1/device-groups').flush([]);
    await settle(fixture);
    const page = fixture.componentInstance as unknown as { form: { templateId: string }; deviceSearch: string };
    page.form.templateId = 't-1';
    page.deviceSearch = 'tokyo';
    const el = fixture.nativeElement as HTMLElement;
    (el.querySelector('[data-testid="delivery-device-search-button"]') as HTMLButtonElement).click();
    const search = http.expectOne((r) => r.url === '/api/v1/devices');
    expect(search.request.params.get('search')).toBe('tokyo');
    search.flush({
      items: [
        { id: 'dev-1', name: 'Tokyo MFP 01', address: '10.0.0.1' },
        { id: 'dev-2', name: 'Tokyo MFP 02', address: '10.0.0.2' },
      ],
      total: 2,
      page: 1,
      pageSize: 20,
    });
    await settle(fixture);
    (el.querySelector('[data-testid="delivery-device-add-dev-2"]') as HTMLButtonElement).click();
    (el.querySelector('[data-testid="delivery-device-add-dev-1"]') as HTMLButtonElement).click();
    (el.querySelector('[data-testid="delivery-device-add-dev-2"]') as HTMLButtonElement).click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-picked"]')?.textContent).toContain('Tokyo MFP 02');
    (el.querySelector('[data-testid="delivery-picked-dev-1"]') as HTMLButtonElement).click();
    await settle(fixture);
    (el.querySelector('[data-testid="delivery-submit"]') as HTMLButtonElement).click();
    const create = http.expectOne('/api/v1/deliveries');
    expect(create.request.body).toEqual({ templateId: 't-1', deviceIds: ['dev-2'] });
    create.flush(delivery());
    await settle(fixture);
    http.expectOne('/api/v1/deliveries').flush([delivery()]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-picked"]')).toBeNull();
  });
});
