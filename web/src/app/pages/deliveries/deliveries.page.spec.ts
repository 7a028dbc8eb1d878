import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { DeliveryDetailResponse, DeliveryResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { SESSION_STORAGE_KEY } from '../../core/auth/auth.service';
import { userFactory } from '../../core/test-factories';
import { FwDeliveriesPage } from './deliveries.page';
import {
  assignmentRequest,
  byDeviceName,
  deliveryRequest,
  groupByReason,
  notApplicableLines,
  progressParts,
  reasonLines,
  retryable,
  showValue,
  startingNow,
  stillRunning,
} from './delivery-form';

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

describe('delivery page helpers', () => {
  it('shows only the non-zero parts of the progress; partially applied is not failed', () => {
    expect(
      progressParts({ ...counts, applied: 5, partiallyApplied: 7, failed: 1, unreachable: 1, unsupported: 3 }),
    ).toEqual([
      { key: 'deliveries.progress.applied', n: 5 },
      { key: 'deliveries.progress.partiallyApplied', n: 7 },
      { key: 'deliveries.progress.failed', n: 2 },
      { key: 'deliveries.progress.unsupported', n: 3 },
    ]);
    expect(progressParts(counts)).toEqual([]);
    expect(retryable({ ...counts, applied: 3, unsupported: 2 })).toBe(0);
    expect(retryable({ ...counts, partiallyApplied: 1, unreachable: 2 })).toBe(3);
  });

  it('groups refused settings by the device reason; a device-level error alone when no setting has words', () => {
    expect(
      groupByReason([
        { key: 'time.ntp', reason: 'not writable over SNMP' },
        { key: 'network.dns', reason: 'not writable over SNMP' },
        { key: 'tls.minVersion', reason: 'TLS 1.3 is not supported by this firmware' },
      ]),
    ).toEqual([
      { reason: 'not writable over SNMP', keys: ['time.ntp', 'network.dns'] },
      { reason: 'TLS 1.3 is not supported by this firmware', keys: ['tls.minVersion'] },
    ]);
    const partial = {
      errorMessage: 'not writable over SNMP',
      outcomes: [
        { key: 'time.timeZone' as const, status: 'applied' as const },
        { key: 'time.ntp' as const, status: 'unsupported' as const, message: 'not writable over SNMP' },
      ],
    };
    // A setting the device does not have is not a refusal: it is listed as not applicable instead.
    expect(reasonLines(partial)).toEqual([]);
    expect(notApplicableLines(partial)).toEqual([{ reason: 'not writable over SNMP', keys: ['time.ntp'] }]);
    const refusedToo = {
      errorMessage: 'TLS 1.3 is not supported by this firmware',
      outcomes: [
        ...partial.outcomes,
        {
          key: 'tls.minVersion' as const,
          status: 'rejected' as const,
          message: 'TLS 1.3 is not supported by this firmware',
        },
      ],
    };
    expect(reasonLines(refusedToo)).toEqual([
      { reason: 'TLS 1.3 is not supported by this firmware', keys: ['tls.minVersion'] },
    ]);
    const failed = {
      errorMessage: 'SETTINGS_ACCESS_MISSING: the device SMB share is needed',
      outcomes: [{ key: 'time.ntp' as const, status: 'failed' as const, code: 'TRANSPORT_FAILED' }],
    };
    expect(reasonLines(failed)).toEqual([{ reason: failed.errorMessage, keys: [] }]);
  });

  it('a delivery for now is starting until its first run; values and rows are shown for people', () => {
    expect(startingNow({ status: 'scheduled', schedule: null, runs: 0 })).toBe(true);
    expect(startingNow({ status: 'scheduled', schedule: { at: '2026-01-01T00:00:00.000Z' }, runs: 0 })).toBe(false);
    expect(startingNow({ status: 'running', schedule: null, runs: 1 })).toBe(false);
    expect(showValue('Europe/Paris')).toBe('Europe/Paris');
    expect(showValue({ enabled: true })).toBe('{"enabled":true}');
    expect(showValue(null)).toBeNull();
    const rows = [
      { deviceId: 'c', deviceName: 'MFP 10' },
      { deviceId: 'a', deviceName: 'MFP 2' },
      { deviceId: 'b', deviceName: null },
    ];
    expect(byDeviceName(rows).map((r) => r.deviceId)).toEqual(['b', 'a', 'c']);
  });
});

describe('FwDeliveriesPage', () => {
  let fixture: ComponentFixture<FwDeliveriesPage>;
  let http: HttpTestingController;

  /** Opens the delivery or drift-check form with its header button. */
  async function openForm(id: 'delivery-new' | 'drift-new'): Promise<void> {
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!.click();
    await settle(fixture);
  }

  const root = () => fixture.nativeElement as HTMLElement;

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
    // The list row follows the open delivery (it said "Running" with the counts of its first read).
    expect(el.querySelector('[data-testid="delivery-status-d-1"]')?.textContent?.trim()).toBe('Completed');
  });

  it('a delivery for now is "Starting" until it runs; then each device with its reasons, by name', async () => {
    setup([Permission.DeviceManagementRo]);
    const waiting = delivery({
      status: 'scheduled',
      runs: 0,
      counts,
      devices: { items: [], total: 0, page: 1, pageSize: 500 },
    });
    const { devices: _devices, ...summary } = waiting;
    http.expectOne('/api/v1/deliveries').flush([summary]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    await settle(fixture);
    const el = root();
    expect(el.querySelector('[data-testid="delivery-status-d-1"]')?.textContent?.trim()).toBe('Starting');
    expect(el.querySelector('[data-testid="delivery-progress-d-1"]')?.textContent?.trim()).toBe('No device yet');
    (el.querySelector('[data-testid="delivery-open-d-1"]') as HTMLButtonElement).click();
    http.expectOne((r) => r.url === '/api/v1/deliveries/d-1').flush(waiting);
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-waiting"]')?.textContent).toContain('Starting');
    expect(el.querySelector('[data-testid="delivery-devices-table"]')).toBeNull();

    const row = delivery().devices.items[0];
    const ran = delivery({
      status: 'completed',
      counts: { ...counts, applied: 1, partiallyApplied: 1, failed: 1 },
      devices: {
        items: [
          {
            ...row,
            deviceId: 'dev-3',
            deviceName: 'MFP 10',
            status: 'partiallyApplied',
            errorMessage: 'not writable over SNMP on this device',
            outcomes: [
              { key: 'time.timeZone', status: 'applied' },
              { key: 'time.ntp', status: 'unsupported', message: 'not writable over SNMP on this device' },
              { key: 'network.dns', status: 'unsupported', message: 'not writable over SNMP on this device' },
            ],
          },
          {
            ...row,
            deviceId: 'dev-2',
            deviceName: 'MFP 9',
            status: 'failed',
            errorMessage: 'SETTINGS_ACCESS_MISSING: the device SMB share (access.smb) is needed for this family',
            outcomes: [{ key: 'time.ntp', status: 'failed', code: 'TRANSPORT_FAILED' }],
          },
          { ...row, deviceId: 'dev-1', deviceName: 'MFP 1', status: 'applied' },
        ],
        total: 3,
        page: 1,
        pageSize: 500,
      },
    });
    const refreshing = fixture.componentInstance.refresh();
    http.expectOne((r) => r.url === '/api/v1/deliveries/d-1').flush(ran);
    await refreshing;
    await settle(fixture);
    const names = [...el.querySelectorAll('[data-testid="delivery-device-row"]')].map((r) =>
      r.querySelector('td')?.textContent?.trim(),
    );
    expect(names).toEqual(['MFP 1', 'MFP 9', 'MFP 10']);
    expect(el.querySelector('[data-testid="delivery-not-applicable-dev-3"]')?.textContent?.trim()).toBe(
      'Not applicable — not writable over SNMP on this device: NTP, DNS',
    );
    expect(el.querySelector('[data-testid="delivery-device-reason-dev-2"]')?.textContent?.trim()).toBe(
      'SETTINGS_ACCESS_MISSING: the device SMB share (access.smb) is needed for this family',
    );
    expect(el.querySelector('[data-testid="delivery-progress-d-1"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '1 applied, 1 partially applied, 1 failed',
    );
  });

  it('a delivery refused because it would cut Fleetward off is sent again only when the user accepts it', async () => {
    setup([Permission.DeviceManagementRw, Permission.DeviceGroupManagement]);
    http.expectOne('/api/v1/deliveries').flush([]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    http
      .expectOne('/api/v1/templates')
      .flush([{ id: 't-1', name: 'SNMP off', version: 1, keys: ['snmp.v1v2cEnabled'] }]);
    http.expectOne('/api/v1/device-groups').flush([{ id: 'g-1', name: 'Office', deviceCount: 3 }]);
    await settle(fixture);
    await openForm('delivery-new');
    http.expectOne((r) => r.url === '/api/v1/devices').flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle(fixture);
    const page = fixture.componentInstance as unknown as {
      form: { templateId: string; groupIds: string[] };
      acceptAccessLoss: boolean;
    };
    page.form.templateId = 't-1';
    page.form.groupIds = ['g-1'];
    const el = root();
    expect(el.querySelector('[data-testid="delivery-accept-access-loss"]')).toBeNull();
    (el.querySelector('[data-testid="delivery-submit"]') as HTMLButtonElement).click();
    const refused = http.expectOne('/api/v1/deliveries');
    expect(refused.request.body).toEqual({ templateId: 't-1', groupIds: ['g-1'] });
    refused.flush(
      {
        code: 'DELIVERY_CUTS_OFF_ACCESS',
        message: 'The template turns off SNMP v1/v2c, which Fleetward polls MFP 1 with',
        correlationId: 'c',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-form-error"]')?.textContent).toContain('turns off SNMP v1/v2c');
    expect(el.querySelector('[data-testid="delivery-accept-access-loss"]')).not.toBeNull();
    // Sent again without ticking: still no consent.
    (el.querySelector('[data-testid="delivery-submit"]') as HTMLButtonElement).click();
    const again = http.expectOne('/api/v1/deliveries');
    expect(again.request.body).toEqual({ templateId: 't-1', groupIds: ['g-1'] });
    again.flush(
      { code: 'DELIVERY_CUTS_OFF_ACCESS', message: 'still refused', correlationId: 'c' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(fixture);
    page.acceptAccessLoss = true;
    (el.querySelector('[data-testid="delivery-submit"]') as HTMLButtonElement).click();
    const accepted = http.expectOne('/api/v1/deliveries');
    expect(accepted.request.body).toEqual({ templateId: 't-1', groupIds: ['g-1'], acceptAccessLoss: true });
    accepted.flush(delivery({ acceptAccessLoss: true }));
    await settle(fixture);
    http.expectOne('/api/v1/deliveries').flush([delivery({ acceptAccessLoss: true })]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    await settle(fixture);
    expect(page.acceptAccessLoss).toBe(false);
  });

  it('RW creates a delivery from a template for a group, and can retry and cancel', async () => {
    setup([Permission.DeviceManagementRw, Permission.DeviceGroupManagement]);
    http.expectOne('/api/v1/deliveries').flush([]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    http
      .expectOne('/api/v1/templates')
      .flush([{ id: 't-1', name: 'Rotation', version: 2, keys: ['security.adminPassword'] }]);
    http.expectOne('/api/v1/device-groups').flush([{ id: 'g-1', name: 'Office', deviceCount: 3 }]);
    await settle(fixture);
    expect(root().querySelector('[data-testid="delivery-form"]')).toBeNull();
    await openForm('delivery-new');
    http.expectOne((r) => r.url === '/api/v1/devices').flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle(fixture);
    const page = fixture.componentInstance as unknown as { form: { templateId: string; groupIds: string[] } };
    const el = root();
    // Nothing chosen: said in the form, nothing sent.
    (el.querySelector('[data-testid="delivery-submit"]') as HTMLButtonElement).click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-form-error"]')?.textContent).toContain('Choose a template');
    page.form.templateId = 't-1';
    (el.querySelector('[data-testid="delivery-submit"]') as HTMLButtonElement).click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-form-error"]')?.textContent).toContain(
      'at least one device group or device',
    );
    http.expectNone('/api/v1/deliveries');
    page.form.groupIds = ['g-1'];
    const submit = el.querySelector('[data-testid="delivery-submit"]') as HTMLButtonElement;
    submit.click();
    await settle(fixture);
    // A second click while the first is sent creates nothing more.
    expect(submit.disabled).toBe(true);
    submit.click();
    const create = http.expectOne('/api/v1/deliveries');
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toEqual({ templateId: 't-1', groupIds: ['g-1'] });
    create.flush(delivery());
    await settle(fixture);
    http.expectOne('/api/v1/deliveries').flush([delivery()]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="delivery-form"]')).toBeNull();
    expect(el.querySelector('[data-testid="delivery-retry-d-1"]')).toBeNull(); // nothing failed
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
    expect(el.querySelector('[data-testid="drift-difference-dev-2"]')?.textContent?.trim()).toBe(
      'Time zone: expected Europe/Paris, the device has Asia/Tokyo',
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
      'Not applicable — not supported by this driver: Time zone',
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
      'Not applicable — not writable over SNMP on this device: Time zone',
    );
  });

  it('RW creates a drift-check assignment for a group; its first check runs at once and lists each device', async () => {
    setup([Permission.DeviceManagementRw, Permission.DeviceGroupManagement]);
    http.expectOne('/api/v1/deliveries').flush([]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    http
      .expectOne('/api/v1/templates')
      .flush([{ id: 't-1', name: 'Rotation', version: 2, keys: ['security.adminPassword'] }]);
    http.expectOne('/api/v1/device-groups').flush([{ id: 'g-1', name: 'Office', deviceCount: 3 }]);
    await settle(fixture);
    await openForm('drift-new');
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
      'the device did not answer: Time zone',
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
    http
      .expectOne('/api/v1/templates')
      .flush([{ id: 't-1', name: 'Rotation', version: 2, keys: ['security.adminPassword'] }]);
    http.expectOne('/api/v1/device-groups').flush([]);
    await settle(fixture);
    await openForm('delivery-new');
    // The first devices are listed at once.
    http.expectOne((r) => r.url === '/api/v1/devices').flush({ items: [], total: 0, page: 1, pageSize: 20 });
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

  it('warns before a template that sets the device name goes to a group', async () => {
    setup([Permission.DeviceManagementRw, Permission.DeviceGroupManagement]);
    http.expectOne('/api/v1/deliveries').flush([]);
    http.expectOne('/api/v1/template-assignments').flush([]);
    http.expectOne('/api/v1/templates').flush([
      { id: 't-1', name: 'Rotation', version: 2, keys: ['security.adminPassword'] },
      { id: 't-2', name: 'Captured', version: 1, keys: ['identity.deviceName', 'time.timeZone'] },
    ]);
    http.expectOne('/api/v1/device-groups').flush([{ id: 'g-1', name: 'Office', deviceCount: 3 }]);
    await settle(fixture);
    await openForm('delivery-new');
    http.expectOne((r) => r.url === '/api/v1/devices').flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle(fixture);
    const page = fixture.componentInstance as unknown as { form: { templateId: string; groupIds: string[] } };
    const el = root();
    const warning = () => el.querySelector('[data-testid="delivery-per-device-warning"]')?.textContent ?? null;
    // The form's fields are set as the selects would; a click then lets the page render them.
    const choose = async (templateId: string) => {
      page.form.templateId = templateId;
      page.form.groupIds = ['g-1'];
      (el.querySelector('[data-testid="delivery-device-search-button"]') as HTMLButtonElement).click();
      http.expectOne((r) => r.url === '/api/v1/devices').flush({ items: [], total: 0, page: 1, pageSize: 20 });
      await settle(fixture);
    };
    await choose('t-1');
    expect(warning()).toBeNull();
    await choose('t-2');
    expect(warning()).toContain('Template "Captured" sets the device name or location');
  });
});
