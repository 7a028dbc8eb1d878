import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MailSettingsResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { SESSION_STORAGE_KEY } from '../../core/auth/auth.service';
import { userFactory } from '../../core/test-factories';
import { FwMailSettingsPage, mailSettingsForm, mailSettingsRequest } from './mail-settings.page';

const stored: MailSettingsResponse = {
  configured: true,
  host: 'smtp.example.test',
  port: 587,
  security: 'starttls',
  user: 'mailer',
  hasPassword: true,
  from: 'fleetward@example.test',
  rejectUnauthorized: true,
  ca: null,
};

/** Lets the answered requests' promises run, then renders. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  await fixture.whenStable();
}

describe('mailSettingsRequest', () => {
  it('leaves the password out when the field is empty (keep the stored one)', () => {
    const body = mailSettingsRequest(mailSettingsForm(stored));
    expect(body).toEqual({
      host: 'smtp.example.test',
      port: 587,
      security: 'starttls',
      user: 'mailer',
      from: 'fleetward@example.test',
      rejectUnauthorized: true,
      ca: null,
    });
    expect('password' in body).toBe(false);
  });

  it('sends a new password, or null to remove it, and the usual port when empty', () => {
    expect(mailSettingsRequest({ ...mailSettingsForm(stored), password: 's3cret' }).password).toBe('s3cret');
    expect(mailSettingsRequest({ ...mailSettingsForm(stored), clearPassword: true }).password).toBeNull();
    expect(mailSettingsRequest({ ...mailSettingsForm(stored), port: null, security: 'tls' }).port).toBe(465);
  });
});

describe('FwMailSettingsPage', () => {
  let fixture: ComponentFixture<FwMailSettingsPage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    const user = userFactory({ permissions: [Permission.SystemManagement] });
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      imports: [FwMailSettingsPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FwMailSettingsPage);
    fixture.detectChanges();
    http.expectOne('/api/v1/settings/mail').flush(stored);
    await settle(fixture);
  });

  afterEach(() => {
    http.verify();
    sessionStorage.clear();
    TestBed.resetTestingModule();
  });

  it('shows the stored settings with an empty password field and the keep hint', () => {
    const el = fixture.nativeElement as HTMLElement;
    expect((el.querySelector('[data-testid="mail-host"]') as HTMLInputElement).value).toBe('smtp.example.test');
    expect((el.querySelector('[data-testid="mail-password"]') as HTMLInputElement).value).toBe('');
    expect(el.textContent).toContain('leave empty to keep it');
  });

  it('saves with PUT and without the password', async () => {
    const el = fixture.nativeElement as HTMLElement;
    (el.querySelector('[data-testid="mail-save"]') as HTMLButtonElement).click();
    const req = http.expectOne('/api/v1/settings/mail');
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).not.toHaveProperty('password');
    req.flush(stored);
    await settle(fixture);
    expect(el.querySelector('[data-testid="mail-saved"]')).not.toBeNull();
  });

  it("sends a test mail and shows the server's message when it fails", async () => {
    const el = fixture.nativeElement as HTMLElement;
    const to = el.querySelector('[data-testid="mail-test-to"]') as HTMLInputElement;
    to.value = 'ops@example.test';
    to.dispatchEvent(new Event('input'));
    await settle(fixture);
    (el.querySelector('[data-testid="mail-test-send"]') as HTMLButtonElement).click();
    const req = http.expectOne('/api/v1/settings/mail/test');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ to: 'ops@example.test' });
    req.flush(
      { code: 'MAIL_SEND_FAILED', message: '535 5.7.8 Authentication credentials invalid' },
      { status: 502, statusText: 'Bad Gateway' },
    );
    await settle(fixture);
    expect(el.querySelector('[data-testid="mail-test-result"]')?.textContent).toContain(
      '535 5.7.8 Authentication credentials invalid',
    );
  });
});
