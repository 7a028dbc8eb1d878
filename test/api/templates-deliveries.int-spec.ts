import type {
  AuditEntryResponse,
  CaptureTemplateResponse,
  DeliveryDetailResponse,
  DeliveryResponse,
  DeviceSettingsAccessResponse,
  DeviceSettingsCapabilitiesResponse,
  DriftResultResponse,
  Page,
  SettingApplyOutcome,
  SettingsApplyRequest,
  SettingsApplyResponse,
  TemplateAssignmentResponse,
  TemplateResponse,
  TemplateVersionResponse,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../../server/src/bootstrap';
import { createSelfSignedCertificate } from '../../server/src/infra/tls/tls-certificate';
import { DeliveryRunner } from '../../server/src/modules/deliveries/delivery-runner';
import { DriftService } from '../../server/src/modules/deliveries/drift.service';
import { FakeClock, startTestServer, type TestServer } from '../support';
import { connectEdgeByToken, createGroup, expectStatus, userWithRole } from './access-helpers';

/**
 * Templates and deliveries through the real server (SQLite, or PostgreSQL with DATABASE_URL) and an edge over
 * real HTTPS on 127.0.0.1. The edge here is a small stand-in that implements the edge settings API contract
 * (libs/contracts/src/edge/settings-api.ts) — idempotent apply by operationId, admin password checked and
 * rotated per device — so the server side is tested on its own; the end-to-end test with the real edge and the
 * simulator lives with the drivers. Device addresses are in 127.24.0.0/16 (never connected to: the stand-in
 * answers for them). The runner's loop is off: the test calls `runDue(now)` with the fake clock's time.
 */

const INITIAL_ADMIN_PASSWORD = 'fleetward-admin';

interface StandInEdge {
  url: string;
  cert: string;
  token: string;
  /** Settings actually applied per device host (a replayed answer does not count). */
  applied: Map<string, number>;
  values: Map<string, Record<string, unknown>>;
  adminPasswords: Map<string, string>;
  unreachable: Set<string>;
  /** Last target access seen per host (to check what the server sends). */
  lastAccess: Map<string, unknown>;
  /** While set, apply calls are applied but answered only when `release()` is called. */
  holdAnswers: boolean;
  held: number;
  release(): void;
  close(): Promise<void>;
}

async function startStandInEdge(): Promise<StandInEdge> {
  const { cert, key } = createSelfSignedCertificate({ host: 'localhost' });
  const token = 'stand-in-edge-token-0123456789';
  const remembered = new Map<string, SettingsApplyResponse>();
  const waiting: (() => void)[] = [];
  const edge: StandInEdge = {
    url: '',
    cert,
    token,
    applied: new Map(),
    values: new Map(),
    adminPasswords: new Map(),
    unreachable: new Set(),
    lastAccess: new Map(),
    holdAnswers: false,
    held: 0,
    release: () => {
      for (const answer of waiting.splice(0)) answer();
    },
    close: async () => {
      edge.release();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const driver = { id: 'stand-in', family: 'i-series' };
  const apply = (req: SettingsApplyRequest): SettingsApplyResponse => {
    const host = req.target.host;
    edge.lastAccess.set(host, req.target.access);
    const keys = Object.keys(req.settings) as SettingApplyOutcome['key'][];
    if (edge.unreachable.has(host)) {
      return {
        ok: false,
        operationId: req.operationId,
        replayed: false,
        error: { code: 'DEVICE_UNREACHABLE', message: `${host} does not answer` },
        settings: keys.map((k) => ({ key: k, status: 'failed' })),
      };
    }
    const current = edge.adminPasswords.get(host) ?? INITIAL_ADMIN_PASSWORD;
    if (req.target.access.adminPassword !== current) {
      return {
        ok: false,
        operationId: req.operationId,
        replayed: false,
        error: { code: 'DEVICE_AUTH_FAILED', message: 'the device refused the administrator password' },
        settings: keys.map((k) => ({ key: k, status: 'failed' })),
      };
    }
    edge.applied.set(host, (edge.applied.get(host) ?? 0) + 1);
    const stored = edge.values.get(host) ?? {};
    const settings: SettingApplyOutcome[] = keys.map((k) => {
      if (k.startsWith('service.')) return { key: k, status: 'unsupported', message: 'not on this model' };
      if (k === 'security.adminPassword') edge.adminPasswords.set(host, req.settings[k] as string);
      else stored[k] = req.settings[k];
      return { key: k, status: 'applied' };
    });
    edge.values.set(host, stored);
    return {
      ok: true,
      operationId: req.operationId,
      replayed: false,
      driver,
      appliedAt: new Date().toISOString(),
      settings,
    };
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(401, { error: { code: 'UNAUTHORIZED', message: 'no' } });
    const body =
      chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    switch (req.url ?? '') {
      case '/api/health':
        return send(200, { status: 'ok', version: 'stand-in', uptimeSeconds: 1 });
      case '/api/v1/settings/capabilities':
        edge.lastAccess.set((body.target as { host: string }).host, (body.target as { access: unknown }).access);
        return send(200, {
          ok: true,
          driver,
          settings: [
            { key: 'security.adminPassword', read: false, write: true, transport: 'xml-api' },
            { key: 'time.timeZone', read: true, write: true, transport: 'xml-api' },
          ],
        });
      case '/api/v1/settings/read': {
        const host = (body.target as { host: string }).host;
        const stored = edge.values.get(host) ?? {};
        return send(200, {
          ok: true,
          driver,
          readAt: new Date().toISOString(),
          settings: [
            { key: 'security.adminPassword', status: 'unsupported', message: 'secrets are never readable' },
            ...Object.entries(stored).map(([k, value]) => ({ key: k, status: 'ok', value })),
          ],
        });
      }
      case '/api/v1/settings/apply': {
        const request = body as unknown as SettingsApplyRequest;
        const known = remembered.get(request.operationId);
        if (known) return send(200, { ...known, replayed: true });
        const answer = apply(request);
        remembered.set(request.operationId, answer);
        if (edge.holdAnswers) {
          edge.held++;
          waiting.push(() => send(200, answer));
          return;
        }
        return send(200, answer);
      }
      default:
        return send(404, { error: { code: 'NOT_FOUND', message: req.url ?? '' } });
    }
  };
  const server: Server = createServer({ cert, key }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  edge.url = `https://localhost:${(server.address() as AddressInfo).port}`;
  return edge;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('templates and deliveries (server + stand-in edge over HTTPS)', () => {
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  let server: TestServer;
  let admin: string;
  let edge: StandInEdge;
  let edgeId: string;
  let groupA: string;
  let groupB: string;
  const devices: { id: string; host: string }[] = [];
  const runner = (s: StartedServer = server.server) => s.app.get(DeliveryRunner);

  beforeAll(async () => {
    edge = await startStandInEdge();
    server = await startTestServer({
      clock,
      env: { FLEETWARD_POLL_TICK_SECONDS: '0', FLEETWARD_DELIVERY_TICK_SECONDS: '0', FLEETWARD_JWT_TTL: '86400' },
    });
    admin = await server.loginAsAdmin();
    edgeId = await connectEdgeByToken(server, admin, 'Site 24', {
      url: edge.url,
      token: edge.token,
      caPem: edge.cert,
    });
    groupA = (await createGroup(server, admin, 'Delivery A')).id;
    groupB = (await createGroup(server, admin, 'Delivery B')).id;
    for (let i = 1; i <= 4; i++) {
      const host = `127.24.0.${i}`;
      const created = expectStatus(
        await server.request<{ id: string }>('POST', '/api/v1/devices', {
          token: admin,
          body: {
            name: `mfp-${i}`,
            address: host,
            edgeId,
            groupIds: [i <= 3 ? groupA : groupB],
            snmp: { version: '2c', community: 'public' },
            adminPassword: INITIAL_ADMIN_PASSWORD,
          },
        }),
        201,
        `create device ${i}`,
      );
      devices.push({ id: created.id, host });
      edge.values.set(host, { 'identity.location': 'Factory default', 'identity.contact': 'Factory default' });
    }
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await edge?.close();
  });

  async function createTemplate(body: Record<string, unknown>, token = admin): Promise<TemplateResponse> {
    return expectStatus(
      await server.request<TemplateResponse>('POST', '/api/v1/templates', { token, body }),
      201,
      'create template',
    );
  }

  async function deliver(body: Record<string, unknown>, token = admin): Promise<DeliveryDetailResponse> {
    return expectStatus(
      await server.request<DeliveryDetailResponse>('POST', '/api/v1/deliveries', { token, body }),
      201,
      'create delivery',
    );
  }

  async function delivery(id: string): Promise<DeliveryDetailResponse> {
    return expectStatus(
      await server.request<DeliveryDetailResponse>('GET', `/api/v1/deliveries/${id}?pageSize=500`, { token: admin }),
      200,
      'get delivery',
    );
  }

  it('creates a template: values validated (every problem listed), secrets encrypted and answered as {set: true}', async () => {
    const bad = await server.request<{ code: string; details: { field: string }[] }>('POST', '/api/v1/templates', {
      token: admin,
      body: {
        name: 'Bad',
        kind: 'admin',
        values: { 'time.timeZone': 'Nowhere/City', 'security.adminPassword': 'short' },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.map((d) => d.field).sort()).toEqual([
      'values.security.adminPassword',
      'values.time.timeZone',
    ]);
    const serviceInAdmin = await server.request('POST', '/api/v1/templates', {
      token: admin,
      body: { name: 'Bad 2', kind: 'admin', values: { 'service.tonerLowThresholdPercent': 10 } },
    });
    expect(serviceInAdmin.status).toBe(400);

    const created = await createTemplate({
      name: 'Rotation',
      kind: 'admin',
      values: { 'security.adminPassword': 'Rotated-Pass-2026', 'time.timeZone': 'Asia/Tokyo' },
    });
    expect(created).toMatchObject({ version: 1, passwordProtected: false, kind: 'admin' });
    expect(created.values).toEqual({ 'security.adminPassword': { set: true }, 'time.timeZone': 'Asia/Tokyo' });
    const db = server.server.app.get(DataSource);
    const stored = await db.query<{ values_encrypted: string }[]>('SELECT values_encrypted FROM template_versions');
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) expect(row.values_encrypted).not.toContain('Rotated-Pass-2026');
    const listed = expectStatus(
      await server.request<TemplateResponse[]>('GET', '/api/v1/templates', { token: admin }),
      200,
      'list',
    );
    expect(JSON.stringify(listed)).not.toContain('Rotated-Pass-2026');
    const taken = await server.request<{ code: string }>('POST', '/api/v1/templates', {
      token: admin,
      body: { name: 'rotation', kind: 'admin', values: { 'time.timeZone': 'UTC' } },
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'TEMPLATE_NAME_TAKEN']);
  });

  it('every save is a new immutable version; a secret sent back as {set: true} is kept', async () => {
    const t = await createTemplate({
      name: 'Versioned',
      kind: 'admin',
      values: { 'snmp.readCommunity': 'c0mmunity', 'identity.location': 'Hall' },
    });
    const updated = expectStatus(
      await server.request<TemplateResponse>('PATCH', `/api/v1/templates/${t.id}`, {
        token: admin,
        body: { values: { ...t.values, 'identity.location': 'Floor 2' } },
      }),
      200,
      'update',
    );
    expect(updated.version).toBe(2);
    const renamed = expectStatus(
      await server.request<TemplateResponse>('PATCH', `/api/v1/templates/${t.id}`, {
        token: admin,
        body: { description: 'x' },
      }),
      200,
      'describe',
    );
    expect(renamed.version).toBe(2);
    const versions = expectStatus(
      await server.request<TemplateVersionResponse[]>('GET', `/api/v1/templates/${t.id}/versions`, { token: admin }),
      200,
      'versions',
    );
    expect(versions.map((v) => [v.version, v.values['identity.location']])).toEqual([
      [2, 'Floor 2'],
      [1, 'Hall'],
    ]);
    expect(versions[0]?.values['snmp.readCommunity']).toEqual({ set: true });
    const v1 = expectStatus(
      await server.request<TemplateVersionResponse>('GET', `/api/v1/templates/${t.id}/versions/1`, { token: admin }),
      200,
      'version 1',
    );
    expect(v1.values['identity.location']).toBe('Hall');
    expect((await server.request('GET', `/api/v1/templates/${t.id}/versions/9`, { token: admin })).status).toBe(404);
  });

  it('a password-protected template cannot be edited or deleted without its password (403)', async () => {
    const t = await createTemplate({
      name: 'Protected',
      kind: 'admin',
      values: { 'time.timeZone': 'UTC' },
      password: 'template-pw-1',
    });
    expect(t.passwordProtected).toBe(true);
    const patch = (headers: Record<string, string>, body: Record<string, unknown> = { description: 'changed' }) =>
      server.request<{ code: string }>('PATCH', `/api/v1/templates/${t.id}`, { token: admin, body, headers });
    const missing = await patch({});
    expect([missing.status, missing.body.code]).toEqual([403, 'TEMPLATE_PASSWORD_REQUIRED']);
    const wrong = await patch({ 'x-template-password': 'not-the-password' });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'TEMPLATE_PASSWORD_WRONG']);
    expect((await patch({ 'x-template-password': 'template-pw-1' })).status).toBe(200);
    expect((await patch({}, { description: 'again', templatePassword: 'template-pw-1' })).status).toBe(200);

    // The console asks for the password before it opens the editor: a check that changes nothing.
    const check = (password: string, id = t.id) =>
      server.request<{ code: string }>('POST', `/api/v1/templates/${id}/check-password`, {
        token: admin,
        body: { password },
      });
    const before = await server.request<TemplateResponse>('GET', `/api/v1/templates/${t.id}`, { token: admin });
    const wrongCheck = await check('not-the-password');
    expect([wrongCheck.status, wrongCheck.body.code]).toEqual([403, 'TEMPLATE_PASSWORD_WRONG']);
    const emptyCheck = await check('');
    expect([emptyCheck.status, emptyCheck.body.code]).toEqual([403, 'TEMPLATE_PASSWORD_REQUIRED']);
    expect((await check('template-pw-1')).status).toBe(204);
    const after = await server.request<TemplateResponse>('GET', `/api/v1/templates/${t.id}`, { token: admin });
    expect(after.body).toEqual(before.body);
    const open = await createTemplate({ name: 'Unprotected', kind: 'admin', values: { 'time.timeZone': 'UTC' } });
    expect((await check('anything', open.id)).status).toBe(204);
    const missingBody = await server.request<{ code: string }>('POST', `/api/v1/templates/${t.id}/check-password`, {
      token: admin,
      body: {},
    });
    expect(missingBody.status).toBe(400);
    // Every check is in the audit log (a refused one as a failure); a password never is.
    const audit = await server.request<Page<AuditEntryResponse>>(
      'GET',
      '/api/v1/audit?action=templates.check-password&pageSize=50',
      { token: admin },
    );
    expect(audit.body.items.map((e) => e.outcome).sort()).toEqual([
      'failure',
      'failure',
      'failure',
      'success',
      'success',
    ]);
    expect(audit.text).not.toContain('template-pw-1');
    const del = await server.request<{ code: string }>('DELETE', `/api/v1/templates/${t.id}`, { token: admin });
    expect([del.status, del.body.code]).toEqual([403, 'TEMPLATE_PASSWORD_REQUIRED']);
    const ok = await server.request('DELETE', `/api/v1/templates/${t.id}`, {
      token: admin,
      headers: { 'x-template-password': 'template-pw-1' },
    });
    expect(ok.status).toBe(204);
    expect((await server.request('GET', `/api/v1/templates/${t.id}`, { token: admin })).status).toBe(404);
  });

  it('service templates need more than Admin Template Management to change', async () => {
    const { token } = await userWithRole(server, admin, 'atm-only', {
      permissions: [Permission.AdminTemplateManagement],
      allDeviceGroups: true,
    });
    const refused = await server.request<{ code: string }>('POST', '/api/v1/templates', {
      token,
      body: { name: 'Service', kind: 'service', values: { 'service.tonerLowThresholdPercent': 12 } },
    });
    expect([refused.status, refused.body.code]).toEqual([403, 'TEMPLATE_SERVICE_SETTINGS_FORBIDDEN']);
    const service = await createTemplate({
      name: 'Service',
      kind: 'service',
      values: { 'service.tonerLowThresholdPercent': 12 },
    });
    expect((await server.request('GET', `/api/v1/templates/${service.id}`, { token })).status).toBe(200);
    expect((await server.request('DELETE', `/api/v1/templates/${service.id}`, { token })).status).toBe(403);
    expect(
      (await createTemplate({ name: 'Admin by ATM', kind: 'admin', values: { 'time.timeZone': 'UTC' } }, token)).kind,
    ).toBe('admin');
  });

  it('exports JSON and XML without secrets and imports them back (validated like a create)', async () => {
    const t = await createTemplate({
      name: 'Exported',
      kind: 'admin',
      values: {
        'security.adminPassword': 'Export-Secret-99',
        'identity.location': 'Lab <1> & 2',
        'snmp.v3Enabled': true,
      },
    });
    for (const format of ['json', 'xml'] as const) {
      const exported = await server.request<string>('GET', `/api/v1/templates/${t.id}/export?format=${format}`, {
        token: admin,
      });
      expect(exported.status).toBe(200);
      expect(String(exported.headers['content-type'])).toContain(format);
      expect(exported.text).not.toContain('Export-Secret-99');
      expect(exported.text).toContain('security.adminPassword'); // listed in omittedSecrets
      const imported = expectStatus(
        await server.request<TemplateResponse>('POST', '/api/v1/templates/import', {
          token: admin,
          body: { format, document: exported.text, name: `Imported ${format}` },
        }),
        201,
        `import ${format}`,
      );
      expect(imported.values).toEqual({ 'identity.location': 'Lab <1> & 2', 'snmp.v3Enabled': true });
    }
    const invalid = await server.request<{ code: string; details?: unknown[] }>('POST', '/api/v1/templates/import', {
      token: admin,
      body: {
        format: 'json',
        document: JSON.stringify({
          format: 'fleetward-template',
          formatVersion: 1,
          name: 'X',
          kind: 'admin',
          values: { 'time.timeZone': 'bad zone' },
        }),
      },
    });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const garbage = await server.request<{ code: string }>('POST', '/api/v1/templates/import', {
      token: admin,
      body: { format: 'xml', document: '<template' },
    });
    expect([garbage.status, garbage.body.code]).toEqual([400, 'TEMPLATE_DOCUMENT_INVALID']);
  });

  it('stores the settings access of a device encrypted and sends it to the edge; capabilities come from the edge', async () => {
    const device = devices[0]!;
    const res = expectStatus(
      await server.request<DeviceSettingsAccessResponse>('PUT', `/api/v1/devices/${device.id}/settings-access`, {
        token: admin,
        body: {
          xmlApi: { port: 50003, tls: true },
          smb: { share: '\\\\127.24.0.1\\fleetward', user: 'svc', password: 'Smb-Secret-7' },
        },
      }),
      200,
      'put access',
    );
    expect(res).toMatchObject({
      hasAdminPassword: true,
      xmlApi: { port: 50003, tls: true },
      smb: { user: 'svc', hasPassword: true },
    });
    expect(JSON.stringify(res)).not.toContain('Smb-Secret-7');
    const bad = await server.request('PUT', `/api/v1/devices/${device.id}/settings-access`, {
      token: admin,
      body: { smb: { share: 'not a share', user: '' } },
    });
    expect(bad.status).toBe(400);
    const caps = expectStatus(
      await server.request<DeviceSettingsCapabilitiesResponse>(
        'GET',
        `/api/v1/devices/${device.id}/settings/capabilities`,
        { token: admin },
      ),
      200,
      'capabilities',
    );
    expect(caps.settings.map((s) => s.key)).toContain('time.timeZone');
    expect(edge.lastAccess.get(device.host)).toMatchObject({
      adminPassword: INITIAL_ADMIN_PASSWORD,
      smb: { password: 'Smb-Secret-7' },
    });
  });

  it('refuses deliveries to devices and groups outside your device groups', async () => {
    const t = await createTemplate({ name: 'Scoped', kind: 'admin', values: { 'time.timeZone': 'UTC' } });
    const { token } = await userWithRole(server, admin, 'rw-group-a', {
      permissions: [Permission.DeviceManagementRw],
      deviceGroupIds: [groupA],
    });
    const outside = devices[3]!;
    const byDevice = await server.request<{ code: string }>('POST', '/api/v1/deliveries', {
      token,
      body: { templateId: t.id, deviceIds: [outside.id] },
    });
    expect([byDevice.status, byDevice.body.code]).toEqual([404, 'DEVICE_NOT_FOUND']);
    const byGroup = await server.request<{ code: string }>('POST', '/api/v1/deliveries', {
      token,
      body: { templateId: t.id, groupIds: [groupB] },
    });
    expect([byGroup.status, byGroup.body.code]).toEqual([404, 'DEVICE_GROUP_NOT_FOUND']);
    const mine = await deliver({ templateId: t.id, groupIds: [groupA] }, token);
    const others = expectStatus(
      await server.request<DeliveryResponse[]>('GET', '/api/v1/deliveries', { token }),
      200,
      'list',
    );
    expect(others.map((d) => d.id)).toEqual([mine.id]);
    await runner().runDue(clock.now());
    const done = await delivery(mine.id);
    expect(done.devices.items.map((d) => d.deviceId).sort()).toEqual(
      devices
        .slice(0, 3)
        .map((d) => d.id)
        .sort(),
    );
  });

  it('rotates the admin password on a group; an unreachable device fails, then succeeds on the policy retry', async () => {
    const t = await createTemplate({
      name: 'Rotate 1',
      kind: 'admin',
      values: { 'security.adminPassword': 'Second-Admin-Pass', 'time.timeZone': 'Europe/Berlin' },
    });
    edge.unreachable.add(devices[2]!.host);
    const d = await deliver({ templateId: t.id, groupIds: [groupA], retry: { maxAttempts: 2, backoffSeconds: 60 } });
    expect(d.status).toBe('scheduled');
    const summary = await runner().runDue(clock.now());
    expect(summary).toMatchObject({ runsStarted: 1, sent: { applied: 2, unreachable: 1 } });
    let detail = await delivery(d.id);
    expect(detail.status).toBe('running');
    expect(detail.counts).toMatchObject({ applied: 2, unreachable: 1 });
    const failed = detail.devices.items.find((r) => r.status === 'unreachable')!;
    expect(failed).toMatchObject({
      attempts: 1,
      errorCode: 'DEVICE_UNREACHABLE',
      sentKeys: ['security.adminPassword', 'time.timeZone'],
    });
    expect(JSON.stringify(detail)).not.toContain('Second-Admin-Pass');
    for (const device of devices.slice(0, 2)) expect(edge.adminPasswords.get(device.host)).toBe('Second-Admin-Pass');

    edge.unreachable.delete(devices[2]!.host);
    clock.advance(30_000);
    expect((await runner().runDue(clock.now())).sent).toEqual({}); // not yet: backoff 60 s
    clock.advance(31_000);
    expect((await runner().runDue(clock.now())).sent).toEqual({ applied: 1 });
    detail = await delivery(d.id);
    expect(detail.status).toBe('completed');
    expect(detail.counts.applied).toBe(3);
    expect(detail.devices.items.find((r) => r.deviceId === failed.deviceId)).toMatchObject({
      status: 'applied',
      attempts: 2,
    });
    expect(edge.adminPasswords.get(devices[2]!.host)).toBe('Second-Admin-Pass');

    // The server now signs in with the new password: a second rotation is accepted by every device.
    const t2 = await createTemplate({
      name: 'Rotate 2',
      kind: 'admin',
      values: { 'security.adminPassword': 'Third-Admin-Pass' },
    });
    const d2 = await deliver({ templateId: t2.id, groupIds: [groupA] });
    expect((await runner().runDue(clock.now())).sent).toEqual({ applied: 3 });
    expect((await delivery(d2.id)).status).toBe('completed');
  });

  it('retries failed devices on request, and counts unsupported settings as such', async () => {
    const t = await createTemplate({ name: 'Manual retry', kind: 'admin', values: { 'identity.contact': 'helpdesk' } });
    edge.unreachable.add(devices[0]!.host);
    const d = await deliver({ templateId: t.id, deviceIds: [devices[0]!.id] });
    await runner().runDue(clock.now());
    expect((await delivery(d.id)).devices.items[0]).toMatchObject({ status: 'unreachable', nextAttemptAt: null });
    expect((await delivery(d.id)).status).toBe('completed');
    edge.unreachable.delete(devices[0]!.host);
    expectStatus(await server.request('POST', `/api/v1/deliveries/${d.id}/retry`, { token: admin }), 200, 'retry');
    await runner().runDue(clock.now());
    expect((await delivery(d.id)).devices.items[0]).toMatchObject({ status: 'applied', attempts: 2 });

    const service = await createTemplate({
      name: 'Toner',
      kind: 'service',
      values: { 'service.tonerLowThresholdPercent': 9 },
    });
    const s = await deliver({ templateId: service.id, deviceIds: [devices[1]!.id] });
    await runner().runDue(clock.now());
    const row = (await delivery(s.id)).devices.items[0]!;
    expect(row.status).toBe('unsupported');
    expect(row.outcomes).toEqual([
      { key: 'service.tonerLowThresholdPercent', status: 'unsupported', message: 'not on this model' },
    ]);
  });

  it('a scheduled delivery fires at its time; a cancelled one never sends', async () => {
    const t = await createTemplate({
      name: 'Scheduled',
      kind: 'admin',
      values: { 'identity.location': 'Scheduled floor' },
    });
    const at = new Date(clock.now().getTime() + 3600_000).toISOString();
    const d = await deliver({ templateId: t.id, deviceIds: [devices[1]!.id], schedule: { at } });
    const cancelled = await deliver({ templateId: t.id, deviceIds: [devices[0]!.id], schedule: { at } });
    expect(d.nextRunAt).toBe(at);
    expect((await runner().runDue(clock.now())).runsStarted).toBe(0);
    const c = expectStatus(
      await server.request<DeliveryDetailResponse>('POST', `/api/v1/deliveries/${cancelled.id}/cancel`, {
        token: admin,
      }),
      200,
      'cancel',
    );
    expect(c.status).toBe('cancelled');
    clock.set(at);
    const summary = await runner().runDue(clock.now());
    expect(summary).toMatchObject({ runsStarted: 1, sent: { applied: 1 } });
    expect(edge.values.get(devices[1]!.host)?.['identity.location']).toBe('Scheduled floor');
    expect(edge.values.get(devices[0]!.host)?.['identity.location']).not.toBe('Scheduled floor');
    expect((await delivery(cancelled.id)).runs).toBe(0);
    const again = await server.request<{ code: string }>('POST', `/api/v1/deliveries/${cancelled.id}/cancel`, {
      token: admin,
    });
    expect([again.status, again.body.code]).toEqual([409, 'DELIVERY_FINISHED']);
  });

  it('a recurring delivery runs each period; runs missed while down run once', async () => {
    const t = await createTemplate({ name: 'Recurring', kind: 'admin', values: { 'identity.contact': 'night shift' } });
    const start = clock.now().toISOString();
    const d = await deliver({ templateId: t.id, deviceIds: [devices[1]!.id], schedule: { start, everySeconds: 3600 } });
    expect((await runner().runDue(clock.now())).runsStarted).toBe(1);
    let detail = await delivery(d.id);
    expect(detail).toMatchObject({
      runs: 1,
      status: 'scheduled',
      nextRunAt: new Date(Date.parse(start) + 3600_000).toISOString(),
    });
    clock.set(new Date(Date.parse(start) + 5 * 3600_000 + 600_000));
    expect((await runner().runDue(clock.now())).runsStarted).toBe(1);
    expect((await runner().runDue(clock.now())).runsStarted).toBe(0);
    detail = await delivery(d.id);
    expect(detail).toMatchObject({ runs: 2, nextRunAt: new Date(Date.parse(start) + 6 * 3600_000).toISOString() });
    expect(detail.devices.items).toHaveLength(1);
    expect(detail.devices.items[0]).toMatchObject({ run: 2, status: 'applied' });
    await server.request('POST', `/api/v1/deliveries/${d.id}/cancel`, { token: admin });
  });

  it('captures a template from a device through its edge (readable values only)', async () => {
    const captured = expectStatus(
      await server.request<CaptureTemplateResponse>('POST', '/api/v1/templates/capture', {
        token: admin,
        body: { deviceId: devices[1]!.id, name: 'Captured mfp-2' },
      }),
      201,
      'capture',
    );
    expect(captured.template.values).toMatchObject({
      'identity.location': 'Scheduled floor',
      'identity.contact': 'night shift',
    });
    expect(captured.template.keys).not.toContain('security.adminPassword');
    expect(captured.skipped.map((s) => s.key)).toContain('security.adminPassword');
  });

  it('drift check: in sync after delivery, drifted after a change behind our back, auto-enforce re-applies', async () => {
    const t = await createTemplate({
      name: 'Drift',
      kind: 'admin',
      values: { 'identity.location': 'Drift floor', 'identity.contact': 'facility' },
    });
    const [a, b] = [devices[0]!, devices[1]!];
    await deliver({ templateId: t.id, deviceIds: [b.id] });
    await runner().runDue(clock.now());
    const created = expectStatus(
      await server.request<TemplateAssignmentResponse>('POST', '/api/v1/template-assignments', {
        token: admin,
        body: { templateId: t.id, deviceIds: [a.id, b.id], everySeconds: 3600, autoEnforce: true },
      }),
      201,
      'assign',
    );
    const drift = server.server.app.get(DriftService);
    const first = await drift.runDue(clock.now());
    expect(first).toMatchObject({ checked: 2, byStatus: { inSync: 1, drifted: 1 }, deliveriesCreated: 1 });
    const results = async () =>
      expectStatus(
        await server.request<DriftResultResponse[]>('GET', `/api/v1/template-assignments/${created.id}/results`, {
          token: admin,
        }),
        200,
        'results',
      );
    const byDevice = new Map((await results()).map((r) => [r.deviceId, r]));
    expect(byDevice.get(b.id)?.status).toBe('inSync');
    expect(
      byDevice
        .get(a.id)
        ?.differences.map((d) => d.key)
        .sort(),
    ).toEqual(['identity.contact', 'identity.location']);
    // Auto-enforce made a normal delivery for the drifted device; the runner sends it.
    expect((await runner().runDue(clock.now())).sent).toEqual({ applied: 1 });
    expect(edge.values.get(a.host)?.['identity.location']).toBe('Drift floor');

    // Someone changes the location on the device itself.
    edge.values.get(b.host)!['identity.location'] = 'Moved by hand';
    expect((await drift.runDue(clock.now())).checked).toBe(0); // next check in an hour
    clock.advance(3600_000);
    const second = await drift.runDue(clock.now());
    expect(second.byStatus).toEqual({ inSync: 1, drifted: 1, unreadable: 0, notApplicable: 0 });
    const after = new Map((await results()).map((r) => [r.deviceId, r]));
    expect(after.get(a.id)?.status).toBe('inSync');
    expect(after.get(b.id)).toMatchObject({
      status: 'drifted',
      differences: [{ key: 'identity.location', expected: 'Drift floor', actual: 'Moved by hand' }],
    });
    const listed = expectStatus(
      await server.request<TemplateAssignmentResponse[]>('GET', '/api/v1/template-assignments', { token: admin }),
      200,
      'list assignments',
    );
    expect(listed.find((x) => x.id === created.id)?.counts).toEqual({
      inSync: 1,
      drifted: 1,
      unreadable: 0,
      notApplicable: 0,
    });
    await runner().runDue(clock.now());
    expect(edge.values.get(b.host)?.['identity.location']).toBe('Drift floor');
    expectStatus(
      await server.request('DELETE', `/api/v1/template-assignments/${created.id}`, { token: admin }),
      204,
      'unassign',
    );
  });

  it('survives a server restart between send and record: the same operation id is asked again, never applied twice', async () => {
    const t = await createTemplate({
      name: 'Crash',
      kind: 'admin',
      values: { 'identity.location': 'After the crash' },
    });
    const device = devices[1]!;
    const d = await deliver({ templateId: t.id, deviceIds: [device.id], retry: { maxAttempts: 2, backoffSeconds: 0 } });
    const before = edge.applied.get(device.host) ?? 0;
    edge.holdAnswers = true;
    edge.held = 0;
    const first = runner()
      .runDue(clock.now())
      .catch(() => undefined);
    await until(() => edge.held === 1, 'the edge to receive the apply');
    expect(edge.applied.get(device.host)).toBe(before + 1);
    // The server stops while the edge's answer is still on its way: the record stays "sending".
    await server.server.close();
    edge.holdAnswers = false;
    edge.release();
    await first;
    const restarted = await startServer(server.env, { clock });
    try {
      const summary = await runner(restarted).runDue(clock.now());
      expect(summary).toMatchObject({ sent: { applied: 1 }, replayed: 1 });
      expect(edge.applied.get(device.host)).toBe(before + 1);
      const db = restarted.app.get(DataSource);
      const rows = await db.query<{ status: string; attempts: number; operation_id: string }[]>(
        `SELECT status, attempts, operation_id FROM delivery_devices WHERE delivery_id = '${d.id}'`,
      );
      expect(rows).toHaveLength(1);
      // Left "sending" (crash) or recorded as an unknown outcome (graceful stop): either way the same id again.
      expect(rows[0]?.status).toBe('applied');
      expect(rows[0]!.operation_id).toBe(`dlv:${d.id}:1:${device.id}:1`);
    } finally {
      await restarted.close();
    }
  });
});
