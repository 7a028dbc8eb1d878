import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { DeviceGroupResponse } from '@fleetward/contracts';
import { FwGroupPollingDialog, FwPollPolicyFormError, pollPolicyBody, pollPolicyForm } from './group-polling.dialog';

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  await fixture.whenStable();
}

describe('pollPolicyBody', () => {
  it('sends null for empty fields (the server defaults) and whole seconds otherwise', () => {
    expect(pollPolicyBody({ status: '', full: '' })).toEqual({
      statusIntervalSeconds: null,
      fullIntervalSeconds: null,
    });
    expect(pollPolicyBody({ status: ' 60 ', full: '600' })).toEqual({
      statusIntervalSeconds: 60,
      fullIntervalSeconds: 600,
    });
    expect(pollPolicyForm({ statusIntervalSeconds: 60, fullIntervalSeconds: null })).toEqual({
      status: '60',
      full: '',
    });
  });

  it('refuses text, out-of-range seconds and a full interval shorter than the status one', () => {
    expect(() => pollPolicyBody({ status: 'abc', full: '' })).toThrow(FwPollPolicyFormError);
    expect(() => pollPolicyBody({ status: '29', full: '' })).toThrow(FwPollPolicyFormError);
    expect(() => pollPolicyBody({ status: '', full: '604801' })).toThrow(FwPollPolicyFormError);
    expect(() => pollPolicyBody({ status: '600', full: '300' })).toThrow(FwPollPolicyFormError);
  });
});

describe('FwGroupPollingDialog', () => {
  const group = { id: 'g-1', name: 'Floor 3' } as DeviceGroupResponse;
  let http: HttpTestingController;
  const close = vi.fn();

  beforeEach(() => {
    close.mockReset();
    TestBed.configureTestingModule({
      imports: [FwGroupPollingDialog],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: group },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  const input = (el: HTMLElement, id: string) => el.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;

  it('shows the override and the intervals in effect, then saves the edited intervals with PUT', async () => {
    const fixture = TestBed.createComponent(FwGroupPollingDialog);
    fixture.detectChanges();
    http.expectOne('/api/v1/device-groups/g-1/poll-policy').flush({
      deviceGroupId: 'g-1',
      statusIntervalSeconds: 120,
      fullIntervalSeconds: null,
      effective: { statusIntervalSeconds: 120, fullIntervalSeconds: 3600 },
      updatedAt: '2026-05-04T08:00:00.000Z',
    });
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(input(el, 'group-polling-status').value).toBe('120');
    expect(input(el, 'group-polling-full').value).toBe('');
    expect(el.textContent).toContain('In effect: 3600 s');
    const status = input(el, 'group-polling-status');
    status.value = '60';
    status.dispatchEvent(new Event('input'));
    const full = input(el, 'group-polling-full');
    full.value = '600';
    full.dispatchEvent(new Event('input'));
    (el.querySelector('[data-testid="group-polling-save"]') as HTMLButtonElement).click();
    const put = http.expectOne('/api/v1/device-groups/g-1/poll-policy');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ statusIntervalSeconds: 60, fullIntervalSeconds: 600 });
    put.flush({});
    await settle(fixture);
    expect(close).toHaveBeenCalledWith(true);
  });

  it('"Use defaults" clears both overrides; a bad value shows an error and sends nothing', async () => {
    const fixture = TestBed.createComponent(FwGroupPollingDialog);
    fixture.detectChanges();
    http.expectOne('/api/v1/device-groups/g-1/poll-policy').flush({
      deviceGroupId: 'g-1',
      statusIntervalSeconds: 60,
      fullIntervalSeconds: 600,
      effective: { statusIntervalSeconds: 60, fullIntervalSeconds: 600 },
      updatedAt: null,
    });
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    const status = input(el, 'group-polling-status');
    status.value = '5';
    status.dispatchEvent(new Event('input'));
    (el.querySelector('[data-testid="group-polling-save"]') as HTMLButtonElement).click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="group-polling-error"]')?.textContent).toContain('whole seconds');
    http.expectNone('/api/v1/device-groups/g-1/poll-policy');

    (el.querySelector('[data-testid="group-polling-clear"]') as HTMLButtonElement).click();
    await settle(fixture);
    (el.querySelector('[data-testid="group-polling-save"]') as HTMLButtonElement).click();
    const put = http.expectOne('/api/v1/device-groups/g-1/poll-policy');
    expect(put.request.body).toEqual({ statusIntervalSeconds: null, fullIntervalSeconds: null });
    put.flush({});
    await settle(fixture);
    expect(close).toHaveBeenCalledWith(true);
  });
});
