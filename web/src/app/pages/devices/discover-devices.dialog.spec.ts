import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatDialogRef } from '@angular/material/dialog';
import type { DiscoveryRunResponse } from '@fleetward/contracts';
import {
  adoptRequest,
  credentialInput,
  discoveryRequest,
  emptyCredential,
  FwDiscoverDevicesDialog,
  FwDiscoveryFormError,
} from './discover-devices.dialog';

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  await fixture.whenStable();
}

const RUN: DiscoveryRunResponse = {
  id: 'run-1',
  edgeId: 'e-1',
  range: '10.0.0.0/29',
  startedAt: '2026-05-04T08:00:00.000Z',
  finishedAt: '2026-05-04T08:00:02.000Z',
  expiresAt: '2026-05-05T08:00:00.000Z',
  devices: [
    {
      host: '10.0.0.1',
      port: 161,
      snmpVersion: '2c',
      credentialIndex: 0,
      vendor: 'Acme',
      model: 'MFP 5000i',
      serialNumber: 'S1',
      alreadyAdded: false,
    },
    {
      host: '10.0.0.2',
      port: 161,
      snmpVersion: '2c',
      credentialIndex: 0,
      vendor: 'Acme',
      model: 'MFP 4000i',
      serialNumber: 'S2',
      alreadyAdded: false,
    },
    {
      host: '10.0.0.3',
      port: 161,
      snmpVersion: '2c',
      credentialIndex: 0,
      vendor: null,
      model: null,
      serialNumber: null,
      alreadyAdded: true,
    },
  ],
};

describe('discovery form helpers', () => {
  it('builds the request: trimmed range, optional port, credentials per version', () => {
    const v3 = {
      ...emptyCredential(),
      version: '3' as const,
      user: ' ops ',
      authKey: 'auth-key-1',
      privKey: 'priv-key-1',
    };
    expect(
      discoveryRequest({
        edgeId: 'e-1',
        range: ' 10.0.0.0/29 ',
        port: '',
        credentials: [{ ...emptyCredential(), community: 'c1' }, v3],
      }),
    ).toEqual({
      range: '10.0.0.0/29',
      credentials: [
        { version: '2c', community: 'c1' },
        {
          version: '3',
          user: 'ops',
          level: 'authPriv',
          authProtocol: 'sha',
          authKey: 'auth-key-1',
          privProtocol: 'aes',
          privKey: 'priv-key-1',
        },
      ],
    });
    expect(credentialInput({ ...v3, level: 'noAuthNoPriv' })).toEqual({
      version: '3',
      user: 'ops',
      level: 'noAuthNoPriv',
    });
    expect(discoveryRequest({ edgeId: 'e-1', range: 'x', port: '1161', credentials: [emptyCredential()] }).port).toBe(
      1161,
    );
  });

  it('refuses a missing edge, range, credential or a bad port', () => {
    const ok = { edgeId: 'e-1', range: '10.0.0.0/29', port: '', credentials: [emptyCredential()] };
    expect(() => discoveryRequest({ ...ok, edgeId: '' })).toThrow(FwDiscoveryFormError);
    expect(() => discoveryRequest({ ...ok, range: ' ' })).toThrow(FwDiscoveryFormError);
    expect(() => discoveryRequest({ ...ok, port: '70000' })).toThrow(FwDiscoveryFormError);
    expect(() => discoveryRequest({ ...ok, credentials: [] })).toThrow(FwDiscoveryFormError);
  });

  it('adopts the checked devices by address, with the prefix only when set', () => {
    expect(adoptRequest(RUN.devices.slice(0, 1), ['g-1'], '')).toEqual({
      hosts: [{ host: '10.0.0.1', port: 161 }],
      groupIds: ['g-1'],
    });
    expect(adoptRequest([], [], 'Floor 3 ').namePrefix).toBe('Floor 3 ');
  });
});

describe('FwDiscoverDevicesDialog', () => {
  let http: HttpTestingController;
  const close = vi.fn();

  beforeEach(() => {
    close.mockReset();
    TestBed.configureTestingModule({
      imports: [FwDiscoverDevicesDialog],
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: MatDialogRef, useValue: { close } }],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('scans through the edge, lists what it found, and adds the selected devices to the groups', async () => {
    const fixture = TestBed.createComponent(FwDiscoverDevicesDialog);
    fixture.detectChanges();
    http.expectOne('/api/v1/edges').flush([{ id: 'e-1', name: 'Site A' }]);
    http.expectOne('/api/v1/device-groups').flush([{ id: 'g-1', name: 'Floor 3', description: '', deviceCount: 0 }]);
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    const type = (id: string, value: string) => {
      const input = el.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('discover-range', '10.0.0.0/29');
    type('discover-community-0', 'secret-community');
    await settle(fixture);
    (el.querySelector('[data-testid="discover-scan"]') as HTMLButtonElement).click();
    const scan = http.expectOne('/api/v1/edges/e-1/discoveries');
    expect(scan.request.method).toBe('POST');
    expect(scan.request.body).toEqual({
      range: '10.0.0.0/29',
      credentials: [{ version: '2c', community: 'secret-community' }],
    });
    scan.flush(RUN);
    await settle(fixture);
    expect(el.querySelector('[data-testid="discover-found"]')?.textContent).toContain('3 devices found in 10.0.0.0/29');
    expect(el.querySelector('[data-testid="discover-row-10.0.0.3"]')?.textContent).toContain('Already added');
    // Everything not yet added starts selected; uncheck the second one.
    expect(el.querySelector('[data-testid="discover-adopt"]')?.textContent).toContain('Add selected (2)');
    (el.querySelector('[data-testid="discover-select-10.0.0.2"] input') as HTMLInputElement).click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="discover-adopt"]')?.textContent).toContain('Add selected (1)');
    (fixture.componentInstance as unknown as { groupIds: string[] }).groupIds = ['g-1'];
    (el.querySelector('[data-testid="discover-adopt"]') as HTMLButtonElement).click();
    const adopt = http.expectOne('/api/v1/edges/e-1/discoveries/run-1/adopt');
    expect(adopt.request.body).toEqual({ hosts: [{ host: '10.0.0.1', port: 161 }], groupIds: ['g-1'] });
    adopt.flush({ results: [{ host: '10.0.0.1', port: 161, ok: true, deviceId: 'd-1' }] });
    await settle(fixture);
    expect(el.querySelector('[data-testid="discover-row-10.0.0.1"]')?.textContent).toContain('Added');
    (el.querySelector('[data-testid="discover-close"]') as HTMLButtonElement).click();
    expect(close).toHaveBeenCalledWith(true);
  });

  it('shows a form error instead of scanning without a range', async () => {
    const fixture = TestBed.createComponent(FwDiscoverDevicesDialog);
    fixture.detectChanges();
    http.expectOne('/api/v1/edges').flush([{ id: 'e-1', name: 'Site A' }]);
    http.expectOne('/api/v1/device-groups').flush([]);
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    (el.querySelector('[data-testid="discover-scan"]') as HTMLButtonElement).click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="discover-error"]')?.textContent).toContain('Enter an address range');
    http.expectNone('/api/v1/edges/e-1/discoveries');
  });
});
