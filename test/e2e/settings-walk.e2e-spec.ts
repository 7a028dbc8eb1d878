import type { DeliveryResponse, TemplateResponse } from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, type RunningEdge } from '../../edge/src/main';
import { DeliveryRunner } from '../../server/src/modules/deliveries/delivery-runner';
import { connectEdgeByToken, expectStatus } from '../api/access-helpers';
import { startSimulator, type SimulatedDevice, type Simulator } from '../simulator/src/index';
import { FakeClock, TEST_ADMIN_PASSWORD, startTestServer, type TestServer } from '../support';

/**
 * Issue #5's "Done when", clicked through in a real browser as a new user would: the real server (SQLite, or
 * PostgreSQL with DATABASE_URL) serving the built console, the real edge (HTTPS on 127.0.0.1, pinned certificate)
 * and six simulated devices on 127.44.7.1-6 over real sockets: i-series over the vendor XML API (HTTPS), oem-4000i
 * and p4700 over SNMP SET: families that take an administrator password, a time zone and a sleep timer.
 * Capture a template from an i-series device, give it a new admin password and another time zone (version 2) and a
 * template password, open it again (its password is asked first), deliver it to the group and watch every device
 * reach Applied, create a drift check that comes back clean, change a setting at a device's panel (simulator
 * control API) and see "Check now" name the key, the expected and the actual value. The server's clock is injected
 * and its delivery loop is off: the test runs the due delivery itself (`runDue(now)`); the browser's own progress
 * refresh shows the result. Waits are locators on text (Angular 21 is zoneless), never sleeps.
 */
const WEB_DIR = path.resolve(__dirname, '../../dist/web/browser');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = '/tmp/fw-settings-walk';
const SNMP_PORT = 16_744;
const BASE_ADDRESS = '127.44.7.1';
const FAMILIES = ['i-series', 'oem-4000i', 'p4700', 'i-series', 'oem-4000i', 'p4700'] as const;
const DEVICE_PASSWORD = 'fleetward-admin';
const NEW_DEVICE_PASSWORD = 'Walk-Rotated-Admin-2026';
const TEMPLATE_PASSWORD = 'Walk-Template-Pass-1';
const GROUP = 'Walk fleet';
const TEMPLATE = 'Walk baseline';
/** Long enough for the console's 3 s progress refresh and a drift check of six devices on a busy machine. */
const WAIT = { timeout: 30_000 };

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    // data:, blob: and about: URLs never leave the machine.
    return true;
  }
}

/** A Material select: opens it and picks the option with this exact text (the overlay is outside the field). */
async function choose(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option }).click();
}

describe('settings use case in the console (server + edge + simulator + chromium)', () => {
  const clock = new FakeClock('2026-06-01T08:00:00.000Z');
  const edgeToken = `edge-token-${randomBytes(12).toString('hex')}`;
  let edgeDir: string;
  let edge: RunningEdge;
  let sim: Simulator;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: string;
  const devices: { id: string; name: string; sim: SimulatedDevice }[] = [];
  const consoleErrors: string[] = [];
  /** Every API answer of the tab, printed when a test fails. */
  const apiLog: string[] = [];

  const byTestId = (id: string) => page.getByTestId(id);
  /** A screenshot of the whole page: the console scrolls inside its shell, so the viewport is grown for it. */
  async function shot(name: string): Promise<void> {
    const box = await page.locator('section.fw-page').boundingBox();
    const height = Math.ceil((box?.height ?? 0) + 120);
    await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 900), 6000) });
    await page.screenshot({ path: `${SCREENSHOTS}-${name}.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_DIR, 'index.html'))) {
      throw new Error(`The console is not built (${WEB_DIR}/index.html is missing): run \`npm run build:web\` first.`);
    }
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    edgeDir = mkdtempSync(path.join(tmpdir(), 'fleetward-walk-edge-'));
    sim = await startSimulator({
      devices: FAMILIES.length,
      baseAddress: BASE_ADDRESS,
      port: SNMP_PORT,
      families: [...FAMILIES],
      communities: ['public', { name: 'fw-write', access: 'read-write' }],
      xmlApi: { port: 0, tlsPort: 0 },
      controlPort: 0,
      tickMs: false,
      autoFaults: false,
    });
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
        FLEETWARD_EDGE_TOKEN: edgeToken,
        FLEETWARD_EDGE_DATA_DIR: edgeDir,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
        FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '2000',
      },
      { logger: false },
    );
    server = await startTestServer({
      clock,
      env: {
        FLEETWARD_WEB_DIR: WEB_DIR,
        FLEETWARD_POLL_TICK_SECONDS: '0',
        FLEETWARD_DELIVERY_TICK_SECONDS: '0',
      },
    });
    admin = await server.loginAsAdmin();
    const edgeId = await connectEdgeByToken(server, admin, 'Walk edge', {
      url: edge.url,
      token: edgeToken,
      caPem: edge.certificate,
    });
    const groupId = expectStatus(
      await server.request<{ id: string }>('POST', '/api/v1/device-groups', { token: admin, body: { name: GROUP } }),
      201,
      'group',
    ).id;
    for (const [index, device] of sim.devices.entries()) {
      const name = `Walk MFP ${String(index + 1).padStart(2, '0')}`;
      const created = expectStatus(
        await server.request<{ id: string }>('POST', '/api/v1/devices', {
          token: admin,
          body: {
            name,
            address: device.address,
            port: SNMP_PORT,
            edgeId,
            groupIds: [groupId],
            snmp: { version: '2c', community: 'public' },
            adminPassword: DEVICE_PASSWORD,
          },
        }),
        201,
        `device ${name}`,
      );
      const access = device.xmlApi
        ? { xmlApi: { tls: true, port: device.xmlApi.tlsPort, caPem: sim.deviceCertificatePem } }
        : { snmpWrite: { version: '2c', community: 'fw-write' } };
      expectStatus(
        await server.request('PUT', `/api/v1/devices/${created.id}/settings-access`, { token: admin, body: access }),
        200,
        `settings access of ${name}`,
      );
      devices.push({ id: created.id, name, sim: device });
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    context = await browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'en-US',
      timezoneId: 'UTC',
      viewport: { width: 1280, height: 900 },
    });
    // Nothing may leave the machine: every request to another host is aborted.
    await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
    page = await context.newPage();
    page.on('console', (msg) => {
      // The browser logs every 4xx answer as "Failed to load resource"; the wrong-password check is one on purpose.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/')) {
        apiLog.push(`${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`);
      }
    });
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      const file = `${SCREENSHOTS}-failure-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}.png`;
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`Screenshot: ${file}; at ${page.url()}; API calls:\n${apiLog.slice(-30).join('\n')}`);
    }
    apiLog.length = 0;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await edge?.close();
    await sim?.stop();
    if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
  });

  // The tests run in order and build on each other (one server, one signed-in browser tab).
  it('signs in and captures a template from an i-series device found by name', async () => {
    await page.goto(`${server.baseUrl}/`);
    await byTestId('login-username').fill('admin');
    await byTestId('login-password').fill(TEST_ADMIN_PASSWORD);
    await byTestId('login-submit').click();
    await byTestId('nav-templates').click();
    await byTestId('templates-empty').waitFor();

    await byTestId('template-capture-open').click();
    await byTestId('template-capture-search').fill('Walk MFP 01');
    await byTestId('template-capture-search-button').click();
    const source = devices[0]!;
    // The first devices are listed at once; the search narrows them to one.
    await expect.poll(() => byTestId('template-capture-found').locator('button').count(), WAIT).toBe(1);
    await byTestId('template-capture-found').getByText('Walk MFP 01 (').waitFor();
    await byTestId(`template-capture-pick-${source.id}`).click();
    await byTestId('template-capture-source').getByText('i-series family').waitFor();

    // What belongs to one device is not ticked; a password is never read from a device.
    const box = (key: string) => byTestId(`template-capture-key-${key}`).locator('input[type=checkbox]');
    expect(await box('identity.deviceName').isChecked()).toBe(false);
    expect(await box('identity.location').isChecked()).toBe(false);
    expect(await box('time.timeZone').isChecked()).toBe(true);
    expect(await byTestId('template-capture-not-readable').textContent()).toContain('Administrator password');
    // Keep what every family of the group takes: the time zone and the sleep timer.
    const keep = new Set(['time.timeZone', 'power.sleepAfterMinutes']);
    const choices = page.locator('[data-testid^="template-capture-key-"]');
    for (let i = 0; i < (await choices.count()); i++) {
      const choice = choices.nth(i);
      const key = (await choice.getAttribute('data-testid'))!.replace('template-capture-key-', '');
      await choice.locator('input[type=checkbox]').setChecked(keep.has(key));
    }
    await byTestId('template-capture-name').fill(TEMPLATE);
    await byTestId('template-capture-submit').click();

    // The new template opens in the editor; the notice says what was captured.
    await byTestId('template-editor-title').getByText(`Edit "${TEMPLATE}" (version 1)`).waitFor(WAIT);
    expect(await byTestId('templates-notice').textContent()).toContain(`captured from Walk MFP 01: 2 settings`);
    expect(await byTestId('template-field-time.timeZone').locator('input').inputValue()).toBe('Asia/Tokyo');
    expect(await byTestId('template-field-power.sleepAfterMinutes').locator('input').inputValue()).toBe('15');
  });

  it('sets a new administrator password (typed twice), another time zone and a template password: version 2', async () => {
    await choose(page, byTestId('template-add-key'), 'Administrator password');
    const password = byTestId('template-field-security.adminPassword');
    await password.getByTestId('template-secret').fill(NEW_DEVICE_PASSWORD);
    await password.getByTestId('template-secret-confirm').fill(`${NEW_DEVICE_PASSWORD}x`);
    await byTestId('template-field-time.timeZone').locator('input').fill('Europe/Berlin');
    await byTestId('template-new-password').fill(TEMPLATE_PASSWORD);
    await byTestId('template-save').click();
    // A typo in the repeated password is caught before anything is sent.
    await byTestId('template-problem-security.adminPassword').getByText('The two entries differ.').waitFor();
    await password.getByTestId('template-secret-confirm').fill(NEW_DEVICE_PASSWORD);
    await byTestId('template-save').click();
    await byTestId('templates-notice').getByText('Template saved.').waitFor(WAIT);

    const [template] = expectStatus(
      await server.request<TemplateResponse[]>('GET', '/api/v1/templates', { token: admin }),
      200,
      'templates',
    );
    expect(template).toMatchObject({ name: TEMPLATE, version: 2, passwordProtected: true });
    expect([...template!.keys].sort()).toEqual(['power.sleepAfterMinutes', 'security.adminPassword', 'time.timeZone']);
    expect(template!.values['security.adminPassword']).toEqual({ set: true });
    await byTestId(`template-version-${template!.id}`).getByText('2').waitFor();
    await byTestId(`template-protected-${template!.id}`).waitFor();
  });

  it('asks for the template password before editing: a wrong one is refused, the right one opens the editor', async () => {
    const [template] = (await server.request<TemplateResponse[]>('GET', '/api/v1/templates', { token: admin })).body;
    await byTestId(`template-edit-${template!.id}`).click();
    await byTestId('field-password').waitFor();
    await expect.poll(() => byTestId('template-editor').count()).toBe(0);
    await byTestId('field-password').fill('not-the-template-password');
    await byTestId('form-dialog-submit').click();
    await byTestId('form-dialog-error').getByText('The template password is wrong.').waitFor(WAIT);
    expect(await byTestId('template-editor').count()).toBe(0);
    await byTestId('field-password').fill(TEMPLATE_PASSWORD);
    await byTestId('form-dialog-submit').click();
    await byTestId('template-editor-title').getByText(`Edit "${TEMPLATE}" (version 2)`).waitFor(WAIT);
    // The stored device password is kept unless a new one is typed.
    expect(await byTestId('template-field-security.adminPassword').textContent()).toContain(
      'Stored — leave empty to keep',
    );
    await shot('editor');
    // Lists and objects are rows and fields of typed controls, not JSON: NTP with two servers (looked at, not saved).
    await choose(page, byTestId('template-add-key'), 'NTP');
    const ntp = byTestId('template-field-time.ntp');
    await ntp.getByTestId('add-time.ntp.servers').click();
    await ntp.getByTestId('value-time.ntp.servers[0]').fill('ntp1.example.com');
    await ntp.getByTestId('add-time.ntp.servers').click();
    await ntp.getByTestId('value-time.ntp.servers[1]').fill('ntp2.example.com');
    await ntp.getByTestId('value-time.ntp.pollIntervalMinutes').fill('30');
    expect(await ntp.textContent()).not.toContain('JSON');
    await shot('editor-structured');
    await byTestId('template-cancel').click();
    await byTestId('template-editor').waitFor({ state: 'detached' });
  });

  it('delivers version 2 to the group and watches every device go from Starting to Applied', async () => {
    await byTestId('nav-deliveries').click();
    await byTestId('deliveries-empty').waitFor();
    await byTestId('delivery-new').click();
    await choose(page, byTestId('delivery-template'), `${TEMPLATE} (v2)`);
    await choose(page, byTestId('delivery-groups'), GROUP);
    await page.keyboard.press('Escape');
    await byTestId('delivery-submit').click();
    await byTestId('delivery-detail-title').getByText(`${TEMPLATE} (version 2): Starting`).waitFor(WAIT);
    await byTestId('delivery-waiting').waitFor();

    // The server's delivery loop (off in this test) picks it up; the console's refresh shows the progress.
    const summary = await server.server.app.get(DeliveryRunner).runDue(clock.now());
    expect(summary.sent).toEqual({ applied: FAMILIES.length });
    await byTestId('delivery-detail-title').getByText(`${TEMPLATE} (version 2): Completed`).waitFor(WAIT);
    for (const device of devices) {
      expect(await byTestId(`delivery-device-status-${device.id}`).textContent(), device.name).toContain('Applied');
    }
    const [delivery] = (await server.request<DeliveryResponse[]>('GET', '/api/v1/deliveries', { token: admin })).body;
    await byTestId(`delivery-progress-${delivery!.id}`).getByText(`${FAMILIES.length} applied`).waitFor(WAIT);
    expect(await byTestId(`delivery-status-${delivery!.id}`).textContent()).toContain('Completed');
    await shot('delivered');

    // On the devices themselves: the new password opens them, the old one no longer does; the time zone is set.
    for (const device of devices) {
      expect(device.sim.settings.verifyAdminPassword(NEW_DEVICE_PASSWORD), device.name).toBe(true);
      expect(device.sim.settings.verifyAdminPassword(DEVICE_PASSWORD), device.name).toBe(false);
      expect(device.sim.settings.read('time.timeZone'), device.name).toMatchObject({ value: 'Europe/Berlin' });
    }
  });

  it('creates a drift check that comes back clean, then "Check now" shows a change made at a device', async () => {
    await byTestId('drift-new').click();
    await choose(page, byTestId('drift-template'), `${TEMPLATE} (v2)`);
    await choose(page, byTestId('drift-groups'), GROUP);
    await page.keyboard.press('Escape');
    await byTestId('drift-submit').click();
    await byTestId('drift-results-table').waitFor(WAIT);
    for (const device of devices) {
      await byTestId(`drift-status-${device.id}`).getByText('In sync').waitFor(WAIT);
    }
    const counts = page.locator('[data-testid^="drift-counts-"]');
    expect(await counts.textContent()).toContain(`${FAMILIES.length} in sync, 0 drifted, 0 unreadable`);

    // Someone changes the time zone at the panel of an SNMP device, behind Fleetward's back.
    const changed = devices[1]!;
    const control = await fetch(`${sim.controlUrl!}/devices/${changed.sim.address}/settings/time.timeZone`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'Europe/Paris' }),
    });
    expect(control.status).toBe(200);
    await page.locator('[data-testid^="drift-check-"]').click();
    await byTestId(`drift-status-${changed.id}`).getByText('Drifted').waitFor(WAIT);
    expect(await byTestId(`drift-difference-${changed.id}`).textContent()).toBe(
      'Time zone: expected Europe/Berlin, the device has Europe/Paris',
    );
    expect(await counts.textContent()).toContain(`${FAMILIES.length - 1} in sync, 1 drifted, 0 unreadable`);
    for (const device of devices.filter((d) => d !== changed)) {
      expect(await byTestId(`drift-status-${device.id}`).textContent(), device.name).toContain('In sync');
    }
    await shot('drifted');

    // The same result in Japanese.
    await byTestId('language-ja').click();
    await byTestId(`drift-status-${changed.id}`).getByText('差分あり').waitFor(WAIT);
    expect(await byTestId(`drift-difference-${changed.id}`).textContent()).toBe(
      'タイムゾーン: 期待値 Europe/Berlin、デバイスの値 Europe/Paris',
    );
    await shot('drifted-ja');
    await byTestId('language-en').click();
    expect(consoleErrors).toEqual([]);
  });
});
