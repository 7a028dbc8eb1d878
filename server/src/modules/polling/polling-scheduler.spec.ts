import type { DeviceTarget } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { type EdgeClient, type EdgeEndpoint, EdgeUnreachableError } from '../../edge-client';
import type { AppConfig } from '../../infra/config/app-config';
import type { DeviceInventoryService } from '../devices/device-inventory.service';
import type { EdgesService } from '../edges/edges.service';
import type { MonitoringService } from '../monitoring/monitoring.service';
import type { PollCandidate, PollScheduleRepository } from './poll-schedule.repository';
import { PollingScheduler } from './polling-scheduler';

const EDGE: EdgeEndpoint = {
  id: 'e1',
  name: 'Site',
  url: 'https://127.0.0.1:5000',
  token: 't'.repeat(16),
  caPem: null,
};

/** Fakes of the scheduler's collaborators: devices d1..dN on edge e1, schedules in memory. */
function setup(devices: number, options: { batchSize?: number; failEdge?: boolean } = {}) {
  const clock = new FakeClock('2026-05-04T08:00:00.000Z');
  const schedules = new Map<string, { nextStatusPollAt: Date; nextFullPollAt: Date }>();
  const ids = Array.from({ length: devices }, (_, i) => `d${i + 1}`);
  const batches: string[][] = [];
  const ingested: { deviceId: string; result: unknown }[] = [];
  const edgeMarks: string[] = [];
  const repo = {
    findDue: (_edgeIds: readonly string[], now: Date): Promise<PollCandidate[]> =>
      Promise.resolve(
        ids
          .map((deviceId) => {
            const s = schedules.get(deviceId);
            return {
              deviceId,
              edgeId: EDGE.id,
              nextStatusPollAt: s?.nextStatusPollAt ?? null,
              nextFullPollAt: s?.nextFullPollAt ?? null,
            };
          })
          .filter((c) => c.nextStatusPollAt === null || c.nextStatusPollAt <= now || c.nextFullPollAt! <= now),
      ),
    save: (s: { deviceId: string; nextStatusPollAt: Date; nextFullPollAt: Date }) => {
      schedules.set(s.deviceId, { nextStatusPollAt: s.nextStatusPollAt, nextFullPollAt: s.nextFullPollAt });
      return Promise.resolve();
    },
  };
  const client = {
    health: () =>
      options.failEdge
        ? Promise.reject(new EdgeUnreachableError(EDGE.name, 'ECONNREFUSED'))
        : Promise.resolve({ status: 'ok', version: '1.2.3', uptimeSeconds: 1 }),
    pollDevices: (edge: EdgeEndpoint, targets: readonly DeviceTarget[]) => {
      if (options.failEdge) return Promise.reject(new EdgeUnreachableError(edge.name, 'ECONNREFUSED'));
      batches.push(targets.map((t) => t.host));
      return Promise.resolve(targets.map((t) => ({ ok: true, host: t.host })));
    },
  };
  const edges = {
    connectableEdges: () => Promise.resolve({ usable: [EDGE], broken: [] }),
    activatedEdges: () => Promise.resolve([]),
    markSeen: (id: string) => Promise.resolve(void edgeMarks.push(`seen ${id}`)),
    markFailed: (id: string, message: string) => Promise.resolve(void edgeMarks.push(`failed ${id} ${message}`)),
  };
  const inventory = {
    pollTarget: (deviceId: string): Promise<DeviceTarget> =>
      Promise.resolve({ host: deviceId, port: 161, snmp: { version: '2c', community: 'public' } }),
    ingestPoll: (deviceId: string, result: unknown) => Promise.resolve(void ingested.push({ deviceId, result })),
  };
  const config = {
    polling: {
      tickSeconds: 0,
      statusIntervalSeconds: 300,
      fullIntervalSeconds: 3600,
      batchSize: options.batchSize ?? 2,
    },
  } as AppConfig;
  const scheduler = new PollingScheduler(
    config,
    clock,
    client as unknown as EdgeClient,
    edges as unknown as EdgesService,
    inventory as unknown as DeviceInventoryService,
    repo as unknown as PollScheduleRepository,
    { checkEdges: () => Promise.resolve([]) } as unknown as MonitoringService,
  );
  return { clock, scheduler, schedules, batches, ingested, edgeMarks };
}

describe('PollingScheduler.runDuePolls', () => {
  it('polls new devices fully, in batches per edge, and ingests each result for its device', async () => {
    const { clock, scheduler, batches, ingested, schedules } = setup(5);
    const summary = await scheduler.runDuePolls(clock.now());
    expect(summary).toEqual({ polled: 5, fullPolls: 5, skipped: 0, failedEdges: [] });
    expect(batches).toEqual([['d1', 'd2'], ['d3', 'd4'], ['d5']]);
    expect(ingested.map((i) => [i.deviceId, (i.result as { host: string }).host])).toEqual(
      ['d1', 'd2', 'd3', 'd4', 'd5'].map((d) => [d, d]),
    );
    expect(schedules.get('d1')).toEqual({
      nextStatusPollAt: new Date('2026-05-04T08:05:00.000Z'),
      nextFullPollAt: new Date('2026-05-04T09:00:00.000Z'),
    });
  });

  it('a status poll keeps the full due time; a device overdue by many intervals is polled once, then from now', async () => {
    const { clock, scheduler, schedules } = setup(1);
    await scheduler.runDuePolls(clock.now());
    clock.advanceMinutes(5);
    expect(await scheduler.runDuePolls(clock.now())).toMatchObject({ polled: 1, fullPolls: 0 });
    expect(schedules.get('d1')?.nextFullPollAt).toEqual(new Date('2026-05-04T09:00:00.000Z'));
    clock.advanceMinutes(24 * 60);
    expect(await scheduler.runDuePolls(clock.now())).toMatchObject({ polled: 1, fullPolls: 1 });
    expect(await scheduler.runDuePolls(clock.now())).toMatchObject({ polled: 0 });
    expect(schedules.get('d1')?.nextStatusPollAt).toEqual(new Date(clock.now().getTime() + 300_000));
  });

  it('a failing edge is marked, its devices stay due, and the run still returns', async () => {
    const { clock, scheduler, schedules, edgeMarks } = setup(3, { failEdge: true });
    const summary = await scheduler.runDuePolls(clock.now());
    expect(summary.polled).toBe(0);
    expect(summary.failedEdges).toEqual([{ edgeId: 'e1', error: 'Edge "Site" is unreachable: ECONNREFUSED' }]);
    expect(edgeMarks).toEqual(['failed e1 Edge "Site" is unreachable: ECONNREFUSED']);
    expect(schedules.size).toBe(0);
  });

  it('serializes concurrent runs: the second sees the due times the first one set', async () => {
    const { clock, scheduler, batches } = setup(2);
    const [a, b] = await Promise.all([scheduler.runDuePolls(clock.now()), scheduler.runDuePolls(clock.now())]);
    expect(a.polled).toBe(2);
    expect(b.polled).toBe(0);
    expect(batches).toHaveLength(1);
  });
});
