import type {
  AlertResponse,
  AuditEntryResponse,
  CreatedEdgeResponse,
  EdgeActivationCodeResponse,
  EdgeActivationResponse,
  EdgeDetailResponse,
  Page,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { formatActivationCode, parseActivationCode } from '@fleetward/domain/edge-activation';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeyAndCsr } from '../../edge/src/activation/edge-activation';
import { startEdge, type RunningEdge } from '../../edge/src/main';
import { createSelfSignedCertificate } from '../../server/src/infra/tls/tls-certificate';
import { AuditRecorder } from '../../server/src/modules/audit/audit-recorder';
import { PollingScheduler } from '../../server/src/modules/polling/polling-scheduler';
import { startSimulator } from '../simulator/src/index';
import { FakeClock, startTestServer, type TestServer } from '../support';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';
import { makeRole } from './access-helpers';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

/**
 * Edge activation and mutual TLS over real sockets (docs/decisions/0007): the real server (SQLite, or PostgreSQL
 * with DATABASE_URL), real edges on 127.20.0.x started with the server URL and a one-time code, the simulator on
 * 127.20.1.1. The polling loop is off: the test calls `runDuePolls(fakeClock.now())`.
 */
describe('edge activation, mutual TLS and edge offline (server + edges + simulator)', () => {
  const clock = new FakeClock('2026-06-01T08:00:00.000Z');
  const dirs: string[] = [];
  const running = new Set<RunningEdge>();
  let server: TestServer;
  let sim: Simulator;
  let admin: string;
  let edgeA: RunningEdge;
  let edgeAId: string;
  let edgeADir: string;
  let firstCodeA: string;
  let smtp: SmtpTestServer;
  let smtpCert: string;

  const scheduler = () => server.server.app.get(PollingScheduler);

  function edgeEnv(dir: string, address: string, extra: Record<string, string> = {}) {
    return {
      FLEETWARD_EDGE_PORT: '0',
      FLEETWARD_EDGE_BIND_ADDRESS: address,
      FLEETWARD_EDGE_DATA_DIR: dir,
      FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
      FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
      FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '1000',
      FLEETWARD_EDGE_SERVER_URL: server.baseUrl,
      ...extra,
    };
  }

  async function start(env: Record<string, string>): Promise<RunningEdge> {
    const edge = await startEdge(env, { logger: false });
    running.add(edge);
    return edge;
  }

  async function stop(edge: RunningEdge): Promise<void> {
    running.delete(edge);
    await edge.close();
  }

  function newDir(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'fleetward-edge-act-'));
    dirs.push(dir);
    return dir;
  }

  async function register(name: string): Promise<CreatedEdgeResponse> {
    const res = await server.request<CreatedEdgeResponse>('POST', '/api/v1/edges', { token: admin, body: { name } });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  async function audit(outcome: 'success' | 'failure'): Promise<AuditEntryResponse[]> {
    await server.server.app.get(AuditRecorder).flush();
    const res = await server.request<Page<AuditEntryResponse>>(
      'GET',
      `/api/v1/audit?action=edges.activate&outcome=${outcome}`,
      { token: admin },
    );
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function edgeAlerts(edgeId: string): Promise<AlertResponse[]> {
    admin = await server.loginAsAdmin(); // the test moves the clock past the access token's lifetime
    const res = await server.request<Page<AlertResponse>>('GET', '/api/v1/alerts?pageSize=100', { token: admin });
    expect(res.status).toBe(200);
    return res.body.items.filter((a) => a.targetKind === 'edge' && a.targetId === edgeId);
  }

  beforeAll(async () => {
    server = await startTestServer({ clock, env: { FLEETWARD_POLL_TICK_SECONDS: '0' } });
    admin = await server.loginAsAdmin();
    sim = await startSimulator({ devices: 1, baseAddress: '127.20.1.1', port: 161, tickMs: false, autoFaults: false });
    const tls = createSelfSignedCertificate({ host: 'localhost' });
    smtpCert = tls.cert;
    smtp = await startSmtpTestServer({ tls, user: 'mailer', password: 'Mailer-Password-1' });
  }, 60_000);

  beforeEach(async () => {
    if (server) admin = await server.loginAsAdmin();
  });

  afterAll(async () => {
    for (const edge of running) await edge.close().catch(() => undefined);
    await server?.close();
    await sim?.stop();
    await smtp?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('registering an edge gives a one-time code carrying the server fingerprint; the edge is pending', async () => {
    const created = await register('Site A');
    edgeAId = created.id;
    firstCodeA = created.activation.code;
    expect(created.activation.code).toMatch(/^FWA1-[a-z2-7]{32}-[a-z2-7]{52}$/);
    expect(Date.parse(created.activation.expiresAt) - clock.now().getTime()).toBe(24 * 3_600_000);
    const { X509Certificate, createHash } = await import('node:crypto');
    const fingerprint = createHash('sha256')
      .update(new X509Certificate(server.server.certificatePem).raw)
      .digest('hex');
    expect(parseActivationCode(created.activation.code).fingerprintHex).toBe(fingerprint);
    const detail = await server.request<EdgeDetailResponse>('GET', `/api/v1/edges/${edgeAId}`, { token: admin });
    expect(detail.body).toMatchObject({ status: 'pending', activatedAt: null, deviceCount: 0 });
    // The code is shown only once: neither the detail nor the list carries it.
    expect(detail.text).not.toContain(created.activation.code);
    const list = await server.request('GET', '/api/v1/edges', { token: admin });
    expect(list.text).not.toContain(created.activation.code);
  });

  it('refuses unknown and malformed codes with one answer (401), and malformed bodies with 400; all audited', async () => {
    const { csrPem } = createKeyAndCsr();
    const fingerprint = parseActivationCode(firstCodeA).fingerprintHex;
    const unknown = formatActivationCode(randomBytes(20), fingerprint);
    for (const code of [unknown, 'FWA1-not-a-code']) {
      const res = await server.request<{ code: string; message: string }>('POST', '/api/v1/edge-activation', {
        body: { code, csrPem, url: 'https://127.20.0.9:5000', version: '0.1.0' },
      });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('EDGE_ACTIVATION_REFUSED');
    }
    const bad = await server.request<{ code: string }>('POST', '/api/v1/edge-activation', {
      body: { code: firstCodeA, csrPem: 'not a csr', url: 'http://plain', version: '' },
    });
    expect(bad.status).toBe(400);
    const refusals = await audit('failure');
    expect(refusals.filter((e) => e.statusCode === 401)).toHaveLength(2);
    expect(refusals.every((e) => e.path === '/api/v1/edge-activation' && e.ip !== null)).toBe(true);
  });

  it('an edge started with the server URL and the code activates itself and serves mutual TLS', async () => {
    edgeADir = newDir();
    edgeA = await start(edgeEnv(edgeADir, '127.20.0.1', { FLEETWARD_EDGE_ACTIVATION_CODE: firstCodeA }));
    expect(edgeA.activation?.edgeId).toBe(edgeAId);
    expect(edgeA.url).toMatch(/^https:\/\/127\.20\.0\.1:\d+$/);
    expect(statSync(path.join(edgeADir, 'activation', 'edge-key.pem')).mode & 0o777).toBe(0o600);

    const detail = await server.request<EdgeDetailResponse>('GET', `/api/v1/edges/${edgeAId}`, { token: admin });
    expect(detail.body).toMatchObject({
      status: 'online',
      url: edgeA.url,
      version: '0.1.0',
      activatedAt: clock.now().toISOString(),
      hasToken: false,
    });
    const successes = await audit('success');
    expect(successes.map((e) => e.targetId)).toEqual([edgeAId]);
  }, 60_000);

  it('keeps the edge CA keys encrypted at rest and the code only as a hash', async () => {
    const ds = server.server.app.get(DataSource);
    const [ca] = await ds.query<{ ca_key_encrypted: string; server_key_encrypted: string }[]>(
      'SELECT ca_key_encrypted, server_key_encrypted FROM edge_certificate_authority',
    );
    expect(ca!.ca_key_encrypted).not.toContain('PRIVATE KEY');
    expect(ca!.server_key_encrypted).not.toContain('PRIVATE KEY');
    const rows = await ds.query<{ activation_code_hash: string | null }[]>('SELECT activation_code_hash FROM edges');
    const secret = parseActivationCode(firstCodeA).secret;
    expect(rows.every((r) => r.activation_code_hash === null || !r.activation_code_hash.includes(secret))).toBe(true);
  });

  it('a replayed code is refused (401) and audited', async () => {
    const { csrPem } = createKeyAndCsr();
    const replay = await server.request<{ code: string }>('POST', '/api/v1/edge-activation', {
      body: { code: firstCodeA, csrPem, url: 'https://127.20.0.66:5000', version: '0.1.0' },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('EDGE_ACTIVATION_REFUSED');
    expect((await audit('failure')).filter((e) => e.statusCode === 401)).toHaveLength(3);
    // The edge record was not touched by the replay.
    const detail = await server.request<EdgeDetailResponse>('GET', `/api/v1/edges/${edgeAId}`, { token: admin });
    expect(detail.body.url).toBe(edgeA.url);
  });

  it('the scheduler polls a simulator device through mutual TLS and records the heartbeat', async () => {
    // Mail: the group with a device on edge A gets edge A's alerts; a group without devices there does not.
    const onA = await server.request<{ id: string }>('POST', '/api/v1/device-groups', {
      token: admin,
      body: { name: 'On edge A' },
    });
    const elsewhere = await server.request<{ id: string }>('POST', '/api/v1/device-groups', {
      token: admin,
      body: { name: 'Elsewhere' },
    });
    for (const [group, email] of [
      [onA.body.id, 'site-a-ops@example.com'],
      [elsewhere.body.id, 'elsewhere@example.com'],
    ] as const) {
      const put = await server.request('PUT', `/api/v1/device-groups/${group}/recipients`, {
        token: admin,
        body: { emails: [email] },
      });
      expect(put.status, put.text).toBe(200);
    }
    const mail = await server.request('PUT', '/api/v1/settings/mail', {
      token: admin,
      body: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'starttls',
        user: 'mailer',
        password: 'Mailer-Password-1',
        from: 'Fleetward <fleetward@example.com>',
        rejectUnauthorized: true,
        ca: smtpCert,
      },
    });
    expect(mail.status, mail.text).toBe(200);
    const res = await server.request<{ id: string }>('POST', '/api/v1/devices', {
      token: admin,
      body: {
        name: 'Printer A1',
        address: sim.devices[0]!.address,
        port: 161,
        edgeId: edgeAId,
        groupIds: [onA.body.id],
        snmp: { version: '2c', community: 'public' },
      },
    });
    expect(res.status, res.text).toBe(201);
    clock.advanceMinutes(1);
    const summary = await scheduler().runDuePolls(clock.now());
    expect(summary).toEqual({ polled: 1, fullPolls: 1, skipped: 0, failedEdges: [] });
    const detail = await server.request<EdgeDetailResponse>('GET', `/api/v1/edges/${edgeAId}`, { token: admin });
    expect(detail.body).toMatchObject({ lastSeenAt: clock.now().toISOString(), deviceCount: 1, status: 'online' });
  }, 60_000);

  it('the edge refuses a client without the server certificate, and one with another certificate', async () => {
    const ca = edgeA.activation!.caPem;
    // TLS to the edge trusting its CA, but no client certificate: refused.
    const anonymous = new Agent({ connect: { ca, checkServerIdentity: () => undefined } });
    const noCert = await request(`${edgeA.url}/api/health`, { dispatcher: anonymous });
    expect(noCert.statusCode).toBe(401);
    expect(await noCert.body.text()).toContain('client certificate');
    await anonymous.close();
    // The edge's own certificate is issued by the same CA, but it is not the server's (CN = edge id).
    const impostor = new Agent({
      connect: {
        ca,
        cert: edgeA.activation!.certificatePem,
        key: edgeA.activation!.keyPem,
        checkServerIdentity: () => undefined,
      },
    });
    const notServer = await request(`${edgeA.url}/api/v1/poll`, {
      method: 'POST',
      dispatcher: impostor,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ targets: [] }),
    });
    expect(notServer.statusCode).toBe(401);
    expect(await notServer.body.text()).toContain('not the server');
    await impostor.close();
  });

  it('the server refuses an edge whose certificate names another edge id', async () => {
    const b = await register('Site B');
    const edgeB = await start(edgeEnv(newDir(), '127.20.0.2', { FLEETWARD_EDGE_ACTIVATION_CODE: b.activation.code }));
    try {
      expect(edgeB.activation?.edgeId).toBe(b.id);
      // Site A's URL now points at edge B: its TLS certificate is valid (same CA) but for another edge.
      await server.request('PATCH', `/api/v1/edges/${edgeAId}`, { token: admin, body: { url: edgeB.url } });
      clock.advanceMinutes(1);
      const summary = await scheduler().runDuePolls(clock.now());
      const failure = summary.failedEdges.find((f) => f.edgeId === edgeAId);
      expect(failure?.error).toContain('unreachable');
      expect(failure?.error).toContain(`another edge (${b.id})`);
      const detail = await server.request<EdgeDetailResponse>('GET', `/api/v1/edges/${edgeAId}`, { token: admin });
      expect(detail.body.status).toBe('offline');
    } finally {
      await server.request('PATCH', `/api/v1/edges/${edgeAId}`, { token: admin, body: { url: edgeA.url } });
      await stop(edgeB);
      await server.request('DELETE', `/api/v1/edges/${b.id}`, { token: admin });
    }
    expect((await scheduler().runDuePolls(clock.now())).failedEdges).toEqual([]);
  }, 60_000);

  it('a stopped edge raises one edgeOffline alert after the delay; a restart with the stored activation resolves it', async () => {
    const port = edgeA.port;
    await stop(edgeA);
    clock.advanceMinutes(5);
    await scheduler().runDuePolls(clock.now());
    expect(await edgeAlerts(edgeAId)).toEqual([]); // not yet: 10 minutes of silence are needed

    clock.advanceMinutes(6);
    const first = await scheduler().runDuePolls(clock.now());
    expect(first.failedEdges.map((f) => f.edgeId)).toEqual([edgeAId]);
    const opened = await edgeAlerts(edgeAId);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ rule: 'edgeOffline', state: 'open', severity: 'critical' });
    // One mail, to the recipients of the groups with devices on that edge only.
    const mails = smtp.received.filter((m) => m.text.includes('Site A'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['site-a-ops@example.com']);

    // Edge alerts are scoped by the caller's edges (roles limited to edges, SPEC §3).
    const adminToken = await server.loginAsAdmin();
    const seesA = await server.createUser('sees-edge-a');
    const seesNone = await server.createUser('sees-no-edge');
    await makeRole(server, adminToken, {
      name: 'Watch edge A',
      permissions: [Permission.DeviceManagementRo],
      allDeviceGroups: true,
      edgeIds: [edgeAId],
      memberIds: [seesA.user.id],
    });
    await makeRole(server, adminToken, {
      name: 'Watch no edge',
      permissions: [Permission.DeviceManagementRo],
      allDeviceGroups: true,
      edgeIds: [],
      memberIds: [seesNone.user.id],
    });
    const visible = async (password: string, username: string) => {
      const token = (await server.login(username, password)).accessToken;
      const res = await server.request<Page<AlertResponse>>('GET', '/api/v1/alerts?pageSize=100', { token });
      expect(res.status).toBe(200);
      return res.body.items.filter((a) => a.targetKind === 'edge').map((a) => a.targetId);
    };
    expect(await visible(seesA.password, 'sees-edge-a')).toContain(edgeAId);
    expect(await visible(seesNone.password, 'sees-no-edge')).not.toContain(edgeAId);

    clock.advanceMinutes(5);
    await scheduler().runDuePolls(clock.now());
    expect((await edgeAlerts(edgeAId)).filter((a) => a.state !== 'resolved')).toHaveLength(1);
    expect(smtp.received.filter((m) => m.text.includes('Site A'))).toHaveLength(1);

    // Restart on the same port, no code: the stored activation is reused.
    // A token configured as well changes nothing: an activated edge never accepts a bearer token alone.
    const leftoverToken = `leftover-token-${randomBytes(8).toString('hex')}`;
    edgeA = await start(
      edgeEnv(edgeADir, '127.20.0.1', { FLEETWARD_EDGE_PORT: String(port), FLEETWARD_EDGE_TOKEN: leftoverToken }),
    );
    expect(edgeA.activation?.edgeId).toBe(edgeAId);
    const bearerOnly = new Agent({ connect: { ca: edgeA.activation!.caPem, checkServerIdentity: () => undefined } });
    const withToken = await request(`${edgeA.url}/api/health`, {
      dispatcher: bearerOnly,
      headers: { authorization: `Bearer ${leftoverToken}` },
    });
    expect(withToken.statusCode).toBe(401);
    await withToken.body.dump();
    await bearerOnly.close();
    clock.advanceMinutes(1);
    const back = await scheduler().runDuePolls(clock.now());
    expect(back.failedEdges).toEqual([]);
    const resolved = await edgeAlerts(edgeAId);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ state: 'resolved', resolution: 'auto' });
  }, 60_000);

  it('a new activation code replaces the unused one; edges with devices cannot be deleted', async () => {
    const c = await register('Site C');
    const fresh = await server.request<EdgeActivationCodeResponse>('POST', `/api/v1/edges/${c.id}/activation-code`, {
      token: admin,
    });
    expect(fresh.status).toBe(201);
    expect(fresh.body.code).not.toBe(c.activation.code);
    const { csrPem } = createKeyAndCsr();
    const old = await server.request('POST', '/api/v1/edge-activation', {
      body: { code: c.activation.code, csrPem, url: 'https://127.20.0.3:5000', version: '0.1.0' },
    });
    expect(old.status).toBe(401);
    const ok = await server.request<EdgeActivationResponse>('POST', '/api/v1/edge-activation', {
      body: { code: fresh.body.code, csrPem, url: 'https://127.20.0.3:5000', version: '0.1.0' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.edgeId).toBe(c.id);
    const { X509Certificate } = await import('node:crypto');
    const issued = new X509Certificate(ok.body.certificatePem);
    expect(issued.subjectAltName).toBe(`URI:urn:fleetward:edge:${c.id}`);
    expect(issued.checkIssued(new X509Certificate(ok.body.caPem))).toBe(true);

    const renamed = await server.request<EdgeDetailResponse>('PATCH', `/api/v1/edges/${c.id}`, {
      token: admin,
      body: { name: 'Site C (renamed)' },
    });
    expect(renamed.body.name).toBe('Site C (renamed)');
    const refused = await server.request<{ code: string }>('DELETE', `/api/v1/edges/${edgeAId}`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('EDGE_HAS_DEVICES');
    expect((await server.request('DELETE', `/api/v1/edges/${c.id}`, { token: admin })).status).toBe(204);
  });

  it('a refused activation makes startEdge reject with one clear line', async () => {
    const fingerprint = parseActivationCode(firstCodeA).fingerprintHex;
    const code = formatActivationCode(randomBytes(20), fingerprint);
    await expect(start(edgeEnv(newDir(), '127.20.0.4', { FLEETWARD_EDGE_ACTIVATION_CODE: code }))).rejects.toThrow(
      /^Edge activation failed: the server refused it \(EDGE_ACTIVATION_REFUSED\): [^\n]+$/,
    );
    // Neither a stored activation, nor a code, nor a token: nothing to authenticate the server with.
    await expect(
      startEdge({
        FLEETWARD_EDGE_DATA_DIR: newDir(),
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: '127.20.0.6',
      }),
    ).rejects.toThrow(/FLEETWARD_EDGE_ACTIVATION_CODE \(with FLEETWARD_EDGE_SERVER_URL\) is required/);
    // A code whose fingerprint is not the server's: nothing is sent to that server.
    const wrongPin = formatActivationCode(randomBytes(20), 'ab'.repeat(32));
    await expect(start(edgeEnv(newDir(), '127.20.0.5', { FLEETWARD_EDGE_ACTIVATION_CODE: wrongPin }))).rejects.toThrow(
      /does not match the fingerprint in the activation code/,
    );
  }, 60_000);
});
