import { describe, expect, it } from 'vitest';
import type { BenchResult, PeerResult, PollingResult, RunFigures, SlowResult } from './bench-result';
import { renderTable } from './table';
import { evaluateTargets } from './targets';

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
  });
});
