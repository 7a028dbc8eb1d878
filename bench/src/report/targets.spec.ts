import { describe, expect, it } from 'vitest';
import type { ApiScenarioFigures, ApiSizeResult, ServerBenchResult } from '../server/server-bench.types';
import type { ServerPartsResult } from '../server/server-part';
import type { BenchResult, PeerResult, PollingResult, RunFigures, SlowResult } from './bench-result';
import { renderTable } from './table';
import { apiTarget, evaluateTargets, worstListP95 } from './targets';

function scenario(id: string, kind: 'list' | 'page', p95: number): ApiScenarioFigures {
  return {
    id,
    label: id,
    kind,
    total: kind === 'list' ? 100_000 : null,
    count: 200,
    p50: p95 / 2,
    p95,
    p99: p95 * 1.5,
    mean: p95 / 2,
    max: p95 * 2,
  };
}

function apiSize(devices: number, listP95: number[], pageP95 = 500): ApiSizeResult {
  return {
    devices,
    seedSeconds: 10,
    scenarios: [...listP95.map((p, k) => scenario(`list-${k}`, 'list', p)), scenario('device-page', 'page', pageP95)],
  };
}

function serverRun(database: 'sqlite' | 'postgres', api: ApiSizeResult[]): ServerPartsResult['runs'][number] {
  const run: ServerBenchResult = {
    database,
    databaseVersion: database === 'sqlite' ? 'SQLite 3.53.2' : 'PostgreSQL 15.20',
    api,
    ingest: {
      devices: 1000,
      snapshots: 5000,
      batchSize: 200,
      chunkSize: 100,
      seconds: 10,
      snapshotsPerSecond: 500,
      latency: { count: 5000, p50: 1.5, p95: 6, p99: 12, mean: 2, max: 40 },
      cpuSecondsPer1000: 2.2,
      historyRowsPerSnapshot: 5.9,
      alertsOpened: 250,
      snapshotBytes: 5900,
    },
    cycle: {
      devices: 10_000,
      seconds: 80,
      devicesPerSecond: 125,
      polled: 10_000,
      fullPolls: 10_000,
      storedOk: 10_000,
      storedFailed: 0,
      failedEdges: [],
      batchSize: 200,
      edgeConcurrency: 64,
      serverCpuSeconds: 60,
      edgeCpuSeconds: 12,
      edgeWaitSeconds: 20,
    },
    cpuSeconds: 100,
    errors: [],
  };
  return { ...run, otherLoadCores: 0.1, wallSeconds: 200 };
}

function run(patch: Partial<RunFigures>): RunFigures {
  return {
    devicesPerSecond: 1000,
    cpuSecondsPer1000: 0.5,
    coldDevicesPerSecond: 800,
    coldCpuSecondsPer1000: 0.7,
    warmSweeps: 3,
    devices: 5000,
    concurrency: 500,
    sweeps: [],
    peakRssBytes: 100 * 1024 * 1024,
    correct: 5000,
    failed: 0,
    wrong: 0,
    wrongExamples: [],
    ...patch,
  };
}

const polling: PollingResult = {
  poller: 'bundle',
  v2c: run({ devicesPerSecond: 6000, cpuSecondsPer1000: 0.15 }),
  v3: run({ devicesPerSecond: 5000, cpuSecondsPer1000: 0.3 }),
  memory: { ...run({ devices: 10_000, peakRssBytes: 300 * 1024 * 1024 }), note: 'n' },
};
const peer: PeerResult = {
  exporter: '0.21.0',
  v2c: run({ devicesPerSecond: 1900, cpuSecondsPer1000: 0.65 }),
  v3: run({ devicesPerSecond: 1500, cpuSecondsPer1000: 0.8 }),
  ratios: { v2cDevicesPerSecond: null, v2cCpuPerDevice: null, v3DevicesPerSecond: null, v3CpuPerDevice: null },
};
const slow: SlowResult = {
  devices: 100,
  composition: { slow: 85, lossy: 10, dead: 5, delayMs: '20-50', lossRate: 0.2 },
  timeoutMs: 1000,
  retries: 1,
  sweepMs: 7000,
  coldSweepMs: 7100,
  byRole: {
    slow: { correct: 85, partial: 0, unreachable: 0, otherFailure: 0, wrong: 0 },
    lossy: { correct: 2, partial: 8, unreachable: 0, otherFailure: 0, wrong: 0 },
    dead: { correct: 0, partial: 0, unreachable: 5, otherFailure: 0, wrong: 0 },
  },
  wrongExamples: [],
  deadMaxDurationMs: 2030,
  unreachableLimitMs: 2250,
  relay: { forwarded: 10, dropped: 2 },
  otherLoadCores: 0.1,
  udpReceiveDrops: 0,
};

describe('evaluateTargets', () => {
  it('judges every target of the issue and says by how much a missed one is off', () => {
    const byId = Object.fromEntries(evaluateTargets({ polling, peer, slow }).map((t) => [t.id, t]));
    expect(byId['v2c-speed']).toMatchObject({ status: 'met' });
    expect(byId['v2c-cpu']).toMatchObject({ status: 'met' });
    expect(byId['v3-cost']).toMatchObject({ status: 'missed', detail: '2.00x, limit 1.50x: 1.33x over' });
    expect(byId['rss-10k']).toMatchObject({ status: 'missed', detail: '300 MB, limit 250 MB: 1.20x over' });
    expect(byId['slow-wrong']).toMatchObject({ status: 'met' });
    expect(byId['slow-unreachable']).toMatchObject({ status: 'met' });
  });

  it('says "not measured" for the peer targets when the peer is missing', () => {
    const byId = Object.fromEntries(evaluateTargets({ polling, peer: { skipped: 'no' }, slow }).map((t) => [t.id, t]));
    expect(byId['v2c-speed']).toMatchObject({ status: 'not measured', detail: 'peer not measured' });
    expect(byId['v3-cost']!.status).toBe('missed');
  });

  it('misses the unreachable target when a dead device was not reported unreachable', () => {
    const bad: SlowResult = {
      ...slow,
      byRole: { ...slow.byRole, dead: { ...slow.byRole.dead!, unreachable: 4, wrong: 1 } },
    };
    const byId = Object.fromEntries(evaluateTargets({ polling, peer, slow: bad }).map((t) => [t.id, t]));
    expect(byId['slow-unreachable']).toMatchObject({
      status: 'missed',
      detail: '4 of 5 dead devices reported unreachable',
    });
    expect(byId['slow-wrong']!.status).toBe('missed');
  });
});

describe('API latency target', () => {
  const server: ServerPartsResult = {
    runs: [
      serverRun('sqlite', [apiSize(10_000, [5, 8]), apiSize(100_000, [40, 130, 90])]),
      serverRun('postgres', [apiSize(10_000, [9]), apiSize(100_000, [60, 70])]),
    ],
    skipped: [],
    cycleFleet: '80 snmpd processes',
  };

  it('judges the slowest list query at 100,000 devices per database and says by how much it is over', () => {
    expect(apiTarget({ server }, 'sqlite')).toMatchObject({
      status: 'missed',
      measured: 130,
      detail: '130 ms, limit 100 ms: 1.30x over (slowest: list-1)',
    });
    expect(apiTarget({ server }, 'postgres')).toMatchObject({ status: 'met', measured: 70 });
  });

  it('the device page does not count for the list target', () => {
    expect(worstListP95(apiSize(100_000, [10, 20], 5000))).toEqual({ p95: 20, label: 'list-1' });
    expect(worstListP95({ devices: 1, seedSeconds: 0, scenarios: [scenario('device-page', 'page', 9)] })).toBeNull();
  });

  it('is "not measured" without a 100,000-devices run, for a skipped database (with the reason) and when not selected', () => {
    const small: ServerPartsResult = {
      runs: [serverRun('sqlite', [apiSize(10_000, [500])])],
      skipped: [{ database: 'postgres', reason: 'PostgreSQL at postgres://x not reachable: refused' }],
      cycleFleet: null,
    };
    expect(apiTarget({ server: small }, 'sqlite')).toMatchObject({
      status: 'not measured',
      detail: 'no run with 100,000 devices (--api-devices 100000)',
    });
    expect(apiTarget({ server: small }, 'postgres').detail).toContain('not reachable: refused');
    expect(apiTarget({ server: { skipped: 'not selected (--only)' } }, 'sqlite').status).toBe('not measured');
    const ids = evaluateTargets({ polling, peer, slow, server }).map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(['api-p95-sqlite', 'api-p95-postgres']));
  });
});

describe('renderTable', () => {
  it('puts the machine on top, every run, the ratios, parts 4-5 as not measured and the targets', () => {
    const result: BenchResult = {
      schemaVersion: 1,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:05:00.000Z',
      machine: {
        cpuModel: 'Test CPU',
        cores: 2,
        memoryGiB: 24,
        node: '20.20.2',
        os: 'Linux',
        snmpd: '5.9.3',
        exporter: '0.21.0',
      },
      options: {},
      polling,
      peer: {
        ...peer,
        ratios: { v2cDevicesPerSecond: 3.16, v2cCpuPerDevice: 0.23, v3DevicesPerSecond: 3.33, v3CpuPerDevice: 0.375 },
      },
      slow,
      server: { skipped: 'not selected (--only)' },
      notMeasured: [{ part: '4. Server monitoring ingest', reason: 'needs the monitoring issue' }],
      targets: evaluateTargets({ polling, peer, slow }),
      errors: [],
    };
    const text = renderTable(result);
    expect(text).toMatch(/^Fleetward bench\nmachine: Test CPU, 2 cores, 24\.0 GiB, Node 20\.20\.2/);
    expect(text).toMatch(/fleetward v2c\s+6000\s+0\.150/);
    expect(text).toMatch(/peak MB\s+correct\s+partial\s+failed\s+wrong/);
    expect(text).toMatch(/v2c\s+3\.16x\s+0\.230x/);
    expect(text).toContain('4. Server monitoring ingest: not measured yet: needs the monitoring issue');
    expect(text).toMatch(/10,000 devices per edge: peak RSS < 250 MB\s+missed/);
    expect(text).toContain('4. Server ingest: not selected (--only)');
  });

  it('shows ingest, the poll cycle and the API latency per database and size', () => {
    const server: ServerPartsResult = {
      runs: [
        serverRun('sqlite', [apiSize(10_000, [5]), apiSize(100_000, [40])]),
        serverRun('postgres', [apiSize(100_000, [60])]),
      ],
      skipped: [],
      cycleFleet: '80 snmpd processes from 127.10.0.1',
    };
    const text = renderTable({
      schemaVersion: 1,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:05:00.000Z',
      machine: { cpuModel: 'CPU', cores: 2, memoryGiB: 8, node: '20', os: 'Linux', snmpd: null, exporter: null },
      options: {},
      polling: { skipped: 'no' },
      peer: { skipped: 'no' },
      slow: { skipped: 'no' },
      server,
      notMeasured: [],
      targets: evaluateTargets({
        polling: { skipped: 'no' },
        peer: { skipped: 'no' },
        slow: { skipped: 'no' },
        server,
      }),
      errors: [],
    });
    expect(text).toMatch(/SQLite 3\.53\.2\s+500\s+1\.50\s+6\.00\s+12\.0\s+2\.20\s+5\.90/);
    expect(text).toMatch(/10000 devices on one real edge \(batches of 200, edge concurrency 64\), 80 snmpd processes/);
    expect(text).toMatch(/PostgreSQL 15\.20\s+10000\s+80\.0\s+125\s+20\.0\s+10000\s+0/);
    expect(text).toMatch(/cycle s\s+dev\/s\s+edge wait s\s+stored ok/);
    expect(text).toMatch(/query\s+SQLite 10k\s+SQLite 100k\s+PostgreSQL 100k/);
    expect(text).toMatch(/list-0\s+2\.50 \/ 5\.00 \/ 7\.50\s+20\.0 \/ 40\.0 \/ 60\.0\s+30\.0 \/ 60\.0 \/ 90\.0/);
    expect(text).toMatch(/API SQLite: device list p95 < 100 ms at 100,000 devices\s+met/);
  });
});
