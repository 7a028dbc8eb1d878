import type { DeviceTarget, GroupPollPolicyBody } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { type EdgeClient, type EdgeEndpoint, EdgeUnreachableError } from '../../edge-client';
import type { AppConfig } from '../../infra/config/app-config';
import type { DeviceInventoryService } from '../devices/device-inventory.service';
import type { EdgesService } from '../edges/edges.service';
import type { MonitoringService } from '../monitoring/monitoring.service';
import type { PollPolicyRepository } from './poll-policy.repository';
import type { PollCandidate, PollScheduleRepository, ScheduleUpdate } from './poll-schedule.repository';
import { PollingScheduler } from './polling-scheduler';

const EDGE: EdgeEndpoint = {
  id: 'e1',
  name: 'Site',
  url: 'https://127.0.0.1:5000',
  token: 't'.repeat(16),
  caPem: null,
};

/** Fakes of the scheduler's collaborators: devices d1..dN on edge e1, schedules in memory. */
function setup(
  devices: number,
  options: {
    batchSize?: number;
    failEdge?: boolean;
    /** Group id → override; group id → member device ids. */
    groups?: Record<string, { policy: GroupPollPolicyBody; members: string[] }>;
    /** ingestPolls reports this device's result as not stored. */
    failIngestOf?: string;
    /** The batch's due times cannot be saved at once / this device's cannot be saved at all. */
    failSaveMany?: boolean;
    failSaveOf?: string;
  } = {},
) {
  const clock = new FakeClock('2026-05-04T08:00:00.000Z');
  const schedules = new Map<string, { nextStatusPollAt: Date; nextFullPollAt: Date }>();
  const lastPolls = new Map<string, { lastPolledAt?: Date; lastFullPollAt?: Date }>();
  const groups = options.groups ?? {};
  const ids = Array.from({ length: devices }, (_, i) => `d${i + 1}`);
  const batches: string[][] = [];
  const ingested: { deviceId: string; result: unknown }[] = [];
  const edgeMarks: string[] = [];
  const save = (s: ScheduleUpdate) => {
    if (s.deviceId === options.failSaveOf) return Promise.reject(new Error('disk full'));
    schedules.set(s.deviceId, { nextStatusPollAt: s.nextStatusPollAt, nextFullPollAt: s.nextFullPollAt });
    const last = lastPolls.get(s.deviceId) ?? {};
    if (s.lastPolledAt) last.lastPolledAt = s.lastPolledAt;
    if (s.lastFullPollAt) last.lastFullPollAt = s.lastFullPollAt;
    lastPolls.set(s.deviceId, last);
    return Promise.resolve();
  };
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
    save,
    saveMany: (list: readonly ScheduleUpdate[]) => {
      if (options.failSaveMany) return Promise.reject(new Error('deadlock detected'));
      for (const s of list) void save(s);
      return Promise.resolve();
    },
    getMany: (deviceIds: readonly string[]) =>
      Promise.resolve(
        deviceIds
          .filter((id) => schedules.has(id))
          .map((id) => ({ deviceId: id, ...schedules.get(id)!, ...lastPolls.get(id) })),
      ),
  };
  const policies = {
    policiesOfDevices: (deviceIds: readonly string[]) => {
      const result = new Map<string, GroupPollPolicyBody[]>();
      for (const id of deviceIds) {
        const own = Object.values(groups)
          .filter((g) => g.members.includes(id))
          .map((g) => g.policy);
        if (own.length > 0) result.set(id, own);
      }
      return Promise.resolve(result);
    },
    deviceIdsOfGroup: (groupId: string) => Promise.resolve(groups[groupId]?.members ?? []),
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
    ingestPolls: (polls: readonly { deviceId: string; result: unknown }[]) => {
      ingested.push(...polls);
      return Promise.resolve(
        polls.map(({ deviceId }) =>
          deviceId === options.failIngestOf
            ? { deviceId, ok: false, error: new Error('poisoned') }
            : { deviceId, ok: true },
        ),
      );
    },
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
    policies as unknown as PollPolicyRepository,
    {
      checkEdges: () => Promise.resolve([]),
      retryPendingNotificationsIfDue: () => Promise.resolve([]),
    } as unknown as MonitoringService,
  );
  return { clock, scheduler, schedules, batches, ingested, edgeMarks, groups };
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

  it('a result ingestPolls could not store leaves its device due; the others of the batch advance', async () => {
    const { clock, scheduler, schedules, ingested } = setup(3, { failIngestOf: 'd2' });
    expect(await scheduler.runDuePolls(clock.now())).toMatchObject({ polled: 2, fullPolls: 2 });
    expect(ingested.map((i) => i.deviceId)).toEqual(['d1', 'd2', 'd3']);
    expect([...schedules.keys()].sort()).toEqual(['d1', 'd3']);
  });

  it('when the batch of due times cannot be saved at once, each is saved alone (a failing one stays due)', async () => {
    const { clock, scheduler, schedules } = setup(3, { failSaveMany: true, failSaveOf: 'd3' });
    expect(await scheduler.runDuePolls(clock.now())).toMatchObject({ polled: 2, fullPolls: 2 });
    expect([...schedules.keys()].sort()).toEqual(['d1', 'd2']);
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

describe('PollingScheduler with per-group poll policies', () => {
  const fast: GroupPollPolicyBody = { statusIntervalSeconds: 60, fullIntervalSeconds: 600 };

  it('schedules a device at the shortest override among its groups, others at the defaults', async () => {
    const { clock, scheduler, schedules } = setup(3, {
      groups: {
        fast: { policy: fast, members: ['d1'] },
        statusOnly: { policy: { statusIntervalSeconds: 120, fullIntervalSeconds: null }, members: ['d1', 'd2'] },
      },
    });
    await scheduler.runDuePolls(clock.now());
    expect(schedules.get('d1')).toEqual({
      nextStatusPollAt: new Date('2026-05-04T08:01:00.000Z'),
      nextFullPollAt: new Date('2026-05-04T08:10:00.000Z'),
    });
    expect(schedules.get('d2')).toEqual({
      nextStatusPollAt: new Date('2026-05-04T08:02:00.000Z'),
      nextFullPollAt: new Date('2026-05-04T09:00:00.000Z'),
    });
    expect(schedules.get('d3')).toEqual({
      nextStatusPollAt: new Date('2026-05-04T08:05:00.000Z'),
      nextFullPollAt: new Date('2026-05-04T09:00:00.000Z'),
    });
    clock.advanceMinutes(1);
    expect(await scheduler.runDuePolls(clock.now())).toMatchObject({ polled: 1, fullPolls: 0 });
  });

  it('a shortened policy moves due times to last poll + new interval, never later, and never into a storm', async () => {
    const { clock, scheduler, schedules, groups } = setup(2, {
      groups: { g: { policy: { statusIntervalSeconds: null, fullIntervalSeconds: null }, members: ['d1'] } },
    });
    await scheduler.runDuePolls(clock.now()); // 08:00, both due again 08:05 / 09:00
    clock.advanceMinutes(3);
    groups.g!.policy = fast;
    expect(await scheduler.shortenDueTimes('g')).toBe(1);
    // Last poll 08:00 + 60 s is already past: due now, polled once, then every minute from now.
    expect(schedules.get('d1')).toEqual({
      nextStatusPollAt: new Date('2026-05-04T08:01:00.000Z'),
      nextFullPollAt: new Date('2026-05-04T08:10:00.000Z'),
    });
    expect(schedules.get('d2')?.nextStatusPollAt).toEqual(new Date('2026-05-04T08:05:00.000Z'));
    expect(await scheduler.runDuePolls(clock.now())).toMatchObject({ polled: 1, fullPolls: 0 });
    expect(await scheduler.runDuePolls(clock.now())).toMatchObject({ polled: 0 });
    expect(schedules.get('d1')?.nextStatusPollAt).toEqual(new Date('2026-05-04T08:04:00.000Z'));
    // Lengthening never moves a due time later (applies after the next poll); nothing changes now.
    groups.g!.policy = { statusIntervalSeconds: 3600, fullIntervalSeconds: 7200 };
    expect(await scheduler.shortenDueTimes('g')).toBe(0);
    expect(schedules.get('d1')?.nextStatusPollAt).toEqual(new Date('2026-05-04T08:04:00.000Z'));
  });
});
