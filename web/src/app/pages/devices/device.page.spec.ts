import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { DeviceDetailResponse, HistoryResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { SESSION_STORAGE_KEY } from '../../core/auth/auth.service';
import { userFactory } from '../../core/test-factories';
import { FwDevicePage } from './device.page';

function detail(): DeviceDetailResponse {
  return {
    id: 'd-1',
    name: 'printer-1',
    address: '127.0.0.9',
    edgeId: 'e-1',
    groupIds: ['g-1'],
    port: 161,
    location: '3F',
    vendor: 'Acme',
    model: 'LaserJet',
    serialNumber: 'SN-42',
    status: 'error',
    errors: ['jammed', 'lowToner'],
    lastSeen: '2026-11-20T10:00:00.000Z',
    lastPoll: { at: '2026-11-20T10:05:00.000Z', outcome: 'failed', errorCode: 'timeout', errorMessage: 'no answer' },
    identity: {
      vendor: 'Acme',
      model: 'LaserJet',
      serialNumber: 'SN-42',
      firmware: '1.2',
      sysName: null,
      sysLocation: null,
    },
    snmp: null,
    hasAdminPassword: false,
    driverId: null,
    supplies: [
      {
        index: 1,
        description: 'Black Toner',
        partNumber: null,
        serialNumber: null,
        type: 'toner',
        class: 'consumed',
        color: 'black',
        colorSource: 'colorant',
        remainingPercent: null,
        state: 'low',
        raw: { level: -3, max: -2, unit: null },
      },
    ],
    trays: [],
    counters: { total: 1200, black: null, color: null, print: null, copy: null, scan: null, fax: null, markers: [] },
    alerts: [],
    unreadable: [],
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };
}

function history<T>(items: T[]): HistoryResponse<T> {
  return { deviceId: 'd-1', from: '2026-10-27T00:00:00.000Z', to: '2026-11-26T00:00:00.000Z', items };
}

describe('FwDevicePage', () => {
  afterEach(() => {
    sessionStorage.clear();
    TestBed.resetTestingModule();
  });

  it('shows identity, translated errors, the state word for an unknown level and the period history', async () => {
    const user = userFactory({ permissions: [Permission.DeviceManagementRo] });
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      imports: [FwDevicePage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(FwDevicePage);
    fixture.componentRef.setInput('id', 'd-1');
    fixture.detectChanges();
    http
      .expectOne('/api/v1/device-groups')
      .flush([{ id: 'g-1', name: 'Tokyo', description: '', deviceCount: 1, createdAt: '', updatedAt: '' }]);
    http.expectOne('/api/v1/edges').flush([{ id: 'e-1', name: 'edge-tokyo' }]);
    http.expectOne('/api/v1/devices/d-1').flush(detail());
    const counters = http.expectOne((r) => r.url === '/api/v1/devices/d-1/history/counters');
    const from = Date.parse(counters.request.params.get('from') ?? '');
    const to = Date.parse(counters.request.params.get('to') ?? '');
    expect(to - from).toBe(30 * 24 * 60 * 60 * 1000);
    counters.flush(
      history([
        {
          at: '2026-11-01T00:00:00.000Z',
          total: 1000,
          black: null,
          color: null,
          print: null,
          copy: null,
          scan: null,
          fax: null,
        },
        {
          at: '2026-11-20T00:00:00.000Z',
          total: 1200,
          black: null,
          color: null,
          print: null,
          copy: null,
          scan: null,
          fax: null,
        },
      ]),
    );
    http.expectOne((r) => r.url === '/api/v1/devices/d-1/history/supplies').flush(history([]));
    http
      .expectOne((r) => r.url === '/api/v1/devices/d-1/history/status')
      .flush(history([{ at: '2026-11-20T10:00:00.000Z', status: 'error', errors: ['jammed'], message: null }]));
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    await fixture.whenStable();
    http.verify();

    const el = fixture.nativeElement as HTMLElement;
    const text = (id: string): string => el.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
    expect(text('device-error')).toBe('');
    expect(text('device-title')).toBe('printer-1');
    expect(text('device-state')).toBe('Error');
    expect(text('device-serial')).toBe('SN-42');
    expect(text('device-identity')).toContain('edge-tokyo');
    expect(text('device-identity')).toContain('Tokyo');
    expect(text('device-last-poll-error')).toContain('no answer');
    expect(text('device-errors')).toContain('Paper jam');
    expect(text('device-errors')).toContain('Toner low');
    expect(text('supply-state')).toBe('Low');
    expect(text('device-supplies')).not.toContain('%');
    expect(text('device-counters')).toContain('1200');
    expect(text('device-counters')).toContain('not reported');
    expect(el.querySelectorAll('[data-testid="device-counter-chart"] polyline')).toHaveLength(1);
    expect(text('device-supply-chart')).toContain('No readings in this period.');
    expect(text('device-status-history')).toContain('Paper jam');
    expect(el.querySelector('[data-testid="device-edit"]')).toBeNull();
  });
});
