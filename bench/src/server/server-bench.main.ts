/**
 * One server-bench child (parts 4 and 5 of `npm run bench`): starts the real server in this process on a fresh
 * SQLite file or a fresh PostgreSQL schema, seeds devices in bulk, measures what the config asks (API latency,
 * ingest, full poll cycle through a real edge), writes the figures as JSON to `config.resultFile`, drops the
 * schema and removes its data dir. Started by bench.ts through an SWC+esbuild bundle (NestJS needs decorator
 * metadata, which tsx does not emit). Progress goes to stderr.
 */
import type { LoginResponse, Page } from '@fleetward/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { Agent, request } from 'undici';
import { processCpuSeconds } from '../process/proc-stat';
import {
  Clock,
  DeviceCounterReadingEntity,
  DeviceEntity,
  DeviceGroupMemberEntity,
  DeviceInventoryService,
  DeviceStatusHistoryEntity,
  DeviceSupplyReadingEntity,
  EdgeClient,
  INGEST_CHUNK,
  PollingScheduler,
  SecretBox,
  startServer,
  type StartedServer,
} from '../server-app';
import { latencyFigures } from './percentiles';
import {
  countInGroup,
  countWithStatus,
  SEED_GROUPS,
  seedChunks,
  seedDevice,
  seedDeviceId,
  type SeedDevice,
} from './seed-plan';
import type {
  ApiScenarioFigures,
  ApiSizeResult,
  CycleFigures,
  IngestFigures,
  ServerBenchConfig,
  ServerBenchResult,
} from './server-bench.types';
import { ingestSnapshot } from './snapshots';

const ADMIN_PASSWORD = `Bench-${randomBytes(9).toString('hex')}-1!`;
const CHUNK = 500;
const DAY_MS = 86_400_000;
/** Devices whose page is requested; each gets 30 days of history. */
const PAGE_DEVICES = 10;

class BenchClock extends Clock {
  constructor(private ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

function log(message: string): void {
  process.stderr.write(`bench: [server] ${message}\n`);
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

interface Http {
  get<T>(urlPath: string): Promise<T>;
  post<T>(urlPath: string, body: unknown): Promise<T>;
  patch<T>(urlPath: string, body: unknown): Promise<T>;
  /** New connections (after a long pause, e.g. seeding, the server has closed the idle ones). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** HTTPS with keep-alive, trusting exactly the server's certificate; every call must answer 2xx. */
function httpClient(server: StartedServer, tokenRef: { token: string | null }): Http {
  const newAgent = (): Agent => new Agent({ connect: { ca: server.certificatePem }, connections: 8 });
  let agent = newAgent();
  const base = `https://127.0.0.1:${server.port}/api/v1`;
  const call = async <T>(method: 'GET' | 'POST' | 'PATCH', urlPath: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = {};
    if (tokenRef.token) headers.authorization = `Bearer ${tokenRef.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await request(`${base}${urlPath}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: agent,
    });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode > 299) {
      throw new Error(`${method} ${urlPath}: ${res.statusCode} ${text.slice(0, 300)}`);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return {
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b),
    patch: (p, b) => call('PATCH', p, b),
    reset: async () => {
      const old = agent;
      agent = newAgent();
      await old.close();
    },
    close: () => agent.close(),
  };
}

function deviceRow(d: SeedDevice, extra: Partial<DeviceEntity> = {}): Partial<DeviceEntity> {
  return {
    id: d.id,
    name: d.name,
    address: d.address,
    port: 161,
    status: d.status,
    statusErrors: JSON.stringify(d.statusErrors),
    vendor: d.vendor,
    model: d.model,
    serialNumber: d.serialNumber,
    firmware: '2.1.0',
    sysName: d.name,
    sysLocation: 'HQ',
    driverId: 'generic',
    supplies: JSON.stringify(
      d.tonerPercent.map((pct, k) => ({
        index: k + 1,
        description: `Toner ${k + 1}`,
        type: 'toner',
        class: 'consumed',
        color: ['black', 'cyan', 'magenta', 'yellow'][k],
        remainingPercent: pct,
        state: pct <= 5 ? 'low' : 'ok',
      })),
    ),
    trays: JSON.stringify([{ index: 1, name: 'Tray 1', level: 250, max: 500, levelPercent: 50, state: 'ok' }]),
    counters: JSON.stringify({ total: 10_000, black: 7000, color: 3000, print: 8000, copy: 2000, markers: [] }),
    printerAlerts: '[]',
    unreadable: '[]',
    lastSeenAt: d.lastSeenAt,
    lastPollAt: d.lastPollAt,
    lastPollOutcome: d.lastPollOk ? 'ok' : 'failed',
    lastPollErrorCode: d.lastPollOk ? null : 'timeout',
    lastPollErrorMessage: d.lastPollOk ? null : 'No answer within 2000 ms',
    createdAt: d.lastPollAt,
    updatedAt: d.lastPollAt,
    ...extra,
  };
}

/** Seeds devices [from, to) of the seed plan, in multi-row inserts inside one transaction. */
async function seedRange(db: DataSource, from: number, to: number, groupIds: readonly string[]): Promise<void> {
  await db.transaction(async (em) => {
    for (const c of seedChunks(from, to, CHUNK)) {
      const devices: Partial<DeviceEntity>[] = [];
      const members: DeviceGroupMemberEntity[] = [];
      for (let i = c.from; i < c.to; i++) {
        const d = seedDevice(i);
        devices.push(deviceRow(d));
        for (const g of d.groups) members.push({ deviceGroupId: groupIds[g]!, deviceId: d.id });
      }
      await em.getRepository(DeviceEntity).insert(devices);
      await em.getRepository(DeviceGroupMemberEntity).insert(members);
    }
  });
}

/**
 * After a bulk load PostgreSQL's autovacuum would soon update the planner statistics and the visibility map (which
 * index-only scans need); do it now so the figures do not depend on when autovacuum happens to run. SQLite keeps
 * no statistics unless asked (the server does not), so nothing is done there.
 */
async function settle(db: DataSource): Promise<void> {
  if (db.options.type === 'postgres') await db.query('VACUUM ANALYZE devices, device_group_members, device_search');
}

/** 30 days of history for one device: hourly counters, 4 supplies every 6 hours, a status change a day. */
async function seedHistory(db: DataSource, deviceId: string, now: Date): Promise<void> {
  const start = now.getTime() - 30 * DAY_MS;
  await db.transaction(async (em) => {
    const counters = Array.from({ length: 720 }, (_, h) => ({
      id: randomUUID(),
      deviceId,
      at: new Date(start + h * 3_600_000),
      total: 10_000 + h * 20,
      black: 7000 + h * 14,
      color: 3000 + h * 6,
      print: 8000 + h * 16,
      copy: 2000 + h * 4,
      scan: null,
      fax: null,
    }));
    for (let i = 0; i < counters.length; i += 100) {
      await em.getRepository(DeviceCounterReadingEntity).insert(counters.slice(i, i + 100));
    }
    const supplies = Array.from({ length: 120 * 4 }, (_, n) => {
      const k = n % 4;
      return {
        id: randomUUID(),
        deviceId,
        at: new Date(start + Math.floor(n / 4) * 6 * 3_600_000),
        supplyIndex: k + 1,
        description: `Toner ${k + 1}`,
        type: 'toner',
        color: ['black', 'cyan', 'magenta', 'yellow'][k]!,
        remainingPercent: 100 - Math.floor(n / 8),
        state: 'ok',
      };
    });
    for (let i = 0; i < supplies.length; i += 100) {
      await em.getRepository(DeviceSupplyReadingEntity).insert(supplies.slice(i, i + 100));
    }
    await em.getRepository(DeviceStatusHistoryEntity).insert(
      Array.from({ length: 30 }, (_, day) => ({
        id: randomUUID(),
        deviceId,
        at: new Date(start + day * DAY_MS),
        status: day % 2 === 0 ? 'warning' : 'ok',
        errors: day % 2 === 0 ? '["lowToner"]' : '[]',
        message: null,
      })),
    );
  });
}

interface Scenario {
  id: string;
  label: string;
  kind: 'list' | 'page';
  run(http: Http): Promise<number | null>;
  /** The total the list must answer (null: not checked). */
  expectedTotal: number | null;
}

function listScenarios(n: number, groupIds: readonly string[], pageIds: readonly string[], now: Date): Scenario[] {
  const pageSize = 50;
  const deep = Math.max(1, Math.floor((0.9 * n) / pageSize));
  const list =
    (query: string) =>
    async (http: Http): Promise<number> =>
      (await http.get<Page<unknown>>(`/devices?${query}`)).total;
  const from = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(now.toISOString())}`;
  let next = 0;
  return [
    { id: 'list-name-p1', label: 'list page 1, by name', query: `page=1&pageSize=${pageSize}`, total: n },
    {
      id: 'list-name-deep',
      label: 'list deep page, by name',
      query: `page=${deep}&pageSize=${pageSize}&sort=name&order=asc`,
      total: n,
    },
    {
      id: 'list-status-p1',
      label: 'list page 1, by status',
      query: `page=1&pageSize=${pageSize}&sort=status&order=asc`,
      total: n,
    },
    {
      id: 'list-status-deep',
      label: 'list deep page, by status',
      query: `page=${deep}&pageSize=${pageSize}&sort=status&order=asc`,
      total: n,
    },
    {
      id: 'list-filter-status',
      label: 'filter status=error, by name',
      query: `page=1&pageSize=${pageSize}&status=error`,
      total: countWithStatus(n, 'error'),
    },
    {
      id: 'list-filter-group',
      label: 'filter group, by status desc',
      query: `page=1&pageSize=${pageSize}&groupId=${groupIds[1]!}&sort=status&order=desc`,
      total: countInGroup(n, 1),
    },
    {
      id: 'list-search',
      label: 'search "bizhub", by name',
      query: `page=1&pageSize=${pageSize}&search=bizhub`,
      total: Math.floor(n / 5) + (n % 5 > 4 ? 1 : 0),
    },
    {
      id: 'list-search-serial',
      label: 'search a serial number',
      query: `page=1&pageSize=${pageSize}&search=SN-${String(Math.floor(n / 3)).padStart(8, '0')}`,
      total: 1,
    },
  ]
    .map<Scenario>((s) => ({ ...s, kind: 'list', run: list(s.query), expectedTotal: s.total }))
    .concat([
      {
        id: 'device-detail',
        label: 'GET /devices/:id',
        kind: 'page',
        expectedTotal: null,
        run: async (http) => {
          await http.get(`/devices/${pageIds[next++ % pageIds.length]!}`);
          return null;
        },
      },
      {
        id: 'device-page',
        label: 'device page (detail + 3 histories + groups + edges)',
        kind: 'page',
        expectedTotal: null,
        run: async (http) => {
          const id = pageIds[next++ % pageIds.length]!;
          // What the console's device page loads at once, in parallel (30-day history).
          await Promise.all([
            http.get(`/devices/${id}`),
            http.get(`/devices/${id}/history/counters?${range}`),
            http.get(`/devices/${id}/history/supplies?${range}`),
            http.get(`/devices/${id}/history/status?${range}`),
            http.get('/device-groups'),
            http.get('/edges'),
          ]);
          return null;
        },
      },
    ]);
}

async function measureApi(
  cfg: NonNullable<ServerBenchConfig['api']>,
  db: DataSource,
  http: Http,
  groupIds: readonly string[],
  clock: BenchClock,
  errors: string[],
): Promise<ApiSizeResult[]> {
  const out: ApiSizeResult[] = [];
  let seeded = 0;
  const pageIds = Array.from({ length: PAGE_DEVICES }, (_, k) => seedDeviceId(k * 7 + 1));
  for (const size of [...cfg.sizes].sort((a, b) => a - b)) {
    const t0 = performance.now();
    await seedRange(db, seeded, size, groupIds);
    if (seeded === 0)
      for (const id of pageIds.filter((_, k) => k * 7 + 1 < size)) await seedHistory(db, id, clock.now());
    seeded = size;
    await settle(db);
    const seedSeconds = (performance.now() - t0) / 1000;
    await http.reset();
    log(`${size} devices seeded in ${seedSeconds.toFixed(1)} s; ${cfg.warmup} + ${cfg.requests} requests per query`);
    const scenarios: ApiScenarioFigures[] = [];
    for (const s of listScenarios(size, groupIds, pageIds, clock.now())) {
      let total: number | null = null;
      for (let k = 0; k < cfg.warmup; k++) total = await s.run(http);
      const durations: number[] = [];
      for (let k = 0; k < cfg.requests; k++) {
        const started = performance.now();
        total = await s.run(http);
        durations.push(performance.now() - started);
      }
      if (s.expectedTotal !== null && total !== s.expectedTotal) {
        errors.push(`${size} devices, ${s.label}: total ${total}, expected ${s.expectedTotal}`);
      }
      const f = latencyFigures(durations);
      scenarios.push({ id: s.id, label: s.label, kind: s.kind, total, ...f });
      log(`  ${s.label.padEnd(52)} p50 ${f.p50.toFixed(1)}  p95 ${f.p95.toFixed(1)}  p99 ${f.p99.toFixed(1)} ms`);
    }
    out.push({ devices: size, seedSeconds, scenarios });
  }
  return out;
}

async function countRows(db: DataSource, table: string): Promise<number> {
  const rows = await db.query<{ n: string | number }[]>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0]?.n ?? 0);
}

async function historyRows(db: DataSource): Promise<number> {
  let n = 0;
  for (const t of ['device_status_history', 'device_counter_readings', 'device_supply_readings'])
    n += await countRows(db, t);
  return n;
}

async function measureIngest(
  cfg: NonNullable<ServerBenchConfig['ingest']>,
  server: StartedServer,
  db: DataSource,
  groupIds: readonly string[],
  clock: BenchClock,
): Promise<IngestFigures> {
  const existing = await countRows(db, 'devices');
  if (existing < cfg.devices) await seedRange(db, existing, cfg.devices, groupIds);
  const inventory = server.app.get(DeviceInventoryService);
  // What the scheduler does with an edge's answer: one ingestPolls call per poll batch (its configured size).
  const batchSize = server.app.get(PollingScheduler).settings.batchSize;
  const rounds = Math.max(1, Math.ceil(cfg.snapshots / cfg.devices));
  // One untimed round first: the first snapshot of a device rewrites every column (JIT and cache warm-up too).
  for (let from = 0; from < cfg.devices; from += batchSize) {
    const to = Math.min(from + batchSize, cfg.devices);
    const polls = [];
    for (let i = from; i < to; i++) {
      polls.push({ deviceId: seedDeviceId(i), result: ingestSnapshot(i, 0, seedDevice(i).address, clock.now()) });
    }
    await inventory.ingestPolls(polls);
  }
  const history0 = await historyRows(db);
  const alerts0 = await countRows(db, 'alerts');
  const durations: number[] = [];
  let bytes = 0;
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  let done = 0;
  for (let round = 1; round <= rounds && done < cfg.snapshots; round++) {
    clock.advance(300_000);
    for (let from = 0; from < cfg.devices && done < cfg.snapshots; from += batchSize) {
      const to = Math.min(from + batchSize, cfg.devices, from + cfg.snapshots - done);
      const polls = [];
      for (let i = from; i < to; i++) {
        const snapshot = ingestSnapshot(i, round, seedDevice(i).address, clock.now());
        // What the edge sends is JSON: parse it as the server would receive it.
        const text = JSON.stringify(snapshot);
        bytes += text.length;
        polls.push({ deviceId: seedDeviceId(i), text });
      }
      const started = performance.now();
      const outcomes = await inventory.ingestPolls(
        polls.map((p) => ({ deviceId: p.deviceId, result: JSON.parse(p.text) as unknown })),
      );
      const perSnapshot = (performance.now() - started) / polls.length;
      const failed = outcomes.filter((o) => !o.ok).length;
      if (failed > 0) throw new Error(`ingest: ${failed} of ${polls.length} results of a batch were not stored`);
      // Latency per snapshot: the batch's time over its results (each waits for its whole batch).
      for (let k = 0; k < polls.length; k++) durations.push(perSnapshot);
      done += polls.length;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - cpu0;
  const written = (await historyRows(db)) - history0;
  return {
    devices: cfg.devices,
    snapshots: done,
    batchSize,
    chunkSize: INGEST_CHUNK,
    seconds,
    snapshotsPerSecond: done / seconds,
    latency: latencyFigures(durations),
    cpuSecondsPer1000: (cpu * 1000) / done,
    historyRowsPerSnapshot: written / done,
    alertsOpened: (await countRows(db, 'alerts')) - alerts0,
    snapshotBytes: bytes / done,
  };
}

async function measureCycle(
  cfg: NonNullable<ServerBenchConfig['cycle']>,
  server: StartedServer,
  db: DataSource,
  http: Http,
  clock: BenchClock,
): Promise<CycleFigures> {
  const edge = await http.post<{ id: string }>('/edges', { name: 'Bench edge' });
  await http.patch(`/edges/${edge.id}`, { url: cfg.edge.url, token: cfg.edge.token, caPem: cfg.edge.caPem });
  const secret = server.app
    .get(SecretBox)
    .encrypt(JSON.stringify({ version: '2c', community: 'public' } satisfies { version: '2c'; community: string }));
  const settings = JSON.stringify({ version: '2c' });
  const ids: string[] = [];
  await db.transaction(async (em) => {
    for (const c of seedChunks(0, cfg.addresses.length, CHUNK)) {
      const rows: Partial<DeviceEntity>[] = [];
      for (let k = c.from; k < c.to; k++) {
        const id = `00000000-0000-4000-9000-${String(k).padStart(12, '0')}`;
        ids.push(id);
        rows.push({
          id,
          name: `fleet-${String(k).padStart(6, '0')}`,
          address: cfg.addresses[k]!,
          port: cfg.port,
          edgeId: edge.id,
          status: 'unknown',
          snmpSettings: settings,
          snmpSecretEncrypted: secret,
          createdAt: clock.now(),
          updatedAt: clock.now(),
        });
      }
      await em.getRepository(DeviceEntity).insert(rows);
    }
  });
  const scheduler = server.app.get(PollingScheduler);
  // Where the cycle's time goes: the edge answering the poll batches, the rest is the server (credentials, ingest,
  // due times). Measured around the scheduler's own EdgeClient, which it calls one batch at a time.
  const client = server.app.get(EdgeClient);
  const pollDevices = client.pollDevices.bind(client);
  let edgeWaitMs = 0;
  client.pollDevices = async (...args) => {
    const started = performance.now();
    try {
      return await pollDevices(...args);
    } finally {
      edgeWaitMs += performance.now() - started;
    }
  };
  log(
    `full poll cycle: ${ids.length} devices on one edge (batches of ${cfg.batchSize}, edge concurrency ${cfg.edge.concurrency})`,
  );
  const cpu0 = cpuSeconds();
  const edgeCpu0 = safeCpu(cfg.edge.pid);
  const t0 = performance.now();
  const summary = await scheduler.runDuePolls(clock.now());
  const seconds = (performance.now() - t0) / 1000;
  const serverCpu = cpuSeconds() - cpu0;
  const edgeCpu1 = safeCpu(cfg.edge.pid);
  const outcome = await db.query<{ o: string | null; n: string | number }[]>(
    `SELECT last_poll_outcome AS o, COUNT(*) AS n FROM devices WHERE edge_id = '${edge.id}' GROUP BY last_poll_outcome`,
  );
  const count = (o: string): number => Number(outcome.find((r) => r.o === o)?.n ?? 0);
  return {
    devices: ids.length,
    seconds,
    devicesPerSecond: summary.polled / seconds,
    polled: summary.polled,
    fullPolls: summary.fullPolls,
    storedOk: count('ok'),
    storedFailed: count('failed'),
    failedEdges: summary.failedEdges.map((f) => f.error),
    batchSize: cfg.batchSize,
    edgeConcurrency: cfg.edge.concurrency,
    serverCpuSeconds: serverCpu,
    edgeCpuSeconds: edgeCpu0 === null || edgeCpu1 === null ? null : edgeCpu1 - edgeCpu0,
    edgeWaitSeconds: edgeWaitMs / 1000,
  };
}

function safeCpu(pid: number): number | null {
  try {
    return processCpuSeconds(pid);
  } catch {
    return null;
  }
}

async function databaseVersion(db: DataSource): Promise<string> {
  try {
    if (db.options.type === 'postgres') {
      const rows = await db.query<{ v: string }[]>("SELECT current_setting('server_version') AS v");
      return `PostgreSQL ${rows[0]?.v ?? '?'}`;
    }
    const rows = await db.query<{ v: string }[]>('SELECT sqlite_version() AS v');
    return `SQLite ${rows[0]?.v ?? '?'}`;
  } catch {
    return String(db.options.type);
  }
}

async function withPg(url: string, sql: string): Promise<void> {
  const db = new DataSource({ type: 'postgres', url });
  await db.initialize();
  try {
    await db.query(sql);
  } finally {
    await db.destroy();
  }
}

async function main(configFile: string): Promise<void> {
  const cfg = JSON.parse(readFileSync(configFile, 'utf8')) as ServerBenchConfig;
  const result: ServerBenchResult = {
    database: cfg.database,
    databaseVersion: cfg.database,
    api: null,
    ingest: null,
    cycle: null,
    cpuSeconds: 0,
    errors: [],
  };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fleetward-bench-server-'));
  const schema = `fw_bench_${randomBytes(6).toString('hex')}`;
  const env: Record<string, string> = {
    FLEETWARD_DATA_DIR: dataDir,
    FLEETWARD_HTTPS_PORT: '0',
    FLEETWARD_BIND_ADDRESS: '127.0.0.1',
    FLEETWARD_LOG_LEVEL: 'error',
    FLEETWARD_WEB_DIR: path.join(dataDir, 'no-web-build'),
    FLEETWARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    FLEETWARD_POLL_TICK_SECONDS: '0',
    FLEETWARD_POLL_BATCH_SIZE: String(cfg.cycle?.batchSize ?? 200),
  };
  if (cfg.database === 'postgres') {
    await withPg(cfg.postgresUrl, `CREATE SCHEMA "${schema}"`);
    env.DATABASE_URL = cfg.postgresUrl;
    env.FLEETWARD_DB_SCHEMA = schema;
  }
  const clock = new BenchClock(Date.parse('2026-06-01T08:00:00.000Z'));
  let server: StartedServer | null = null;
  const tokenRef: { token: string | null } = { token: null };
  let http: Http | null = null;
  try {
    server = await startServer(env, { clock });
    http = httpClient(server, tokenRef);
    const db = server.app.get(DataSource);
    result.databaseVersion = await databaseVersion(db);
    log(`server up on ${result.databaseVersion}`);
    const login = async (): Promise<void> => {
      tokenRef.token = null;
      const res = await http!.post<LoginResponse>('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
      tokenRef.token = res.accessToken;
    };
    await login();
    const groupIds: string[] = [];
    for (const name of SEED_GROUPS) groupIds.push((await http.post<{ id: string }>('/device-groups', { name })).id);
    const step = async (name: string, fn: () => Promise<void>): Promise<void> => {
      try {
        // New connections and a fresh token per part: the server closes connections idle for seconds, and a long
        // part must not outlive the access token.
        await http!.reset();
        await login();
        await fn();
      } catch (error) {
        result.errors.push(`${cfg.database} ${name}: ${error instanceof Error ? error.message : String(error)}`);
        log(`error: ${result.errors.at(-1)}`);
      }
    };
    if (cfg.api)
      await step(
        'api',
        async () => void (result.api = await measureApi(cfg.api!, db, http!, groupIds, clock, result.errors)),
      );
    if (cfg.ingest) {
      await step('ingest', async () => {
        log(`ingest: ${cfg.ingest!.snapshots} snapshots over ${cfg.ingest!.devices} devices`);
        result.ingest = await measureIngest(cfg.ingest!, server!, db, groupIds, clock);
        const f = result.ingest;
        log(
          `  ${f.snapshotsPerSecond.toFixed(0)} snapshots/s, p50 ${f.latency.p50.toFixed(2)} ms, p95 ${f.latency.p95.toFixed(2)} ms, ` +
            `${f.cpuSecondsPer1000.toFixed(2)} cpu s/1k, ${f.historyRowsPerSnapshot.toFixed(2)} history rows per snapshot`,
        );
      });
    }
    if (cfg.cycle) {
      await step('cycle', async () => {
        result.cycle = await measureCycle(cfg.cycle!, server!, db, http!, clock);
        const c = result.cycle;
        log(
          `  ${c.polled}/${c.devices} polled and stored in ${c.seconds.toFixed(1)} s (${c.storedOk} ok, ${c.storedFailed} failed)`,
        );
      });
    }
  } catch (error) {
    result.errors.push(`${cfg.database}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await http?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (cfg.database === 'postgres') {
      await withPg(cfg.postgresUrl, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((e: unknown) =>
        result.errors.push(`could not drop schema ${schema}: ${String(e)}`),
      );
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  result.cpuSeconds = cpuSeconds();
  writeFileSync(cfg.resultFile, JSON.stringify(result));
}

main(process.argv[2] ?? '').then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench: [server] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
