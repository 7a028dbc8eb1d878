import type { DiscoverResponse, PollBatchResponse } from '@fleetward/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEdge, startEdge } from '../main';
import { type RunningSnmpd, snmpdAvailable, startSnmpd } from '../testing/snmpd';

const missing = snmpdAvailable();
if (missing) console.log(`skipped: edge API integration tests need ${missing}`);

const TOKEN = 'test-token-0123456789abcdef';
const SNMPD = { address: '127.3.2.1', port: 16300 };

describe.skipIf(missing !== null)('edge HTTPS API', () => {
  let edge: RunningEdge;
  let snmpd: RunningSnmpd;
  let dataDir: string;
  let dispatcher: Agent;

  const call = async (method: string, route: string, body?: unknown, token: string | null = TOKEN) => {
    const res = await fetch(`${edge.url}${route}`, {
      method,
      dispatcher,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    snmpd = await startSnmpd({ ...SNMPD, community: 'fwtest', users: [] });
    dataDir = mkdtempSync(path.join(tmpdir(), 'fw-edge-'));
    edge = await startEdge(
      {
        FLEETWARD_EDGE_PORT: '0',
        FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
        FLEETWARD_EDGE_TOKEN: TOKEN,
        FLEETWARD_EDGE_DATA_DIR: dataDir,
        FLEETWARD_EDGE_CONCURRENCY: '4',
        // Device-notification listeners are covered by notifications/device-event-listener.int-spec.ts.
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
        FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
      },
      { logger: false },
    );
    // Trust exactly the edge's self-signed certificate.
    dispatcher = new Agent({ connect: { ca: edge.certificate, servername: 'localhost' } });
  });

  afterAll(async () => {
    await edge?.close();
    await snmpd?.stop();
    await dispatcher?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses every route without the token, or with a wrong one', async () => {
    for (const [method, route] of [
      ['GET', '/api/health'],
      ['POST', '/api/v1/poll'],
      ['POST', '/api/v1/identify'],
      ['POST', '/api/v1/discover'],
    ] as const) {
      const none = await call(method, route, method === 'POST' ? {} : undefined, null);
      expect(none.status).toBe(401);
      expect(none.body).toMatchObject({ code: 'UNAUTHORIZED', correlationId: expect.any(String) });
      expect((await call(method, route, method === 'POST' ? {} : undefined, `${TOKEN}x`)).status).toBe(401);
    }
    expect((await call('GET', '/api/health')).body).toMatchObject({ status: 'ok' });
  });

  it('polls a batch and gives one result per device when one of them is bad', async () => {
    const res = await call('POST', '/api/v1/poll', {
      targets: [
        { host: SNMPD.address, port: SNMPD.port, snmp: { version: '2c', community: 'fwtest' } },
        {
          host: SNMPD.address,
          port: SNMPD.port,
          snmp: { version: '2c', community: 'wrong' },
          timeoutMs: 300,
          retries: 0,
        },
        {
          host: '127.3.2.99',
          port: SNMPD.port,
          snmp: { version: '2c', community: 'fwtest' },
          timeoutMs: 300,
          retries: 0,
        },
      ],
    });
    expect(res.status).toBe(200);
    const body = res.body as unknown as PollBatchResponse;
    expect(body.results).toHaveLength(3);
    expect(body.summary).toMatchObject({ total: 3, ok: 1, failed: 2 });
    expect(body.results[0]).toMatchObject({ ok: true, identity: { sysDescr: 'Fleetward test snmpd' } });
    expect(body.results[1]).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(body.results[2]).toMatchObject({ ok: false, target: { host: '127.3.2.99' }, error: { code: 'timeout' } });
    expect(JSON.stringify(body)).not.toContain('fwtest');
  });

  it('identifies a device', async () => {
    const res = await call('POST', '/api/v1/identify', {
      target: { host: SNMPD.address, port: SNMPD.port, snmp: { version: '2c', community: 'fwtest' } },
    });
    expect(res.body).toMatchObject({ ok: true, identity: { enterprise: 8072 }, driver: { id: 'generic-printer-mib' } });
  });

  it('discovers a small range with credentials tried in order', async () => {
    const res = await call('POST', '/api/v1/discover', {
      range: '127.3.2.0-3',
      port: SNMPD.port,
      credentials: [
        { version: '2c', community: 'nope' },
        { version: '2c', community: 'fwtest' },
      ],
      timeoutMs: 200,
    });
    expect(res.status).toBe(200);
    const body = res.body as unknown as DiscoverResponse;
    expect(body.scanned).toBe(4);
    expect(body.devices).toEqual([
      expect.objectContaining({ host: SNMPD.address, credentialIndex: 1, snmpVersion: '2c' }),
    ]);
  });

  it('rejects bad bodies listing every bad field, and a range above the limit', async () => {
    const bad = await call('POST', '/api/v1/poll', {
      targets: [{ host: '', snmp: { version: '3', user: 'u', level: 'authPriv' } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_REQUEST' });
    expect((bad.body.details as { field: string }[]).map((d) => d.field)).toEqual(
      expect.arrayContaining(['targets.0.host', 'targets.0.snmp.authKey', 'targets.0.snmp.privKey']),
    );
    const big = await call('POST', '/api/v1/discover', {
      range: '127.0.0.0/8',
      credentials: [{ version: '2c', community: 'x' }],
    });
    expect(big.status).toBe(400);
    expect(big.body.message).toMatch(/limit is 4096/);
  });
});
