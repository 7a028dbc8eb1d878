import type {
  SettingsApplyResponse,
  SettingsCapabilitiesResponse,
  SettingsReadResponse,
  SettingsTarget,
} from '@fleetward/contracts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_V3_USER,
  startSimulator,
  type SimulatedDevice,
  type Simulator,
} from '../../../test/simulator/src/index';
import { startEdge, type RunningEdge } from '../main';

const TOKEN = 'settings-token-0123456789abcdef';
const SNMP_PORT = 16_423;
const READ = { version: '2c', community: 'public' } as const;
const WRITE = { version: '2c', community: 'fw-write' } as const;
const WRITER = {
  name: 'fw-writer',
  level: 'authPriv',
  authProtocol: 'sha256',
  authKey: 'writer-auth-key',
  privProtocol: 'aes',
  privKey: 'writer-priv-key',
} as const;

describe('edge settings API against the simulator (real sockets)', () => {
  let sim: Simulator;
  let edge: RunningEdge;
  let dataDir: string;
  let dispatcher: Agent;
  let iSeries: SimulatedDevice;
  let oem: SimulatedDevice;
  let generic: SimulatedDevice;
  let p4700: SimulatedDevice;
  let iSeriesPlain: SimulatedDevice;

  const env = () => ({
    FLEETWARD_EDGE_PORT: '0',
    FLEETWARD_EDGE_BIND_ADDRESS: '127.23.0.250',
    FLEETWARD_EDGE_TOKEN: TOKEN,
    FLEETWARD_EDGE_DATA_DIR: dataDir,
    FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
    FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
    FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '1500',
    FLEETWARD_EDGE_SNMP_RETRIES: '0',
  });

  const post = async <T>(route: string, body: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${edge.url}/api/v1/settings/${route}`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  const xmlTarget = (d: SimulatedDevice, over: Partial<SettingsTarget['access']> = {}, tls = true): SettingsTarget => ({
    host: d.address,
    port: SNMP_PORT,
    snmp: READ,
    access: {
      adminPassword: 'fleetward-admin',
      xmlApi: tls
        ? { tls: true, port: d.xmlApi!.tlsPort, caPem: sim.deviceCertificatePem }
        : { tls: false, port: d.xmlApi!.port },
      ...over,
    },
  });
  const snmpTarget = (d: SimulatedDevice, write: SettingsTarget['snmp'] = WRITE): SettingsTarget => ({
    host: d.address,
    port: SNMP_PORT,
    snmp: READ,
    access: { snmpWrite: write },
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'fw-edge-settings-'));
    sim = await startSimulator({
      devices: 5,
      baseAddress: '127.23.0.1',
      port: SNMP_PORT,
      families: ['i-series', 'oem-4000i', 'generic', 'p4700', 'i-series'],
      communities: ['public', { name: 'fw-write', access: 'read-write' }],
      v3Users: [DEFAULT_V3_USER, { ...WRITER, access: 'read-write' }],
      xmlApi: { port: 0, tlsPort: 0 },
    });
    [iSeries, oem, generic, p4700, iSeriesPlain] = sim.devices as [
      SimulatedDevice,
      SimulatedDevice,
      SimulatedDevice,
      SimulatedDevice,
      SimulatedDevice,
    ];
    edge = await startEdge(env(), { logger: false });
    dispatcher = new Agent({ connect: { ca: edge.certificate, servername: 'localhost' } });
  });

  afterAll(async () => {
    await edge?.close();
    await sim?.stop();
    await dispatcher?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses the settings routes without the token', async () => {
    const res = await fetch(`${edge.url}/api/v1/settings/capabilities`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('answers a bad body with 400 and the fields at fault', async () => {
    const res = await post<{ code: string; details: { field: string }[] }>('apply', {
      operationId: 'op-bad-body',
      target: snmpTarget(oem),
      settings: { 'power.sleepAfterMinutes': 'soon', 'no.such': 1 },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    expect(res.body.details.map((d) => d.field)).toEqual(
      expect.arrayContaining(['settings.power.sleepAfterMinutes', 'settings.no.such']),
    );
  });

  it('i-series over HTTPS: capabilities, read, apply through the vendor XML API', async () => {
    const caps = await post<SettingsCapabilitiesResponse>('capabilities', { target: xmlTarget(iSeries) });
    expect(caps.body).toMatchObject({ ok: true, driver: { id: 'i-series-xml-api', family: 'i-series' } });
    if (!caps.body.ok) throw new Error('no capabilities');
    expect(caps.body.settings).toContainEqual({ key: 'time.timeZone', read: true, write: true, transport: 'xml-api' });
    expect(caps.body.settings).toContainEqual({
      key: 'security.adminPassword',
      read: false,
      write: true,
      transport: 'xml-api',
    });

    const before = iSeries.settings.applyCount;
    const applied = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-iseries-tls-1',
      target: xmlTarget(iSeries),
      settings: {
        'time.timeZone': 'Europe/Berlin',
        'time.daylightSaving': { enabled: true, offsetMinutes: 60, start: 'M3.5.0/02:00', end: 'M10.5.0/03:00' },
        'addressBook.users': [
          { id: 'u1', name: 'Aiko <&> Tanaka', email: 'aiko@example.com' },
          { id: 'u2', name: 'Ben' },
        ],
      },
    });
    expect(applied.body).toMatchObject({
      ok: true,
      replayed: false,
      settings: [
        { key: 'time.timeZone', status: 'applied' },
        { key: 'time.daylightSaving', status: 'applied' },
        { key: 'addressBook.users', status: 'applied' },
      ],
    });
    expect(iSeries.settings.applyCount).toBe(before + 1);
    expect(iSeries.settings.peek('time.timeZone')).toBe('Europe/Berlin');

    const read = await post<SettingsReadResponse>('read', {
      target: xmlTarget(iSeries),
      keys: ['time.timeZone', 'addressBook.users', 'security.adminPassword', 'time.daylightSaving'],
    });
    expect(read.body).toMatchObject({
      ok: true,
      settings: [
        { key: 'time.timeZone', status: 'ok', value: 'Europe/Berlin' },
        {
          key: 'addressBook.users',
          status: 'ok',
          value: [
            { id: 'u1', name: 'Aiko <&> Tanaka', email: 'aiko@example.com' },
            { id: 'u2', name: 'Ben' },
          ],
        },
        { key: 'security.adminPassword', status: 'unsupported' },
        {
          key: 'time.daylightSaving',
          status: 'ok',
          value: { enabled: true, offsetMinutes: 60, start: 'M3.5.0/02:00', end: 'M10.5.0/03:00' },
        },
      ],
    });
  });

  it('i-series over plain HTTP: rotates the admin password; the old one is then refused', async () => {
    const rotated = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-iseries-http-rotate',
      target: xmlTarget(iSeriesPlain, {}, false),
      settings: { 'security.adminPassword': 'new-admin-pass-42' },
    });
    expect(rotated.body).toMatchObject({ ok: true, settings: [{ key: 'security.adminPassword', status: 'applied' }] });
    expect(iSeriesPlain.settings.peek('security.adminPassword')).toBe('new-admin-pass-42');
    const old = await post<SettingsReadResponse>('read', { target: xmlTarget(iSeriesPlain, {}, false) });
    expect(old.body).toMatchObject({ ok: false, error: { code: 'DEVICE_AUTH_FAILED' } });
    const fresh = await post<SettingsReadResponse>('read', {
      target: xmlTarget(iSeriesPlain, { adminPassword: 'new-admin-pass-42' }, false),
      keys: ['identity.deviceName'],
    });
    expect(fresh.body).toMatchObject({ ok: true, settings: [{ key: 'identity.deviceName', status: 'ok' }] });
  });

  it('a wrong admin password fails the whole apply with DEVICE_AUTH_FAILED and changes nothing', async () => {
    const before = iSeries.settings.applyCount;
    const res = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-iseries-wrong-password',
      target: xmlTarget(iSeries, { adminPassword: 'not-the-password' }),
      settings: { 'time.timeZone': 'America/New_York' },
    });
    expect(res.body).toMatchObject({
      ok: false,
      replayed: false,
      error: { code: 'DEVICE_AUTH_FAILED' },
      settings: [{ key: 'time.timeZone', status: 'failed' }],
    });
    expect(iSeries.settings.applyCount).toBe(before);
    expect(iSeries.settings.peek('time.timeZone')).toBe('Europe/Berlin');
  });

  it("reports the device's own reason for a value it refuses, and applies the rest", async () => {
    const res = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-iseries-zone-refused',
      target: xmlTarget(iSeries),
      settings: { 'time.timeZone': 'Antarctica/Troll', 'power.sleepAfterMinutes': 30 },
    });
    expect(res.body).toMatchObject({
      ok: true,
      settings: [
        {
          key: 'time.timeZone',
          status: 'rejected',
          code: 'VALUE_REFUSED',
          message: "time zone Antarctica/Troll is not in the device's zone table",
        },
        { key: 'power.sleepAfterMinutes', status: 'applied' },
      ],
    });
    expect(iSeries.settings.peek('power.sleepAfterMinutes')).toBe(30);
  });

  it('oem-4000i over SNMP SET: applies through the settings MIB, refuses TLS 1.3, a read-only community is refused', async () => {
    const caps = await post<SettingsCapabilitiesResponse>('capabilities', { target: snmpTarget(oem) });
    expect(caps.body).toMatchObject({ ok: true, driver: { id: 'konica-snmp-set', family: 'oem-4000i' } });

    const res = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-oem-snmp-1',
      target: snmpTarget(oem),
      settings: {
        'identity.location': 'Osaka 4F',
        'tls.minVersion': 'TLSv1.3',
        'time.daylightSaving': { enabled: true, offsetMinutes: 30, start: 'M4.1.0/02:00', end: 'M10.1.0/03:00' },
        'security.adminPassword': 'oem-admin-pass-1',
        'addressBook.departments': [],
      },
    });
    expect(res.body).toMatchObject({
      ok: true,
      driver: { family: 'oem-4000i' },
      settings: [
        { key: 'identity.location', status: 'applied' },
        { key: 'tls.minVersion', status: 'rejected', code: 'SNMP_WRONGVALUE' },
        { key: 'time.daylightSaving', status: 'applied' },
        { key: 'security.adminPassword', status: 'applied' },
        { key: 'addressBook.departments', status: 'unsupported' },
      ],
    });
    expect(oem.settings.peek('identity.location')).toBe('Osaka 4F');
    expect(oem.settings.peek('tls.minVersion')).toBe('TLSv1.2');
    expect(oem.settings.peek('security.adminPassword')).toBe('oem-admin-pass-1');
    expect(oem.model.settings.location).toBe('Osaka 4F');

    // What was SET is what SNMP GET now shows.
    const read = await post<SettingsReadResponse>('read', {
      target: snmpTarget(oem),
      keys: ['identity.location', 'time.daylightSaving', 'tls.minVersion'],
    });
    expect(read.body).toMatchObject({
      ok: true,
      settings: [
        { key: 'identity.location', status: 'ok', value: 'Osaka 4F' },
        {
          key: 'time.daylightSaving',
          status: 'ok',
          value: { enabled: true, offsetMinutes: 30, start: 'M4.1.0/02:00', end: 'M10.1.0/03:00' },
        },
        { key: 'tls.minVersion', status: 'ok', value: 'TLSv1.2' },
      ],
    });

    const before = oem.settings.applyCount;
    const refused = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-oem-read-only',
      target: snmpTarget(oem, READ),
      settings: { 'identity.location': 'Nowhere' },
    });
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'DEVICE_AUTH_FAILED' } });
    expect(oem.settings.applyCount).toBe(before);
  });

  it('writes with an SNMPv3 read-write user when one is given', async () => {
    const res = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-oem-v3-writer',
      target: snmpTarget(oem, {
        version: '3',
        user: WRITER.name,
        level: WRITER.level,
        authProtocol: WRITER.authProtocol,
        authKey: WRITER.authKey,
        privProtocol: WRITER.privProtocol,
        privKey: WRITER.privKey,
      }),
      settings: { 'identity.contact': 'noc@example.com' },
    });
    expect(res.body).toMatchObject({ ok: true, settings: [{ key: 'identity.contact', status: 'applied' }] });
    expect(oem.settings.peek('identity.contact')).toBe('noc@example.com');
  });

  it('p4700 over SNMP SET reports its own limit as a rejection', async () => {
    const res = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-p4700-sleep',
      target: snmpTarget(p4700),
      settings: { 'power.sleepAfterMinutes': 180, 'time.timeZone': 'Asia/Seoul' },
    });
    expect(res.body).toMatchObject({
      ok: true,
      driver: { family: 'p4700' },
      settings: [
        { key: 'power.sleepAfterMinutes', status: 'rejected' },
        { key: 'time.timeZone', status: 'applied' },
      ],
    });
    expect(p4700.settings.peek('time.timeZone')).toBe('Asia/Seoul');
  });

  it('generic: identity over the standard MIB-II objects only', async () => {
    const caps = await post<SettingsCapabilitiesResponse>('capabilities', { target: snmpTarget(generic) });
    expect(caps.body).toMatchObject({ ok: true, driver: { id: 'generic-printer-mib', family: 'generic' } });
    if (!caps.body.ok) throw new Error('no capabilities');
    expect(caps.body.settings.map((s) => s.key).sort()).toEqual([
      'identity.contact',
      'identity.deviceName',
      'identity.location',
    ]);
    const res = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-generic-name',
      target: snmpTarget(generic),
      settings: { 'identity.deviceName': 'lobby-printer', 'time.timeZone': 'UTC' },
    });
    expect(res.body).toMatchObject({
      ok: true,
      settings: [
        { key: 'identity.deviceName', status: 'applied' },
        { key: 'time.timeZone', status: 'unsupported' },
      ],
    });
    const read = await post<SettingsReadResponse>('read', { target: snmpTarget(generic) });
    expect(read.body).toMatchObject({ ok: true });
    if (!read.body.ok) throw new Error('read failed');
    expect(read.body.settings).toContainEqual({ key: 'identity.deviceName', status: 'ok', value: 'lobby-printer' });
  });

  it('an unreachable device is DEVICE_UNREACHABLE', async () => {
    const res = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-unreachable-1',
      target: { ...snmpTarget(oem), host: '127.23.0.99', timeoutMs: 300 },
      settings: { 'identity.location': 'x' },
    });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'DEVICE_UNREACHABLE' } });
    iSeries.inject('unreachable');
    try {
      const xml = await post<SettingsReadResponse>('read', { target: { ...xmlTarget(iSeries), timeoutMs: 300 } });
      expect(xml.body).toMatchObject({ ok: false, error: { code: 'DEVICE_UNREACHABLE' } });
    } finally {
      iSeries.clear('unreachable');
    }
  });

  it('an XML API that does not answer, or a certificate that is not the pinned one, fails the operation', async () => {
    const before = iSeries.settings.applyCount;
    const closed = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-xml-closed-port',
      target: { ...xmlTarget(iSeries, { xmlApi: { tls: false, port: 1 } }), timeoutMs: 1000 },
      settings: { 'identity.location': 'x' },
    });
    expect(closed.body).toMatchObject({ ok: false, error: { code: 'DEVICE_UNREACHABLE' } });
    const wrongPin = await post<SettingsApplyResponse>('apply', {
      operationId: 'op-xml-wrong-pin',
      target: xmlTarget(iSeries, { xmlApi: { tls: true, port: iSeries.xmlApi!.tlsPort, caPem: edge.certificate } }),
      settings: { 'identity.location': 'x' },
    });
    expect(wrongPin.body).toMatchObject({ ok: false, error: { code: 'DEVICE_UNREACHABLE' } });
    expect(iSeries.settings.applyCount).toBe(before);
  });

  it('the same operationId is applied once: concurrent duplicates, repeats, and after an edge restart', async () => {
    const request = {
      operationId: 'op-idempotent-1',
      target: xmlTarget(iSeries),
      settings: { 'identity.contact': 'facilities@example.com' },
    };
    const before = iSeries.settings.applyCount;
    const [a, b] = await Promise.all([
      post<SettingsApplyResponse>('apply', request),
      post<SettingsApplyResponse>('apply', request),
    ]);
    expect([a.body.replayed, b.body.replayed].sort()).toEqual([false, true]);
    expect(a.body.settings).toEqual(b.body.settings);
    expect(iSeries.settings.applyCount).toBe(before + 1);

    const again = await post<SettingsApplyResponse>('apply', request);
    expect(again.body).toMatchObject({ ok: true, replayed: true, settings: [{ status: 'applied' }] });
    expect(iSeries.settings.applyCount).toBe(before + 1);

    // A reused id for a different request is a caller bug, not a replay.
    const reused = await post<{ code: string }>('apply', { ...request, settings: { 'identity.contact': 'x@y.z' } });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('OPERATION_ID_REUSED');

    await edge.close();
    edge = await startEdge(env(), { logger: false });
    await dispatcher.close();
    dispatcher = new Agent({ connect: { ca: edge.certificate, servername: 'localhost' } });
    const afterRestart = await post<SettingsApplyResponse>('apply', request);
    expect(afterRestart.body).toMatchObject({ ok: true, replayed: true, settings: [{ status: 'applied' }] });
    expect(iSeries.settings.applyCount).toBe(before + 1);

    // The record holds outcomes, never the secrets that were sent.
    const log = readFileSync(path.join(dataDir, 'settings', 'operations.jsonl'), 'utf8');
    expect(log).toContain('op-idempotent-1');
    expect(log).not.toContain('new-admin-pass-42');
    expect(log).not.toContain('fleetward-admin');
  });
});
