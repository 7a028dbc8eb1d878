import type { Page as ApiPage, UserResponse } from '@fleetward/contracts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, type TestServer, startTestServer } from '../support';

/**
 * The admin console in a real browser (Debian chromium, headless) against the real server, which
 * serves the built console from dist/web/browser. Steps of the foundation issue: sign in with the
 * generated first password, change it, create a user, and see the page in Japanese.
 */
const WEB_DIR = path.resolve(__dirname, '../../dist/web/browser');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = '/tmp/fw-console.png';
const NEW_ADMIN_PASSWORD = 'Console-E2E-Password-2026';

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    // data:, blob: and about: URLs never leave the machine.
    return true;
  }
}

/**
 * Opens a dialog and waits until Material has moved the focus into it (after its opening animation);
 * typing before that could land in the wrong field when the focus jumps.
 */
async function openDialog(page: Page, triggerTestId: string, firstFieldTestId: string): Promise<void> {
  await page.getByTestId(triggerTestId).click();
  await page.locator(`[data-testid="${firstFieldTestId}"]:focus`).waitFor();
}

/** Clicks a dialog's submit button and waits for the dialog to close; fails with the dialog's error text if it shows one. */
async function submitDialog(page: Page, submitTestId: string): Promise<void> {
  await page.getByTestId(submitTestId).click();
  const dialog = page.locator('mat-dialog-container');
  const error = dialog.locator('.fw-error[role=alert]');
  await Promise.race([dialog.waitFor({ state: 'detached' }), error.waitFor({ state: 'visible' })]);
  if (await error.isVisible()) throw new Error(`The dialog refused: ${await error.textContent()}`);
}

// The tests run in order and build on each other (one server, one signed-in browser tab).
describe('admin console in a browser', () => {
  // The server's clock: moved forward to expire access tokens without waiting.
  const clock = new FakeClock(new Date());
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let generatedPassword: string;
  const consoleErrors: string[] = [];
  const failedResponses: string[] = [];
  /** Every API answer of the admin tab, printed when a test fails. */
  const apiLog: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_DIR, 'index.html'))) {
      throw new Error(`The console is not built (${WEB_DIR}/index.html is missing): run \`npm run build:web\` first.`);
    }
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    server = await startTestServer({ clock, generatedAdminPassword: true, env: { FLEETWARD_WEB_DIR: WEB_DIR } });
    const password = server.server.adminBootstrap.generatedPassword;
    if (!password) throw new Error('The server did not generate a first admin password');
    generatedPassword = password;

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
      viewport: { width: 1280, height: 800 },
    });
    // Nothing may leave the machine: every request to another host is aborted.
    await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort()));
    page = await context.newPage();
    page.on('console', (msg) => {
      // The browser logs every 4xx answer as "Failed to load resource"; those are checked below by URL.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) consoleErrors.push(msg.text());
    });
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/')) {
        apiLog.push(`${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`);
      }
      if (res.status() >= 400)
        failedResponses.push(`${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      const file = `/tmp/fw-console-failure-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}.png`;
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`Screenshot: ${file}; at ${page.url()}; API calls:\n${apiLog.slice(-30).join('\n')}`);
    }
    apiLog.length = 0;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('signs in with the generated password, forces the change, creates a user, and switches to Japanese', async () => {
    await page.goto(`${server.baseUrl}/`);

    // Not signed in: the guard opens the login page (English from the first screen).
    await expect.poll(() => page.url()).toContain('/login');
    await page.getByTestId('login-title').waitFor();
    expect(await page.getByTestId('login-title').textContent()).toContain('Sign in to Fleetward');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // A wrong password is refused with a readable message.
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').textContent()).toContain('Wrong username or password');

    // The generated first password works, and the forced change follows.
    await page.getByTestId('login-password').fill(generatedPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('change-password-required').waitFor();
    expect(page.url()).toContain('/change-password');
    expect(await page.getByTestId('nav').locator('a').count()).toBe(0);

    await page.getByTestId('current-password').fill(generatedPassword);
    await page.getByTestId('new-password').fill(NEW_ADMIN_PASSWORD);
    await page.getByTestId('confirm-password').fill(NEW_ADMIN_PASSWORD);
    await page.getByTestId('change-password-submit').click();

    // The dashboard (landing page with Device Management RO) with the full navigation of the Super Admin.
    await page.getByTestId('dashboard-title').waitFor();
    await page.getByTestId('nav-users').waitFor();
    for (const id of [
      'nav-home',
      'nav-users',
      'nav-roles',
      'nav-alerts',
      'nav-device-groups',
      'nav-audit',
      'nav-settings',
      'nav-mail-settings',
      'nav-api-tokens',
    ]) {
      expect(await page.getByTestId(id).count(), id).toBe(1);
    }

    // Create a user on the Users page.
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-title').waitFor();
    await openDialog(page, 'user-create', 'user-username');
    await page.getByTestId('user-username').fill('operator.tokyo');
    await page.getByTestId('user-display-name').fill('Tokyo Operator');
    await page.getByTestId('user-email').fill('operator.tokyo@example.com');
    await page.getByTestId('user-password').fill('Initial-Password-2026');
    await submitDialog(page, 'user-save');
    await page.getByTestId('user-row-operator.tokyo').waitFor();
    expect(await page.getByTestId('user-row-operator.tokyo').textContent()).toContain('Tokyo Operator');

    // Switch to Japanese: the same page, in Japanese, and <html lang> follows.
    await page.getByTestId('language-ja').click();
    await page.getByTestId('users-title').getByText('ユーザー', { exact: true }).waitFor();
    await page.getByTestId('nav-device-groups').getByText('デバイスグループ').waitFor();
    expect(await page.getByTestId('user-create').textContent()).toContain('ユーザーを追加');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The choice survives a reload (localStorage), and so does the session (sessionStorage).
    await page.reload();
    await page.getByTestId('users-title').getByText('ユーザー', { exact: true }).waitFor();
    await page.getByTestId('user-row-operator.tokyo').waitFor();

    // The server agrees: the new password is the admin's, the user exists and must change his password.
    const login = await server.login('admin', NEW_ADMIN_PASSWORD);
    expect(login.user.mustChangePassword).toBe(false);
    const users = await server.request<ApiPage<UserResponse>>('GET', '/api/v1/users?search=operator', {
      token: login.accessToken,
    });
    expect(users.status).toBe(200);
    const created = users.body.items.find((u) => u.username === 'operator.tokyo');
    expect(created).toMatchObject({ displayName: 'Tokyo Operator', mustChangePassword: true });

    expect(consoleErrors).toEqual([]);
    // The only refused call was the deliberately wrong password.
    expect(failedResponses).toEqual(['POST /api/v1/auth/login 401']);
  });
  it('opens every page of the Super Admin without a refused call, copies a role, and applies the date format', async () => {
    failedResponses.length = 0;
    await page.getByTestId('language-en').click();
    const pages: [string, string][] = [
      ['nav-home', 'dashboard-title'],
      ['nav-alerts', 'alerts-title'],
      ['nav-roles', 'roles-title'],
      ['nav-device-groups', 'device-groups-title'],
      ['nav-audit', 'audit-title'],
      ['nav-settings', 'settings-title'],
      ['nav-mail-settings', 'mail-settings-title'],
      ['nav-api-tokens', 'api-tokens-title'],
    ];
    for (const [nav, title] of pages) {
      await page.getByTestId(nav).click();
      await page.getByTestId(title).waitFor();
    }
    await page.getByTestId('nav-home').click();
    await page.getByTestId('system-info').getByText('Fleetward', { exact: true }).waitFor();

    // A device group with one new device in it.
    await page.getByTestId('nav-device-groups').click();
    await openDialog(page, 'device-group-create', 'field-name');
    await page.getByTestId('field-name').fill('Tokyo HQ');
    await page.getByTestId('field-description').fill('Head office, floors 3-5');
    await submitDialog(page, 'form-dialog-submit');
    await page.getByTestId('device-group-open-Tokyo HQ').click();
    await page.getByTestId('device-group-members').waitFor();
    await openDialog(page, 'device-create', 'field-name');
    await page.getByTestId('field-name').fill('MFP 3F east');
    await page.getByTestId('field-address').fill('127.0.0.1');
    await submitDialog(page, 'form-dialog-submit');
    await page.getByTestId('device-row-MFP 3F east').waitFor();
    await page.getByTestId('device-groups-table').getByRole('cell', { name: '1', exact: true }).waitFor();

    // The group's alert recipients and one policy override, through the alert settings dialog.
    await page.getByTestId('device-group-alerts-Tokyo HQ').click();
    await page.getByTestId('group-alerts-emails').fill('noc@example.com\nops@example.com');
    await page.getByTestId('group-alerts-failed-polls').fill('4');
    await submitDialog(page, 'group-alerts-save');
    await page.getByTestId('device-group-alerts-Tokyo HQ').click();
    await expect
      .poll(() => page.getByTestId('group-alerts-emails').inputValue())
      .toBe('noc@example.com\nops@example.com');
    expect(await page.getByTestId('group-alerts-failed-polls').inputValue()).toBe('4');
    await page.keyboard.press('Escape');
    await page.locator('mat-dialog-container').waitFor({ state: 'detached' });

    // Mail server settings (saved only: nothing listens for SMTP here).
    await page.getByTestId('nav-mail-settings').click();
    await page.getByTestId('mail-host').fill('127.0.0.1');
    await page.getByTestId('mail-port').fill('2525');
    await page.getByTestId('mail-from').fill('Fleetward <fleetward@example.com>');
    await page.getByTestId('mail-save').click();
    await page.getByTestId('mail-saved').waitFor();

    // Copy the built-in Super Admin role, keeping only User Management.
    await page.getByTestId('nav-roles').click();
    const builtIn = page.locator('[data-testid^="role-row-"]').first();
    await builtIn.waitFor();
    const roleName = (await builtIn.locator('strong').textContent())?.trim() ?? '';
    expect(await page.getByTestId(`role-edit-${roleName}`).isDisabled()).toBe(true);
    await openDialog(page, `role-copy-${roleName}`, 'role-name');
    await page.getByTestId('role-permission-user-management').waitFor();
    await page.getByTestId('role-name').fill('User managers');
    for (const box of await page.locator('[data-testid^="role-permission-"] input[type=checkbox]').all()) {
      if (await box.isChecked()) await box.uncheck();
    }
    await page.locator('[data-testid="role-permission-user-management"] input[type=checkbox]').check();
    await page.screenshot({ path: '/tmp/fw-console-role-copy.png' });
    await submitDialog(page, 'role-save');
    await page.getByTestId('role-edit-User managers').waitFor();
    expect(await page.getByTestId('role-edit-User managers').isDisabled()).toBe(false);

    // Display format: dd.MM.yyyy everywhere.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-date-format').click();
    await page.getByRole('option', { name: 'dd.MM.yyyy' }).click();
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-preview').textContent()).toBe('31.12.2026 15:45');
    await page.getByTestId('nav-audit').click();
    const firstTime = await page.getByTestId('audit-row').first().locator('td').first().textContent();
    expect(firstTime?.trim()).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    await page.screenshot({ path: '/tmp/fw-console-audit.png', fullPage: true });

    expect(consoleErrors).toEqual([]);
    expect(failedResponses).toEqual([]);
  });
  it('refreshes an expired access token once and repeats the call, invisibly for the user', async () => {
    failedResponses.length = 0;
    const refreshes: number[] = [];
    const onResponse = (res: { url(): string; status(): number }): void => {
      if (new URL(res.url()).pathname === '/api/v1/auth/refresh') refreshes.push(res.status());
    };
    page.on('response', onResponse);
    await page.getByTestId('nav-home').click();
    // Wait until the page's own calls have been answered, so that only the next call meets the expired token.
    await page.locator('[data-testid="dashboard"][data-loaded="true"]').waitFor();
    await page.getByTestId('system-info').getByText('Fleetward', { exact: true }).waitFor();

    clock.advance(16 * 60_000); // past FLEETWARD_JWT_TTL (900 s by default)
    await page.getByTestId('nav-users').click();
    await page.getByTestId('user-row-operator.tokyo').waitFor();
    page.off('response', onResponse);

    expect(failedResponses).toEqual(['GET /api/v1/users 401']);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toBeLessThan(300);
    expect(page.url()).toContain('/users');
  });

  it('shows a user only the pages his roles allow', async () => {
    // The admin makes operator.tokyo a member of the "User managers" copy (User Management only).
    await page.getByTestId('nav-roles').click();
    await page.getByTestId('role-members-User managers').click();
    await page.getByTestId('role-user-operator.tokyo').locator('input[type=checkbox]').check();
    await submitDialog(page, 'role-users-save');
    await page.getByTestId('roles-table').getByText('Members: 1').first().waitFor();

    const operatorContext = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'ja-JP', timezoneId: 'UTC' });
    await operatorContext.route('**/*', (route) =>
      isLoopback(route.request().url()) ? route.continue() : route.abort(),
    );
    try {
      const op = await operatorContext.newPage();
      await op.goto(`${server.baseUrl}/`);
      // A Japanese browser starts in Japanese.
      await op.getByTestId('login-title').getByText('Fleetward にログイン').waitFor();
      await op.screenshot({ path: '/tmp/fw-console-login-ja.png' });
      await op.getByTestId('login-username').fill('operator.tokyo');
      await op.getByTestId('login-password').fill('Initial-Password-2026');
      await op.getByTestId('login-submit').click();
      await op.getByTestId('change-password-required').waitFor();
      await op.getByTestId('current-password').fill('Initial-Password-2026');
      await op.getByTestId('new-password').fill('Operator-Password-2026');
      await op.getByTestId('confirm-password').fill('Operator-Password-2026');
      await op.getByTestId('change-password-submit').click();
      await op.getByTestId('nav-users').waitFor();
      const entries: (string | null)[] = [];
      for (const link of await op.locator('[data-testid^="nav-"]').all())
        entries.push(await link.getAttribute('data-testid'));
      expect(entries).toEqual(['nav-home', 'nav-users', 'nav-api-tokens']);
      await op.screenshot({ path: '/tmp/fw-console-operator-ja.png' });

      // A page outside his rights is not opened even by its address.
      await op.goto(`${server.baseUrl}/roles`);
      await op.getByTestId('home-title').waitFor();
      expect(new URL(op.url()).pathname).toBe('/');
    } finally {
      await operatorContext.close();
    }
  });
});
