import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { TemplateResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { SESSION_STORAGE_KEY } from '../../core/auth/auth.service';
import { userFactory } from '../../core/test-factories';
import { FwTemplatesPage } from './templates.page';

const protectedTemplate: TemplateResponse = {
  id: 't-1',
  name: 'Rotation',
  description: 'Admin password',
  kind: 'admin',
  passwordProtected: true,
  version: 3,
  keys: ['security.adminPassword', 'time.timeZone'],
  values: { 'security.adminPassword': { set: true }, 'time.timeZone': 'Asia/Tokyo' },
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u-1',
  updatedAt: '2026-01-02T00:00:00.000Z',
  updatedBy: 'u-1',
};

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  await fixture.whenStable();
  fixture.detectChanges();
}

describe('FwTemplatesPage', () => {
  let fixture: ComponentFixture<FwTemplatesPage>;
  let http: HttpTestingController;

  function setup(permissions: Permission[]): void {
    const user = userFactory({ permissions });
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      imports: [FwTemplatesPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FwTemplatesPage);
    fixture.detectChanges();
  }

  afterEach(() => {
    try {
      http.verify();
    } finally {
      sessionStorage.clear();
      TestBed.resetTestingModule();
    }
  });

  it('edits a protected template: the secret is kept, the password goes in the header, a bad value is refused first', async () => {
    setup([Permission.AdminTemplateManagement]);
    http.expectOne('/api/v1/templates').flush([protectedTemplate]);
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="template-protected-t-1"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="template-capture"]')).toBeNull(); // needs Device Management RO too
    (el.querySelector('[data-testid="template-edit-t-1"]') as HTMLButtonElement).click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="template-field-time.timeZone"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="template-current-password"]')).not.toBeNull();

    const page = fixture.componentInstance as unknown as {
      editor: () => { templatePassword: string; fields: { key: string; raw: string }[] };
    };
    const editor = page.editor();
    editor.fields.find((f) => f.key === 'time.timeZone')!.raw = 'Mars/Base';
    (el.querySelector('[data-testid="template-save"]') as HTMLButtonElement).click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="template-problem-time.timeZone"]')?.textContent).toContain('IANA');
    http.expectNone('/api/v1/templates/t-1');

    editor.fields.find((f) => f.key === 'time.timeZone')!.raw = 'Europe/Berlin';
    editor.templatePassword = 'tpl-password';
    (el.querySelector('[data-testid="template-save"]') as HTMLButtonElement).click();
    const req = http.expectOne('/api/v1/templates/t-1');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.headers.get('x-template-password')).toBe('tpl-password');
    expect(req.request.body.values).toEqual({
      'security.adminPassword': { set: true },
      'time.timeZone': 'Europe/Berlin',
    });
    req.flush({ ...protectedTemplate, version: 4 });
    await settle(fixture);
    http.expectOne('/api/v1/templates').flush([{ ...protectedTemplate, version: 4 }]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="templates-notice"]')?.textContent).toContain('saved');
  });

  it('shows the template password error in the chosen language', async () => {
    setup([Permission.AdminTemplateManagement, Permission.DeviceManagementRo]);
    http.expectOne('/api/v1/templates').flush([protectedTemplate]);
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="template-capture"]')).not.toBeNull();
    (el.querySelector('[data-testid="template-edit-t-1"]') as HTMLButtonElement).click();
    await settle(fixture);
    (el.querySelector('[data-testid="template-save"]') as HTMLButtonElement).click();
    http
      .expectOne('/api/v1/templates/t-1')
      .flush(
        { code: 'TEMPLATE_PASSWORD_REQUIRED', message: 'x', correlationId: 'c' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle(fixture);
    expect(el.querySelector('[data-testid="templates-error"]')?.textContent).toContain('password-protected');
  });
});
