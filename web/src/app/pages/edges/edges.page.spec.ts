import { Clipboard } from '@angular/cdk/clipboard';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CreatedEdgeResponse, EdgeDetailResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { SESSION_STORAGE_KEY } from '../../core/auth/auth.service';
import { userFactory } from '../../core/test-factories';
import { edgeStartCommand } from './edge-activation.dialog';
import { FwEdgesPage } from './edges.page';

function edgeFactory(overrides: Partial<EdgeDetailResponse> = {}): EdgeDetailResponse {
  return {
    id: 'e-1',
    name: 'Site A',
    url: 'https://10.0.0.5:5000',
    hasToken: false,
    hasCaPem: false,
    version: '0.1.0',
    lastSeenAt: '2026-06-01T08:00:00.000Z',
    lastErrorAt: null,
    lastError: null,
    status: 'online',
    activatedAt: '2026-06-01T07:00:00.000Z',
    deviceCount: 3,
    ...overrides,
  };
}

/** Lets the answered requests' promises run, then renders. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  await fixture.whenStable();
}

const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);

describe('edgeStartCommand', () => {
  it('gives the exact command with the server URL (no trailing slash) and the code', () => {
    expect(edgeStartCommand('https://fleetward.example:8443/', 'FWA1-abc-def')).toBe(
      'FLEETWARD_EDGE_SERVER_URL=https://fleetward.example:8443 FLEETWARD_EDGE_ACTIVATION_CODE=FWA1-abc-def npm run edge',
    );
  });
});

describe('FwEdgesPage', () => {
  let fixture: ComponentFixture<FwEdgesPage>;
  let http: HttpTestingController;
  const copied: string[] = [];

  async function setup(permissions: Permission[], edges: EdgeDetailResponse[]): Promise<void> {
    const user = userFactory({ permissions });
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      imports: [FwEdgesPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Clipboard, useValue: { copy: (text: string) => copied.push(text) > 0 } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FwEdgesPage);
    fixture.detectChanges();
    http.expectOne('/api/v1/edges').flush(edges);
    await settle(fixture);
  }

  afterEach(() => {
    http.verify();
    sessionStorage.clear();
    copied.length = 0;
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = ''));
    TestBed.resetTestingModule();
  });

  it('lists edges with status chip, version, last error and device count', async () => {
    await setup(
      [Permission.SystemManagement],
      [
        edgeFactory(),
        edgeFactory({
          id: 'e-2',
          name: 'Site B',
          status: 'offline',
          lastError: 'Edge "Site B" is unreachable: ECONNREFUSED',
          lastErrorAt: '2026-06-01T08:01:00.000Z',
          deviceCount: 0,
        }),
        edgeFactory({ id: 'e-3', name: 'Site C', status: 'pending', url: null, version: null, lastSeenAt: null }),
      ],
    );
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="edge-status-e-1"]')?.textContent).toContain('Online');
    expect(el.querySelector('[data-testid="edge-status-e-2"]')?.textContent).toContain('Offline');
    expect(el.querySelector('[data-testid="edge-status-e-3"]')?.textContent).toContain('Not activated');
    expect(el.querySelector('[data-testid="edge-error-e-2"]')?.textContent).toContain('ECONNREFUSED');
    expect(el.querySelector('[data-testid="edge-row-e-1"]')?.textContent).toContain('0.1.0');
    expect(el.querySelector('[data-testid="edge-row-e-3"]')?.textContent).toContain('Never');
    expect(el.querySelector('[data-testid="edge-register"]')).not.toBeNull();
  });

  it('registers an edge and shows the code once with the start command and a copy button', async () => {
    await setup([Permission.SystemManagement], []);
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid="edge-register"]')!.click();
    await settle(fixture);
    const name = byTestId('edge-name') as HTMLInputElement;
    name.value = 'Site D';
    name.dispatchEvent(new Event('input'));
    (byTestId('edge-register-submit') as HTMLButtonElement).click();
    const req = http.expectOne('/api/v1/edges');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ name: 'Site D' });
    const created: CreatedEdgeResponse = {
      id: 'e-4',
      name: 'Site D',
      activation: { code: 'FWA1-secretpart-fingerprint', expiresAt: '2026-06-02T08:00:00.000Z' },
    };
    req.flush(created);
    await settle(fixture);
    expect(byTestId('edge-activation-code')?.textContent).toContain('FWA1-secretpart-fingerprint');
    const command = byTestId('edge-start-command')?.textContent?.trim();
    expect(command).toBe(edgeStartCommand(window.location.origin, 'FWA1-secretpart-fingerprint'));
    (byTestId('edge-command-copy') as HTMLButtonElement).click();
    await settle(fixture);
    expect(copied).toEqual([command]);
    expect(byTestId('edge-command-copied')).not.toBeNull();
    (byTestId('edge-dialog-done') as HTMLButtonElement).click();
    await settle(fixture);
    // The dialog closes after its animation; then the page reloads the list.
    let reload = http.match('/api/v1/edges');
    for (let i = 0; i < 100 && reload.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      reload = http.match('/api/v1/edges');
    }
    expect(reload).toHaveLength(1);
    reload[0].flush([edgeFactory({ id: 'e-4', name: 'Site D', status: 'pending' })]);
    await settle(fixture);
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="edge-row-e-4"]')).not.toBeNull();
  });

  it('issues a new activation code for a pending edge without asking', async () => {
    await setup([Permission.SystemManagement], [edgeFactory({ status: 'pending' })]);
    const el = fixture.nativeElement as HTMLElement;
    el.querySelector<HTMLButtonElement>('[data-testid="edge-actions-e-1"]')!.click();
    await settle(fixture);
    (byTestId('edge-new-code-e-1') as HTMLButtonElement).click();
    const req = http.expectOne('/api/v1/edges/e-1/activation-code');
    expect(req.request.method).toBe('POST');
    req.flush({ code: 'FWA1-fresh-code', expiresAt: '2026-06-02T08:00:00.000Z' });
    await settle(fixture);
    expect(byTestId('edge-activation-code')?.textContent).toContain('FWA1-fresh-code');
  });

  it('without System Management: no register button and no actions', async () => {
    await setup([Permission.Public], [edgeFactory()]);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="edge-register"]')).toBeNull();
    expect(el.querySelector('[data-testid="edge-actions-e-1"]')).toBeNull();
  });
});
