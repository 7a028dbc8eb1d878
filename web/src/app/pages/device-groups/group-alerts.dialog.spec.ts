import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { DeviceGroupResponse } from '@fleetward/contracts';
import {
  FwGroupAlertsDialog,
  FwPolicyFormError,
  policyForm,
  policyOverride,
  recipientsRequest,
} from './group-alerts.dialog';

/** Lets the answered requests' promises run, then renders. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  await fixture.whenStable();
}

describe('policyOverride', () => {
  it('sends {} when every field uses the default', () => {
    expect(policyOverride(policyForm({}))).toEqual({});
  });

  it('round-trips an override, durations shown in seconds', () => {
    const override = {
      rules: { supplyLow: false, deviceError: true },
      supplyThresholds: { toner: 10, staples: 'empty' as const, drum: 'off' as const },
      errorConditions: ['jammed', 'doorOpen'],
      unreachable: { failedPolls: 3, minDurationMs: 120_000 },
      edgeOffline: { afterMs: 300_000 },
      holdDownMs: 60_000,
      maxNotificationsPerHour: 4,
    };
    const form = policyForm(override);
    expect(form.unreachableMinSeconds).toBe('120');
    expect(policyOverride(form)).toEqual(override);
  });

  it('keeps the default error conditions unless the form leaves them, and may choose none', () => {
    const form = policyForm({});
    expect(form.errorConditions).toEqual({ useDefault: true, chosen: [] });
    form.errorConditions = { useDefault: false, chosen: ['noToner', 'jammed'] };
    expect(policyOverride(form).errorConditions).toEqual(['jammed', 'noToner']);
    form.errorConditions = { useDefault: false, chosen: [] };
    expect(policyOverride(form).errorConditions).toEqual([]);
  });

  it('refuses a number out of range', () => {
    const form = policyForm({});
    form.thresholds.toner = { choice: 'percent', percent: '150' };
    expect(() => policyOverride(form)).toThrow(FwPolicyFormError);
    const other = policyForm({});
    other.failedPolls = 'abc';
    expect(() => policyOverride(other)).toThrow(FwPolicyFormError);
  });
});

describe('recipientsRequest', () => {
  it('splits addresses and leaves the secret out when the field is empty', () => {
    expect(
      recipientsRequest({ emails: 'a@x.test\nb@x.test, c@x.test', webhookUrl: 'https://h.test/x', webhookSecret: '' }),
    ).toEqual({
      emails: ['a@x.test', 'b@x.test', 'c@x.test'],
      webhookUrl: 'https://h.test/x',
    });
    expect(recipientsRequest({ emails: '', webhookUrl: 'https://h.test/x', webhookSecret: 'k' }).webhookSecret).toBe(
      'k',
    );
    expect(recipientsRequest({ emails: '', webhookUrl: '', webhookSecret: '' })).toEqual({
      emails: [],
      webhookUrl: null,
      webhookSecret: null,
    });
  });
});

describe('FwGroupAlertsDialog', () => {
  const group = { id: 'g-1', name: 'Floor 3' } as DeviceGroupResponse;
  let http: HttpTestingController;
  const close = vi.fn();

  beforeEach(() => {
    close.mockReset();
    TestBed.configureTestingModule({
      imports: [FwGroupAlertsDialog],
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

  it('loads recipients and policy, then saves both with PUT', async () => {
    const fixture = TestBed.createComponent(FwGroupAlertsDialog);
    fixture.detectChanges();
    http.expectOne('/api/v1/device-groups/g-1/recipients').flush({
      deviceGroupId: 'g-1',
      emails: ['ops@x.test'],
      webhookUrl: 'https://hooks.test/a',
      hasWebhookSecret: true,
    });
    http.expectOne('/api/v1/device-groups/g-1/alert-policy').flush({
      deviceGroupId: 'g-1',
      override: { holdDownMs: 60_000 },
      effective: { holdDownMs: 60_000, maxNotificationsPerHour: 10 },
    });
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect((el.querySelector('[data-testid="group-alerts-emails"]') as HTMLTextAreaElement).value).toBe('ops@x.test');
    expect((el.querySelector('[data-testid="group-alerts-webhook-secret"]') as HTMLInputElement).value).toBe('');
    expect(el.textContent).toContain('In effect: 10');
    (el.querySelector('[data-testid="group-alerts-save"]') as HTMLButtonElement).click();
    const recipients = http.expectOne('/api/v1/device-groups/g-1/recipients');
    expect(recipients.request.method).toBe('PUT');
    expect(recipients.request.body).toEqual({ emails: ['ops@x.test'], webhookUrl: 'https://hooks.test/a' });
    recipients.flush({ deviceGroupId: 'g-1', emails: ['ops@x.test'], webhookUrl: null, hasWebhookSecret: true });
    await settle(fixture);
    const policy = http.expectOne('/api/v1/device-groups/g-1/alert-policy');
    expect(policy.request.method).toBe('PUT');
    expect(policy.request.body).toEqual({ holdDownMs: 60_000 });
    policy.flush({ deviceGroupId: 'g-1', override: {}, effective: {} });
    await settle(fixture);
    expect(close).toHaveBeenCalledWith(true);
  });
});
