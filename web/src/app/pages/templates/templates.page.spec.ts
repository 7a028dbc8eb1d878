import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type {
  CaptureTemplateResponse,
  DeviceListItemResponse,
  DeviceSettingsCapabilitiesResponse,
  TemplateResponse,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { SESSION_STORAGE_KEY } from '../../core/auth/auth.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
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

const openTemplate: TemplateResponse = {
  ...protectedTemplate,
  id: 't-2',
  name: 'Office hours',
  passwordProtected: false,
  version: 1,
  keys: ['time.timeZone'],
  values: { 'time.timeZone': 'Asia/Tokyo' },
};

const device = {
  id: 'dev-1',
  name: 'Tokyo MFP 01',
  address: '10.0.0.1',
  model: 'bizhub C250i',
} as DeviceListItemResponse;

const capabilities: DeviceSettingsCapabilitiesResponse = {
  deviceId: 'dev-1',
  driver: { id: 'i-series-xml-api', family: 'i-series' },
  settings: [
    { key: 'security.adminPassword', read: false, write: true, transport: 'xml-api' },
    { key: 'identity.deviceName', read: true, write: true, transport: 'xml-api' },
    { key: 'identity.location', read: true, write: true, transport: 'xml-api' },
    { key: 'identity.contact', read: true, write: true, transport: 'xml-api' },
    { key: 'time.timeZone', read: true, write: true, transport: 'xml-api' },
    { key: 'power.sleepAfterMinutes', read: true, write: true, transport: 'xml-api' },
    { key: 'service.tonerLowThresholdPercent', read: true, write: true, transport: 'xml-api' },
  ],
};

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  await fixture.whenStable();
  fixture.detectChanges();
}

/** Dialogs render in the overlay container, outside the page. */
const byTestId = <T extends HTMLElement = HTMLElement>(id: string) =>
  document.querySelector<T>(`[data-testid="${id}"]`);

function type(id: string, value: string, root: ParentNode = document): void {
  const input = root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('FwTemplatesPage', () => {
  let fixture: ComponentFixture<FwTemplatesPage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function setup(permissions: Permission[], templates: TemplateResponse[]): Promise<void> {
    const user = userFactory({ permissions });
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'a', refreshToken: 'r', user }));
    TestBed.configureTestingModule({
      imports: [FwTemplatesPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FwTemplatesPage);
    fixture.detectChanges();
    el = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/v1/templates').flush(templates);
    await settle(fixture);
  }

  /**
   * Waits until `check` holds (at most 100 rounds): dialogs open and close with an animation. The tests that go
   * through dialogs get a longer bound than the default 5 s (a limit, not a timing assumption).
   */
  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !check(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await settle(fixture);
    }
    expect(check()).toBe(true);
  }

  /** Waits until the page sends a request to `url` (after a dialog closed) and returns it. */
  async function nextRequest(url: string) {
    for (let i = 0; i < 100; i++) {
      const found = http.match(url);
      if (found.length > 0) return found[0];
      await new Promise((resolve) => setTimeout(resolve, 20));
      await settle(fixture);
    }
    throw new Error(`no request to ${url}`);
  }

  afterEach(() => {
    try {
      http.verify();
    } finally {
      sessionStorage.clear();
      localStorage.clear();
      document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = ''));
      TestBed.resetTestingModule();
    }
  });

  it('says so when there is no template yet', async () => {
    await setup([Permission.AdminTemplateManagement], []);
    expect(el.querySelector('[data-testid="templates-empty"]')?.textContent).toContain('No templates yet');
    expect(el.querySelector('[data-testid="templates-table"]')).toBeNull();
  });

  it('shows in the password dialog when a locked template password may be tried again', async () => {
    await setup([Permission.AdminTemplateManagement], [protectedTemplate]);
    el.querySelector<HTMLButtonElement>('[data-testid="template-edit-t-1"]')!.click();
    await until(() => byTestId('field-password') !== null);
    type('field-password', 'tpl-password');
    byTestId<HTMLButtonElement>('form-dialog-submit')!.click();
    http
      .expectOne('/api/v1/templates/t-1/check-password')
      .flush(
        { code: 'TEMPLATE_PASSWORD_LOCKED', message: 'x', correlationId: 'c' },
        { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '540' } },
      );
    await until(() => byTestId('form-dialog-error') !== null);
    expect(byTestId('form-dialog-error')?.textContent).toContain(
      'Too many wrong passwords for this template: try again in 9 min.',
    );
    expect(el.querySelector('[data-testid="template-editor"]')).toBeNull();
  });

  it('asks for the password of a protected template before editing: a wrong one keeps the editor closed', async () => {
    await setup([Permission.AdminTemplateManagement], [protectedTemplate]);
    expect(el.querySelector('[data-testid="template-protected-t-1"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="template-capture-open"]')).toBeNull(); // needs Device Management RO too
    el.querySelector<HTMLButtonElement>('[data-testid="template-edit-t-1"]')!.click();
    await until(() => byTestId('field-password') !== null);
    expect(el.querySelector('[data-testid="template-editor"]')).toBeNull();

    type('field-password', 'not-it');
    byTestId<HTMLButtonElement>('form-dialog-submit')!.click();
    const wrong = http.expectOne('/api/v1/templates/t-1/check-password');
    expect(wrong.request.method).toBe('POST');
    expect(wrong.request.body).toEqual({ password: 'not-it' });
    wrong.flush(
      { code: 'TEMPLATE_PASSWORD_WRONG', message: 'x', correlationId: 'c' },
      { status: 403, statusText: 'Forbidden' },
    );
    await until(() => byTestId('form-dialog-error') !== null);
    expect(byTestId('form-dialog-error')?.textContent).toContain('The template password is wrong');
    expect(el.querySelector('[data-testid="template-editor"]')).toBeNull();

    // A password is taken as typed (spaces included).
    type('field-password', ' tpl-password ');
    byTestId<HTMLButtonElement>('form-dialog-submit')!.click();
    const right = http.expectOne('/api/v1/templates/t-1/check-password');
    expect(right.request.body).toEqual({ password: ' tpl-password ' });
    right.flush(null, { status: 204, statusText: 'No Content' });
    await until(() => el.querySelector('[data-testid="template-editor"]') !== null);
    expect(el.querySelector('[data-testid="template-editor-title"]')?.textContent).toContain(
      'Edit "Rotation" (version 3)',
    );
    expect(el.querySelector('[data-testid="template-remove-password"]')).not.toBeNull();

    // A bad value is refused next to the field and the save button, before anything is sent.
    const page = fixture.componentInstance as unknown as {
      editor: () => { fields: { key: string; raw: string }[] };
    };
    page.editor().fields.find((f) => f.key === 'time.timeZone')!.raw = 'Mars/Base';
    el.querySelector<HTMLButtonElement>('[data-testid="template-save"]')!.click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="template-problem-time.timeZone"]')?.textContent).toContain('IANA');
    expect(el.querySelector('[data-testid="template-editor-error"]')?.textContent).toContain('marked in red');
    http.expectNone('/api/v1/templates/t-1');

    // The stored admin password is kept; the template password given at opening goes with the save.
    page.editor().fields.find((f) => f.key === 'time.timeZone')!.raw = 'Europe/Berlin';
    el.querySelector<HTMLButtonElement>('[data-testid="template-save"]')!.click();
    const req = http.expectOne('/api/v1/templates/t-1');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.headers.get('x-template-password')).toBe(' tpl-password ');
    expect(req.request.body.values).toEqual({
      'security.adminPassword': { set: true },
      'time.timeZone': 'Europe/Berlin',
    });
    expect(req.request.body.password).toBeUndefined();
    req.flush({ ...protectedTemplate, version: 4 });
    await settle(fixture);
    http.expectOne('/api/v1/templates').flush([{ ...protectedTemplate, version: 4 }]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="templates-notice"]')?.textContent).toContain('saved');
    expect(el.querySelector('[data-testid="template-editor"]')).toBeNull();
  }, 30_000);

  it('shows a refused save in the editor, next to its button, in the chosen language', async () => {
    await setup([Permission.AdminTemplateManagement], [openTemplate]);
    TestBed.inject(FwI18nService).use('ja');
    el.querySelector<HTMLButtonElement>('[data-testid="template-edit-t-2"]')!.click();
    await settle(fixture);
    // Setting labels follow the language (the catalogue's own labels are English).
    expect(el.querySelector('[data-testid="template-field-time.timeZone"]')?.textContent).toContain('タイムゾーン');
    el.querySelector<HTMLButtonElement>('[data-testid="template-save"]')!.click();
    http
      .expectOne('/api/v1/templates/t-2')
      .flush(
        { code: 'TEMPLATE_PASSWORD_REQUIRED', message: 'x', correlationId: 'c' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle(fixture);
    expect(el.querySelector('[data-testid="template-editor-error"]')?.textContent).toContain('パスワードで保護');
    expect(el.querySelector('[data-testid="templates-error"]')).toBeNull();
  });

  it('takes a new device password only when typed twice alike', async () => {
    await setup([Permission.AdminTemplateManagement], [openTemplate]);
    el.querySelector<HTMLButtonElement>('[data-testid="template-edit-t-2"]')!.click();
    await settle(fixture);
    const page = fixture.componentInstance as unknown as {
      addField: (editor: unknown, key: string) => void;
      editor: () => { fields: { key: string; raw: string; confirm: string }[] };
    };
    page.addField(page.editor(), 'security.adminPassword');
    await settle(fixture);
    const field = el.querySelector('[data-testid="template-field-security.adminPassword"]')!;
    type('template-secret', 'New-Admin-Pass-2026', field);
    await settle(fixture);
    type('template-secret-confirm', 'New-Admin-Pass-2025', field);
    el.querySelector<HTMLButtonElement>('[data-testid="template-save"]')!.click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="template-problem-security.adminPassword"]')?.textContent).toContain(
      'differ',
    );
    http.expectNone('/api/v1/templates/t-2');

    type('template-secret-confirm', 'New-Admin-Pass-2026', field);
    el.querySelector<HTMLButtonElement>('[data-testid="template-save"]')!.click();
    const req = http.expectOne('/api/v1/templates/t-2');
    expect(req.request.body.values['security.adminPassword']).toBe('New-Admin-Pass-2026');
    req.flush(openTemplate);
    await settle(fixture);
    http.expectOne('/api/v1/templates').flush([openTemplate]);
    await settle(fixture);
  });

  it('edits SNMPv3 users as rows of typed fields: a stored key kept, a new user added, a row removed', async () => {
    const withUsers: TemplateResponse = {
      ...openTemplate,
      keys: ['snmp.v3Users'],
      values: {
        'snmp.v3Users': [
          { name: 'ops', level: 'authNoPriv', authProtocol: 'sha', authKey: { set: true } },
          { name: 'old', level: 'noAuthNoPriv' },
        ],
      },
    };
    await setup([Permission.AdminTemplateManagement], [withUsers]);
    el.querySelector<HTMLButtonElement>('[data-testid="template-edit-t-2"]')!.click();
    await settle(fixture);
    const field = el.querySelector('[data-testid="template-field-snmp.v3Users"]')!;
    expect(field.textContent).not.toContain('JSON');
    expect(field.querySelector<HTMLInputElement>('[data-testid="value-snmp.v3Users[0].name"]')!.value).toBe('ops');
    expect(field.textContent).toContain('Stored — leave empty to keep');
    // Remove "old", add "audit" with a bad name first: the save is refused next to the field, nothing is sent.
    field.querySelector<HTMLButtonElement>('[data-testid="remove-snmp.v3Users[1]"]')!.click();
    await settle(fixture);
    field.querySelector<HTMLButtonElement>('[data-testid="add-snmp.v3Users"]')!.click();
    await settle(fixture);
    type('value-snmp.v3Users[1].name', 'audit team', field);
    await settle(fixture);
    el.querySelector<HTMLButtonElement>('[data-testid="template-save"]')!.click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="template-problem-snmp.v3Users"]')?.textContent).toContain('[1].name');
    http.expectNone('/api/v1/templates/t-2');
    type('value-snmp.v3Users[1].name', 'audit', field);
    await settle(fixture);
    // The level is a choice of the catalogue's values; set through the node the select is bound to.
    const page = fixture.componentInstance as unknown as {
      editor: () => {
        fields: { key: string; node: { items: { fields: { name: string; node: { raw: string } }[] }[] } }[];
      };
    };
    const users = page.editor().fields.find((f) => f.key === 'snmp.v3Users')!.node;
    users.items[1].fields.find((f) => f.name === 'level')!.node.raw = 'noAuthNoPriv';
    el.querySelector<HTMLButtonElement>('[data-testid="template-save"]')!.click();
    const req = http.expectOne('/api/v1/templates/t-2');
    expect(req.request.body.values['snmp.v3Users']).toEqual([
      { name: 'ops', level: 'authNoPriv', authProtocol: 'sha', authKey: { set: true } },
      { name: 'audit', level: 'noAuthNoPriv' },
    ]);
    req.flush(withUsers);
    await settle(fixture);
    http.expectOne('/api/v1/templates').flush([withUsers]);
    await settle(fixture);
  });

  it('warns when a template sets the device name or location', async () => {
    await setup([Permission.AdminTemplateManagement], [openTemplate]);
    el.querySelector<HTMLButtonElement>('[data-testid="template-edit-t-2"]')!.click();
    await settle(fixture);
    expect(el.querySelector('[data-testid="template-per-device-warning"]')).toBeNull();
    const page = fixture.componentInstance as unknown as {
      addField: (editor: unknown, key: string) => void;
      editor: () => unknown;
    };
    page.addField(page.editor(), 'identity.deviceName');
    await settle(fixture);
    expect(el.querySelector('[data-testid="template-per-device-warning"]')?.textContent).toContain(
      'every device this template is delivered to gets the same value',
    );
  });

  it('captures from a device found by name: per-device settings unticked, secrets listed as not readable', async () => {
    await setup([Permission.AdminTemplateManagement, Permission.DeviceManagementRo], []);
    el.querySelector<HTMLButtonElement>('[data-testid="template-capture-open"]')!.click();
    // The first devices are listed at once (by name), then the search narrows them.
    const first = http.expectOne((r) => r.url === '/api/v1/devices');
    expect(first.request.params.get('sort')).toBe('name');
    expect(first.request.params.get('pageSize')).toBe('20');
    first.flush({ items: [device, { ...device, id: 'dev-2', name: 'Osaka MFP 01' }], total: 2, page: 1, pageSize: 20 });
    await settle(fixture);
    expect(el.querySelectorAll('[data-testid^="template-capture-pick-"]')).toHaveLength(2);
    type('template-capture-search', 'tokyo', el);
    el.querySelector<HTMLButtonElement>('[data-testid="template-capture-search-button"]')!.click();
    const search = http.expectOne((r) => r.url === '/api/v1/devices');
    expect(search.request.params.get('search')).toBe('tokyo');
    search.flush({ items: [device], total: 1, page: 1, pageSize: 20 });
    await settle(fixture);

    el.querySelector<HTMLButtonElement>('[data-testid="template-capture-pick-dev-1"]')!.click();
    http.expectOne('/api/v1/devices/dev-1/settings/capabilities').flush(capabilities);
    await settle(fixture);
    expect(el.querySelector('[data-testid="template-capture-source"]')?.textContent).toContain(
      'From Tokyo MFP 01 (10.0.0.1), i-series family',
    );
    const box = (key: string) =>
      el.querySelector<HTMLInputElement>(`[data-testid="template-capture-key-${key}"] input[type=checkbox]`);
    expect(box('identity.deviceName')?.checked).toBe(false);
    expect(box('identity.location')?.checked).toBe(false);
    expect(box('identity.contact')?.checked).toBe(true);
    expect(box('time.timeZone')?.checked).toBe(true);
    expect(box('service.tonerLowThresholdPercent')).toBeNull(); // service settings are never captured
    expect(el.querySelector('[data-testid="template-capture-not-readable"]')?.textContent).toContain(
      'Administrator password',
    );
    expect((el.querySelector('[data-testid="template-capture-name"]') as HTMLInputElement).value).toBe(
      'Settings of Tokyo MFP 01',
    );
    box('identity.contact')!.click();
    await settle(fixture);

    el.querySelector<HTMLButtonElement>('[data-testid="template-capture-submit"]')!.click();
    const capture = http.expectOne('/api/v1/templates/capture');
    expect(capture.request.body).toEqual({
      deviceId: 'dev-1',
      name: 'Settings of Tokyo MFP 01',
      keys: ['time.timeZone', 'power.sleepAfterMinutes'],
    });
    const template: TemplateResponse = {
      ...openTemplate,
      id: 't-9',
      name: 'Settings of Tokyo MFP 01',
      keys: ['time.timeZone'],
    };
    const answer: CaptureTemplateResponse = {
      template,
      skipped: [{ key: 'power.sleepAfterMinutes', reason: 'the device did not answer' }],
    };
    capture.flush(answer);
    await settle(fixture);
    http.expectOne('/api/v1/templates').flush([template]);
    await settle(fixture);
    // The editor opens on the new template, and the notice (with what was not captured) stays.
    expect(el.querySelector('[data-testid="template-editor-title"]')?.textContent).toContain(
      'Edit "Settings of Tokyo MFP 01" (version 1)',
    );
    const notice = el.querySelector('[data-testid="templates-notice"]')?.textContent ?? '';
    expect(notice).toContain('captured from Tokyo MFP 01: 1 settings');
    expect(notice).toContain('Not captured: Sleep after (the device did not answer)');
  });

  it('deletes an unprotected template only after a confirmation, a protected one with its password', async () => {
    await setup([Permission.AdminTemplateManagement], [openTemplate, protectedTemplate]);
    el.querySelector<HTMLButtonElement>('[data-testid="template-delete-t-2"]')!.click();
    // The button is there before the dialog's bindings are (the static test id): wait for its text.
    await until(() => (byTestId('confirm-ok')?.textContent ?? '').includes('Delete'));
    http.expectNone('/api/v1/templates/t-2');
    byTestId<HTMLButtonElement>('confirm-ok')!.click();
    const del = await nextRequest('/api/v1/templates/t-2');
    expect(del.request.method).toBe('DELETE');
    del.flush(null, { status: 204, statusText: 'No Content' });
    (await nextRequest('/api/v1/templates')).flush([protectedTemplate]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="templates-notice"]')?.textContent).toContain('"Office hours" deleted');

    el.querySelector<HTMLButtonElement>('[data-testid="template-delete-t-1"]')!.click();
    await until(() => byTestId('field-password') !== null);
    type('field-password', 'tpl-password');
    byTestId<HTMLButtonElement>('form-dialog-submit')!.click();
    const protectedDelete = http.expectOne('/api/v1/templates/t-1');
    expect(protectedDelete.request.method).toBe('DELETE');
    expect(protectedDelete.request.headers.get('x-template-password')).toBe('tpl-password');
    protectedDelete.flush(null, { status: 204, statusText: 'No Content' });
    (await nextRequest('/api/v1/templates')).flush([]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="templates-empty"]')).not.toBeNull();
  }, 30_000);

  it('shows the latest device search even when an earlier answer arrives after it', async () => {
    await setup([Permission.AdminTemplateManagement, Permission.DeviceManagementRo], []);
    el.querySelector<HTMLButtonElement>('[data-testid="template-capture-open"]')!.click();
    await settle(fixture);
    type('template-capture-search', 'tokyo', el);
    el.querySelector<HTMLButtonElement>('[data-testid="template-capture-search-button"]')!.click();
    const [first, second] = http.match((r) => r.url === '/api/v1/devices');
    expect(second.request.params.get('search')).toBe('tokyo');
    second.flush({ items: [device], total: 1, page: 1, pageSize: 20 });
    await settle(fixture);
    first.flush({
      items: [device, { ...device, id: 'dev-2', name: 'Osaka MFP 01' }],
      total: 2,
      page: 1,
      pageSize: 20,
    });
    await settle(fixture);
    expect(el.querySelectorAll('[data-testid^="template-capture-pick-"]')).toHaveLength(1);
  });
});
