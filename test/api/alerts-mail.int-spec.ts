import type {
  AlertResponse,
  ErrorResponse,
  GroupAlertPolicyResponse,
  GroupAlertRecipientsResponse,
  MailSettingsResponse,
  Page,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../server/src/infra/mail';
import { createSelfSignedCertificate } from '../../server/src/infra/tls/tls-certificate';
import { DeviceInventoryService } from '../../server/src/modules/devices/device-inventory.service';
import { deviceSnapshot } from '../../server/src/modules/devices/testing/snapshot.factory';
import { AlertRepository, NO_MAIL_STATE } from '../../server/src/modules/monitoring/alerts/alert.repository';
import { MonitoringService } from '../../server/src/modules/monitoring/monitoring.service';
import { FakeClock, startTestServer, type TestServer } from '../support';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';
import { createGroup, expectStatus, makeRole } from './access-helpers';

const SMTP_USER = 'fleetward-mailer';
const SMTP_PASSWORD = 'Smtp-Secret-Pass-4242';
const WEBHOOK_SECRET = 'webhook-Secret-0123456789';
const CONSOLE = 'https://fleetward.example.com';

const jammed = () =>
  deviceSnapshot({
    status: { device: 'warning', printer: 'other', errors: ['jammed'], rawErrorState: '0400', overall: 'error' },
  });
const doorOpen = () =>
  deviceSnapshot({
    status: { device: 'warning', printer: 'other', errors: ['doorOpen'], rawErrorState: '0800', overall: 'error' },
  });
const clean = () => deviceSnapshot();

/**
 * Alerts end to end over real HTTPS and a real SMTP server (STARTTLS + AUTH on 127.0.0.1), SQLite or PostgreSQL
 * (DATABASE_URL): mail settings through the API, group recipients, a jammed poll opens ONE alert and sends ONE
 * mail, the same jam again neither, a clean poll resolves; acknowledge/resolve; scope; mail failures recorded
 * and retried; per-group policy; secrets encrypted at rest.
 */
describe('alerts: persisted, mailed, scoped (HTTP + SMTP)', () => {
  const clock = new FakeClock('2026-04-01T08:00:00.000Z');
  let server: TestServer;
  let smtp: SmtpTestServer;
  let tls: { cert: string; key: string };
  let admin: string;
  let inventory: DeviceInventoryService;
  let g1: string;
  let g2: string;
  let d1: string;
  let d2: string;
  let alice: string; // user name: Device Management RW on G2 only
  let grace: string; // user name: Device Group Management on G2 only
  let webhook: Server;
  let webhookPort: number;
  const hooks: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  /** Tokens and passwords by user name: a token is renewed when the test clock moved past its expiry. */
  const tokens = new Map<string, string>();
  const passwords = new Map<string, string>();

  async function api<T>(method: string, path: string, user: string, body?: unknown) {
    const send = () =>
      server.request<T>(method, `/api/v1${path}`, { token: tokens.get(user), ...(body === undefined ? {} : { body }) });
    let res = await send();
    if (res.status === 401) {
      tokens.set(
        user,
        user === 'admin' ? await server.loginAsAdmin() : (await server.login(user, passwords.get(user)!)).accessToken,
      );
      res = await send();
    }
    return res;
  }

  async function user(
    name: string,
    permissions: Permission[],
    scope: { deviceGroupIds?: string[]; allDeviceGroups?: boolean },
  ) {
    const created = await server.createUser(name);
    tokens.set(name, created.token);
    passwords.set(name, created.password);
    await makeRole(server, await server.loginAsAdmin(), {
      name: `role of ${name}`,
      permissions,
      ...scope,
      memberIds: [created.user.id],
    });
    return name;
  }

  const mailSettings = (port: number, password: string | undefined = SMTP_PASSWORD) => ({
    host: '127.0.0.1',
    port,
    security: 'starttls',
    user: SMTP_USER,
    ...(password === undefined ? {} : { password }),
    from: 'Fleetward <fleetward@example.com>',
    rejectUnauthorized: true,
    ca: tls.cert,
  });

  async function poll(deviceId: string, result: unknown): Promise<void> {
    clock.advanceMinutes(5);
    await inventory.ingestPoll(deviceId, result);
  }

  async function alertsOf(token: string, query = ''): Promise<Page<AlertResponse>> {
    return expectStatus(await api<Page<AlertResponse>>('GET', `/alerts${query}`, token), 200, `list alerts${query}`);
  }

  beforeAll(async () => {
    tls = createSelfSignedCertificate({ host: 'localhost' });
    smtp = await startSmtpTestServer({ tls, user: SMTP_USER, password: SMTP_PASSWORD });
    webhook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', () => resolve()));
    webhookPort = (webhook.address() as AddressInfo).port;
    server = await startTestServer({ clock, env: { FLEETWARD_PUBLIC_URL: CONSOLE } });
    admin = 'admin';
    tokens.set(admin, await server.loginAsAdmin());
    inventory = server.server.app.get(DeviceInventoryService);
    g1 = (await createGroup(server, tokens.get(admin)!, 'Finance')).id;
    g2 = (await createGroup(server, tokens.get(admin)!, 'Sales')).id;
    const create = async (body: Record<string, unknown>) =>
      expectStatus(await api<{ id: string }>('POST', '/devices', admin, body), 201, `create ${String(body.name)}`).id;
    d1 = await create({ name: 'Finance MFP', address: '127.1.0.42', groupIds: [g1], location: 'Tokyo HQ 3F' });
    d2 = await create({ name: 'Sales MFP', address: '127.1.0.43', groupIds: [g2] });
    alice = await user('alice', [Permission.DeviceManagementRw], { deviceGroupIds: [g2] });
    grace = await user('grace', [Permission.DeviceGroupManagement], { deviceGroupIds: [g2] });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
    await new Promise<void>((resolve) => (webhook ? webhook.close(() => resolve()) : resolve()));
  });

  describe('mail settings (System Management)', () => {
    it('are not configured at first; the test mail says so', async () => {
      const settings = expectStatus(await api<MailSettingsResponse>('GET', '/settings/mail', admin), 200, 'get');
      expect(settings).toMatchObject({ configured: false, hasPassword: false });
      const res = await api<ErrorResponse>('POST', '/settings/mail/test', admin, { to: 'admin@example.com' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MAIL_NOT_CONFIGURED');
    });

    it('refuses bad settings, naming each problem', async () => {
      const res = await api<ErrorResponse>('PUT', '/settings/mail', admin, {
        ...mailSettings(smtp.port),
        host: 'bad host!',
        from: 'not-an-address',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MAIL_SETTINGS_INVALID');
      expect(res.body.message).toContain('host must be a host name or an IP address');
      expect(res.body.message).toContain('from must be a mail address');
    });

    it('a wrong password gives a clear error on the test mail, without the password', async () => {
      expectStatus(
        await api('PUT', '/settings/mail', admin, mailSettings(smtp.port, 'Wrong-Password-1')),
        200,
        'put wrong password',
      );
      const res = await api<ErrorResponse>('POST', '/settings/mail/test', admin, { to: 'admin@example.com' });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('MAIL_DELIVERY_FAILED');
      expect(res.body.message).toContain('refused the user name or password');
      expect(res.text).not.toContain('Wrong-Password-1');
    });

    it('are stored (the password write-only) and the test mail arrives over STARTTLS with AUTH', async () => {
      const saved = expectStatus(
        await api<MailSettingsResponse>('PUT', '/settings/mail', admin, mailSettings(smtp.port)),
        200,
        'put',
      );
      expect(saved).toMatchObject({ configured: true, host: '127.0.0.1', port: smtp.port, user: SMTP_USER });
      expect(saved.hasPassword).toBe(true);
      const got = await api<MailSettingsResponse>('GET', '/settings/mail', admin);
      expect(got.text).not.toContain(SMTP_PASSWORD);
      // Absent password keeps the stored one.
      expectStatus(await api('PUT', '/settings/mail', admin, mailSettings(smtp.port, undefined)), 200, 'put again');
      const before = smtp.received.length;
      const sent = expectStatus(
        await api<{ accepted: string[] }>('POST', '/settings/mail/test', admin, { to: 'admin@example.com' }),
        200,
        'test mail',
      );
      expect(sent.accepted).toEqual(['admin@example.com']);
      expect(smtp.received).toHaveLength(before + 1);
      expect(smtp.received.at(-1)).toMatchObject({ to: ['admin@example.com'], user: SMTP_USER, secure: true });
      expect(smtp.received.at(-1)?.text).toContain('Subject: [Fleetward] Test mail');
    });

    it('need System Management', async () => {
      expect((await api('GET', '/settings/mail', alice)).status).toBe(403);
      expect((await api('PUT', '/settings/mail', alice, mailSettings(smtp.port))).status).toBe(403);
    });
  });

  describe('group recipients and alert policy (Device Group Management, scoped)', () => {
    it('stores recipients (de-duplicated) and a webhook; the secret is never returned', async () => {
      const r1 = expectStatus(
        await api<GroupAlertRecipientsResponse>('PUT', `/device-groups/${g1}/recipients`, admin, {
          emails: ['ops@example.com', 'OPS@example.com', 'it@example.com'],
        }),
        200,
        'put g1 recipients',
      );
      expect(r1.emails).toEqual(['ops@example.com', 'it@example.com']);
      const r2 = await api<GroupAlertRecipientsResponse>('PUT', `/device-groups/${g2}/recipients`, grace, {
        emails: ['sales-it@example.com'],
        webhookUrl: `http://127.0.0.1:${webhookPort}/hook`,
        webhookSecret: WEBHOOK_SECRET,
      });
      expect(expectStatus(r2, 200, 'put g2 recipients')).toMatchObject({
        webhookUrl: `http://127.0.0.1:${webhookPort}/hook`,
        hasWebhookSecret: true,
      });
      expect(r2.text).not.toContain(WEBHOOK_SECRET);
    });

    it('refuses bad recipients and webhooks', async () => {
      const bad = await api<ErrorResponse>('PUT', `/device-groups/${g1}/recipients`, admin, { emails: ['nope'] });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('MAIL_RECIPIENTS_INVALID');
      const hook = await api<ErrorResponse>('PUT', `/device-groups/${g1}/recipients`, admin, {
        emails: ['ops@example.com'],
        webhookUrl: 'ftp://x',
        webhookSecret: 'short',
      });
      expect(hook.status).toBe(400);
      expect(hook.body.code).toBe('WEBHOOK_SETTINGS_INVALID');
    });

    it('a group manager of another group gets 404; no Device Group Management gets 403', async () => {
      expect((await api('GET', `/device-groups/${g1}/recipients`, grace)).status).toBe(404);
      expect((await api('PUT', `/device-groups/${g1}/alert-policy`, grace, {})).status).toBe(404);
      expect((await api('GET', `/device-groups/${g2}/recipients`, alice)).status).toBe(403);
    });

    it('validates a policy override with the alerting rules and shows the effective policy', async () => {
      const bad = await api<ErrorResponse>('PUT', `/device-groups/${g2}/alert-policy`, grace, {
        errorConditions: ['jammed', 'bogus'],
        supplyThresholds: { toner: 150 },
        colour: 'red',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('ALERT_POLICY_INVALID');
      expect(bad.body.message).toContain('unknown field "colour"');
      const worse = await api<ErrorResponse>('PUT', `/device-groups/${g2}/alert-policy`, grace, {
        errorConditions: ['jammed', 'bogus'],
        supplyThresholds: { toner: 150 },
      });
      expect(worse.body.message).toContain('unknown condition "bogus"');
      expect(worse.body.message).toContain('supplyThresholds.toner');
      const ok = expectStatus(
        await api<GroupAlertPolicyResponse>('PUT', `/device-groups/${g2}/alert-policy`, grace, {
          supplyThresholds: { toner: 30 },
        }),
        200,
        'put policy',
      );
      expect(ok.override).toEqual({ supplyThresholds: { toner: 30 } });
      expect(ok.effective.supplyThresholds?.toner).toBe(30);
      expect(ok.effective.supplyThresholds?.drum).toBe(10);
      const got = expectStatus(
        await api<GroupAlertPolicyResponse>('GET', `/device-groups/${g2}/alert-policy`, grace),
        200,
        'get policy',
      );
      expect(got.override).toEqual({ supplyThresholds: { toner: 30 } });
    });
  });

  describe('alerts from polls', () => {
    let jamAlert: AlertResponse;

    it('a jam opens ONE alert and ONE mail to the group recipients, naming the device, problem and link', async () => {
      const before = smtp.received.length;
      await poll(d1, jammed());
      const page = await alertsOf(admin, `?deviceId=${d1}`);
      expect(page.total).toBe(1);
      jamAlert = page.items[0]!;
      expect(jamAlert).toMatchObject({
        targetKind: 'device',
        targetId: d1,
        deviceName: 'Finance MFP',
        rule: 'deviceError',
        subject: 'jammed',
        severity: 'critical',
        state: 'open',
        summary: 'Paper jam',
        mailCount: 1,
        mailPending: false,
        lastMailError: null,
      });
      expect(smtp.received).toHaveLength(before + 1);
      const mail = smtp.received.at(-1)!;
      expect(mail.to).toEqual(['ops@example.com', 'it@example.com']);
      expect(mail.text).toContain('Subject: [Fleetward] Critical: Paper jam - Finance MFP (Tokyo HQ 3F)');
      expect(mail.text).toContain(`${CONSOLE}/devices/${d1}`);
    });

    it('the same jam again opens no second alert and sends no second mail', async () => {
      const before = smtp.received.length;
      await poll(d1, jammed());
      await poll(d1, jammed());
      const page = await alertsOf(admin, `?deviceId=${d1}`);
      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({ id: jamAlert.id, state: 'open', mailCount: 1 });
      expect(smtp.received).toHaveLength(before);
    });

    it('acknowledge records who and when; twice is a conflict', async () => {
      const acked = expectStatus(
        await api<AlertResponse>('POST', `/alerts/${jamAlert.id}/acknowledge`, admin),
        200,
        'ack',
      );
      expect(acked).toMatchObject({
        state: 'acknowledged',
        acknowledgedBy: 'admin',
        acknowledgedAt: clock.now().toISOString(),
      });
      const again = await api<ErrorResponse>('POST', `/alerts/${jamAlert.id}/acknowledge`, admin);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ALERT_ALREADY_ACKNOWLEDGED');
    });

    it('a clean poll resolves it on its own', async () => {
      await poll(d1, clean());
      const got = expectStatus(await api<AlertResponse>('GET', `/alerts/${jamAlert.id}`, admin), 200, 'get');
      expect(got).toMatchObject({ state: 'resolved', resolution: 'auto', resolvedBy: null });
      expect(got.resolvedAt).toBe(clock.now().toISOString());
      expect((await alertsOf(admin, '?state=open')).total).toBe(0);
    });

    it('a user limited to another group never sees the alert (list, count, filters, by id)', async () => {
      expect((await alertsOf(alice)).total).toBe(0);
      expect((await alertsOf(alice, `?deviceId=${d1}`)).total).toBe(0);
      expect((await api('GET', `/alerts?groupId=${g1}`, alice)).status).toBe(404);
      const byId = await api<ErrorResponse>('GET', `/alerts/${jamAlert.id}`, alice);
      expect(byId.status).toBe(404);
      expect(byId.body.code).toBe('ALERT_NOT_FOUND');
      expect((await api('POST', `/alerts/${jamAlert.id}/resolve`, alice)).status).toBe(404);
    });

    it("the other group's alert: mail to its recipients, signed webhook, resolved by hand over HTTP", async () => {
      const before = smtp.received.length;
      await poll(d2, jammed());
      const page = await alertsOf(alice);
      expect(page.total).toBe(1);
      const alert = page.items[0]!;
      expect(alert).toMatchObject({ targetId: d2, deviceName: 'Sales MFP', state: 'open', mailCount: 1 });
      expect(smtp.received).toHaveLength(before + 1);
      expect(smtp.received.at(-1)?.to).toEqual(['sales-it@example.com']);
      const hook = hooks.at(-1)!;
      expect(hook.headers['x-fleetward-event']).toBe('alert.opened');
      expect(
        verifyWebhookSignature({
          secret: WEBHOOK_SECRET,
          body: hook.body,
          signature: hook.headers['x-fleetward-signature'] as string,
          timestamp: hook.headers['x-fleetward-timestamp'] as string,
          now: clock.now(),
        }),
      ).toBe(true);
      expect(JSON.parse(hook.body)).toMatchObject({
        alert: { id: alert.id, summary: 'Paper jam' },
        device: { id: d2 },
      });
      const resolved = expectStatus(
        await api<AlertResponse>('POST', `/alerts/${alert.id}/resolve`, alice),
        200,
        'resolve',
      );
      expect(resolved).toMatchObject({ state: 'resolved', resolution: 'manual', resolvedBy: 'alice' });
      expect((await api<ErrorResponse>('POST', `/alerts/${alert.id}/resolve`, alice)).body.code).toBe(
        'ALERT_ALREADY_RESOLVED',
      );
      // Admin (all groups) sees both alerts; filters work.
      expect((await alertsOf(admin)).total).toBe(2);
      expect((await alertsOf(admin, `?groupId=${g2}`)).items.map((a) => a.id)).toEqual([alert.id]);
      expect((await alertsOf(admin, '?severity=warning')).total).toBe(0);
    });

    it('needs Device Management RW to acknowledge or resolve', async () => {
      const viewer = await user('victor', [Permission.DeviceManagementRo], { allDeviceGroups: true });
      expect((await alertsOf(viewer)).total).toBe(2);
      expect((await api('POST', `/alerts/${jamAlert.id}/acknowledge`, viewer)).status).toBe(403);
    });

    it('a mail failure is recorded on the alert, never breaks ingest, and is retried', async () => {
      // A port where nothing listens: take the SMTP server's port after it stopped? Use a fresh closed port instead.
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
      const deadPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      expectStatus(await api('PUT', '/settings/mail', admin, mailSettings(deadPort, undefined)), 200, 'dead port');
      const before = smtp.received.length;
      await poll(d1, doorOpen());
      const page = await alertsOf(admin, `?deviceId=${d1}&state=open`);
      expect(page.total).toBe(1);
      const failed = page.items[0]!;
      expect(failed).toMatchObject({ subject: 'doorOpen', mailPending: true, mailCount: 0, lastNotifiedAt: null });
      expect(failed.lastMailError).toContain('Cannot connect to the mail server');
      expect(smtp.received).toHaveLength(before);

      expectStatus(await api('PUT', '/settings/mail', admin, mailSettings(smtp.port, undefined)), 200, 'restore');
      const sent = await server.server.app.get(MonitoringService).retryPendingNotifications();
      expect(sent).toEqual([failed.id]);
      expect(smtp.received).toHaveLength(before + 1);
      expect(smtp.received.at(-1)?.text).toContain('A door or cover is open');
      const after = expectStatus(await api<AlertResponse>('GET', `/alerts/${failed.id}`, admin), 200, 'get');
      expect(after).toMatchObject({ mailPending: false, mailCount: 1, lastMailError: null });
      // Nothing owed any more: the next poll sends nothing.
      await poll(d1, doorOpen());
      expect(smtp.received).toHaveLength(before + 1);
    });

    it('a failed edge-offline mail is retried: by the next edge check and by the periodic retry', async () => {
      const monitoring = server.server.app.get(MonitoringService);
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
      const deadPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      // Two activated edges, each with a device of Finance (g1: ops@ and it@ get their alerts), silent for an hour.
      const edges: { id: string; name: string; url: string; lastSeenAt: Date; activatedAt: Date }[] = [];
      for (const [i, name] of ['Branch edge', 'Depot edge'].entries()) {
        const edge = expectStatus(await api<{ id: string }>('POST', '/edges', admin, { name }), 201, `edge ${name}`);
        expectStatus(
          await api('POST', '/devices', admin, {
            name: `${name} MFP`,
            address: `127.1.0.${50 + i}`,
            groupIds: [g1],
            edgeId: edge.id,
          }),
          201,
          `device on ${name}`,
        );
        const silentSince = new Date(clock.now().getTime() - 3600_000);
        edges.push({
          id: edge.id,
          name,
          url: `https://127.0.0.1:${5100 + i}`,
          lastSeenAt: silentSince,
          activatedAt: silentSince,
        });
      }
      const edgeAlert = async (edgeId: string) =>
        (await alertsOf(admin, '?pageSize=100')).items.find((a) => a.targetKind === 'edge' && a.targetId === edgeId)!;
      const mailsAbout = (name: string) => smtp.received.filter((m) => m.text.includes(`Edge ${name}`));

      expectStatus(await api('PUT', '/settings/mail', admin, mailSettings(deadPort, undefined)), 200, 'dead port');
      await monitoring.checkEdges(edges);
      for (const edge of edges) {
        expect(await edgeAlert(edge.id)).toMatchObject({ rule: 'edgeOffline', state: 'open', mailPending: true });
        expect(mailsAbout(edge.name)).toHaveLength(0);
      }
      // The scheduler's periodic retry while the mail server is still down sends nothing and loses nothing.
      clock.advanceMinutes(6);
      expect(await monitoring.retryPendingNotificationsIfDue()).toEqual([]);
      expect(await edgeAlert(edges[1]!.id)).toMatchObject({ mailPending: true });
      expectStatus(await api('PUT', '/settings/mail', admin, mailSettings(smtp.port, undefined)), 200, 'restore');

      // The next check of the first edge (no new transition) sends what it owes …
      clock.advanceMinutes(1);
      await monitoring.checkEdges([edges[0]!]);
      expect(mailsAbout('Branch edge')).toHaveLength(1);
      expect(mailsAbout('Branch edge')[0]!.to.sort()).toEqual(['it@example.com', 'ops@example.com']);
      expect(await edgeAlert(edges[0]!.id)).toMatchObject({ mailPending: false, mailCount: 1, lastMailError: null });
      // … and the scheduler's periodic retry sends the other edge's: not a minute after its last try (at most every
      // five minutes), but once that time has passed.
      const depot = await edgeAlert(edges[1]!.id);
      expect(await monitoring.retryPendingNotificationsIfDue()).toEqual([]);
      expect(mailsAbout('Depot edge')).toHaveLength(0);
      clock.advanceMinutes(5);
      expect(await monitoring.retryPendingNotificationsIfDue()).toEqual([depot.id]);
      expect(mailsAbout('Depot edge')).toHaveLength(1);
      expect(await edgeAlert(edges[1]!.id)).toMatchObject({ mailPending: false, mailCount: 1 });
      // Nothing owed any more.
      await monitoring.checkEdges(edges);
      expect(await monitoring.retryPendingNotifications()).toEqual([]);
      expect(mailsAbout('Branch edge')).toHaveLength(1);
      expect(mailsAbout('Depot edge')).toHaveLength(1);
    });

    it('a malformed poll result opens and resolves nothing', async () => {
      const monitoring = server.server.app.get(MonitoringService);
      expect(await monitoring.afterPoll(d1, { ok: true, polledAt: 'yesterday' })).toEqual({
        evaluated: false,
        transitions: [],
        notified: [],
      });
      expect((await alertsOf(admin, `?deviceId=${d1}&state=open`)).total).toBe(1);
    });
  });

  describe('one open alert per condition (unique open_key, real database)', () => {
    it('a second open alert for the same condition is refused even when two writers race; resolved ones may repeat', async () => {
      const repo = server.server.app.get(AlertRepository);
      const key = `device:${d2}/deviceError/noPaper`;
      const base = {
        key,
        target: { kind: 'device' as const, id: d2 },
        rule: 'deviceError' as const,
        subject: 'noPaper',
        severity: 'critical' as const,
        summary: 'Out of paper',
        detail: null,
        state: 'open' as const,
        openedAt: clock.now().toISOString(),
        lastSeenAt: clock.now().toISOString(),
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        resolvedBy: null,
        resolution: null,
        reopenCount: 0,
        lastNotifiedAt: null,
        ...NO_MAIL_STATE,
      };
      const ids = [randomUUID(), randomUUID()];
      const results = await Promise.all(ids.map((id) => repo.save([{ ...base, id }])));
      expect(results.flatMap((r) => r.skipped)).toHaveLength(1);
      const open = (await repo.activeAndRecent(base.target, clock.now())).filter((a) => a.key === key);
      expect(open).toHaveLength(1);
      // Resolved alerts of the same condition do not block (open_key NULL), and a new one may open after.
      await repo.save([{ ...open[0]!, state: 'resolved', resolvedAt: clock.now().toISOString(), resolution: 'auto' }]);
      const third = randomUUID();
      expect(await repo.save([{ ...base, id: third }])).toEqual({ skipped: [] });
      await repo.save([
        { ...base, id: third, state: 'resolved', resolvedAt: clock.now().toISOString(), resolution: 'auto' },
      ]);
    });
  });

  describe('secrets at rest', () => {
    it('the SMTP password, recipients and webhook are not in the database in plain text', async () => {
      const db = server.server.app.get(DataSource);
      const dump = JSON.stringify([
        await db.query('SELECT * FROM secret_settings'),
        await db.query('SELECT * FROM settings'),
        await db.query('SELECT * FROM device_group_alert_settings'),
        await db.query('SELECT * FROM alerts'),
      ]);
      for (const secret of [
        SMTP_PASSWORD,
        'ops@example.com',
        'sales-it@example.com',
        WEBHOOK_SECRET,
        `127.0.0.1:${webhookPort}`,
      ]) {
        expect(dump).not.toContain(secret);
      }
      expect(dump).toContain('v1:');
      if (server.database.type === 'sqlite') {
        const file = server.database.file;
        const bytes = Buffer.concat(
          [file, `${file}-wal`, `${file}-journal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
        ).toString('latin1');
        for (const secret of [SMTP_PASSWORD, 'ops@example.com', 'sales-it@example.com', WEBHOOK_SECRET]) {
          expect(bytes).not.toContain(secret);
        }
      }
    });
  });
});
