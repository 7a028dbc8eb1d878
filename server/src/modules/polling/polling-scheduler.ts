import type { DeviceEventOutboxItem, DeviceTarget } from '@fleetward/contracts';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { messageOf } from '../../common/errors/message-of';
import { EdgeClient, type EdgeEndpoint, EdgeRejectedError } from '../../edge-client';
import { AppConfig } from '../../infra/config/app-config';
import { SerialRunner, TickLoop } from '../../infra/scheduler/tick-loop';
import { DeviceInventoryService, type IngestOutcome } from '../devices/device-inventory.service';
import { type EdgeConnection, EdgesService } from '../edges/edges.service';
import { MonitoringService } from '../monitoring/monitoring.service';
import { effectiveIntervals, type PollIntervals, shortenedDue } from './poll-policy';
import { PollPolicyRepository } from './poll-policy.repository';
import { type PollCandidate, PollScheduleRepository, type ScheduleUpdate } from './poll-schedule.repository';

export interface PollingSettings {
  /** Background loop tick (s); 0 = no loop. */
  tickSeconds: number;
  statusIntervalSeconds: number;
  fullIntervalSeconds: number;
  /** Devices per `POST /api/v1/poll` request. */
  batchSize: number;
}

/** What one `runDuePolls` did. */
export interface PollRunSummary {
  /** Devices whose result was ingested. */
  polled: number;
  /** Of those, full polls (due for counters/supplies, or never polled). */
  fullPolls: number;
  /** Devices skipped because their credentials could not be read. */
  skipped: number;
  /** Edges that failed (their due devices stay due for the next tick). */
  failedEdges: { edgeId: string; error: string }[];
}

/** What one read of an edge's device-events outbox did. */
export interface EventReadSummary {
  ingested: number;
  /** Items for no known device, or without a result (the edge was not asked about that sender). */
  ignored: number;
  missed: number;
}

const EVENTS_WAIT_MS = 20_000;
/** Devices per query when a poll policy change shortens due times. */
const SHORTEN_CHUNK = 500;

/**
 * Scheduled polling through the edges. Every tick: the devices due for a status poll or a full poll, batched
 * per edge, polled by the edge, each result ingested; due times are persisted per device and computed from the
 * poll's time, so an overdue device is polled once (no catch-up). A failing edge is marked and skipped until the
 * next tick. Plus one reader per edge of its device-events outbox (notification-triggered polls, ingested at once;
 * the cursor is kept in memory: after a restart the outbox is read again from the start, which is harmless
 * because ingesting the same snapshot twice changes nothing).
 */
@Injectable()
export class PollingScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PollingScheduler');
  readonly settings: PollingSettings;
  private readonly runs = new SerialRunner();
  private readonly loop: TickLoop;
  private readonly readers = new Map<string, Promise<void>>();

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly client: EdgeClient,
    private readonly edges: EdgesService,
    private readonly inventory: DeviceInventoryService,
    private readonly schedules: PollScheduleRepository,
    private readonly policies: PollPolicyRepository,
    private readonly monitoring: MonitoringService,
  ) {
    this.settings = { ...config.polling };
    this.loop = new TickLoop({
      everyMs: this.settings.tickSeconds * 1000,
      name: 'Polling',
      logger: this.logger,
      tick: () => this.tick(),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): void {
    this.loop.stop();
  }

  /** Polls every device due at `now` (runs are serialized: a second call waits for the first). */
  runDuePolls(now: Date): Promise<PollRunSummary> {
    return this.runs.run(() => this.pollDue(now));
  }

  /** The server defaults (FLEETWARD_POLL_*_INTERVAL_SECONDS). */
  get defaultIntervals(): PollIntervals {
    return {
      statusIntervalSeconds: this.settings.statusIntervalSeconds,
      fullIntervalSeconds: this.settings.fullIntervalSeconds,
    };
  }

  /** Per device, the intervals it is polled at: the shortest override among its groups, else the defaults. */
  async intervalsOf(deviceIds: readonly string[]): Promise<Map<string, PollIntervals>> {
    const policies = await this.policies.policiesOfDevices(deviceIds);
    return new Map(deviceIds.map((id) => [id, effectiveIntervals(policies.get(id) ?? [], this.defaultIntervals)]));
  }

  /**
   * After a group's poll policy changed: its devices' due times become `min(current due, last poll + new interval)`,
   * so a shortened interval applies from the next poll without waiting for the old, longer due time, and an overdue
   * device is polled once at the next tick (no catch-up). A lengthened interval applies after the next poll.
   * Serialized with the poll runs. Returns how many devices got an earlier due time.
   */
  shortenDueTimes(groupId: string): Promise<number> {
    return this.runs.run(async () => {
      const all = await this.policies.deviceIdsOfGroup(groupId);
      let changed = 0;
      // In chunks, so a large group stays within every driver's limit of bound parameters.
      for (let i = 0; i < all.length; i += SHORTEN_CHUNK) {
        changed += await this.shortenChunk(all.slice(i, i + SHORTEN_CHUNK));
      }
      return changed;
    });
  }

  private async shortenChunk(deviceIds: readonly string[]): Promise<number> {
    const intervals = await this.intervalsOf(deviceIds);
    let changed = 0;
    for (const schedule of await this.schedules.getMany(deviceIds)) {
      const interval = intervals.get(schedule.deviceId) ?? this.defaultIntervals;
      const nextStatusPollAt = shortenedDue(
        schedule.nextStatusPollAt,
        schedule.lastPolledAt,
        interval.statusIntervalSeconds,
      );
      const nextFullPollAt = shortenedDue(
        schedule.nextFullPollAt,
        schedule.lastFullPollAt,
        interval.fullIntervalSeconds,
      );
      if (
        nextStatusPollAt.getTime() === schedule.nextStatusPollAt.getTime() &&
        nextFullPollAt.getTime() === schedule.nextFullPollAt.getTime()
      ) {
        continue;
      }
      await this.schedules.save({ deviceId: schedule.deviceId, nextStatusPollAt, nextFullPollAt });
      changed++;
    }
    return changed;
  }

  /** Reads one page of an edge's device-events outbox after the in-memory cursor and ingests the results. */
  async readEdgeEvents(edgeId: string, waitMs = 0): Promise<EventReadSummary> {
    const edge = (await this.connectable()).find((e) => e.id === edgeId);
    if (!edge) return { ingested: 0, ignored: 0, missed: 0 };
    return this.readEvents(edge, waitMs);
  }

  private async tick(): Promise<void> {
    await this.runDuePolls(this.clock.now());
    this.startReaders(await this.connectable());
  }

  /** Keeps one long-polling reader per edge; a reader that fails ends, and the next tick starts it again. */
  private startReaders(edges: readonly EdgeEndpoint[]): void {
    for (const edge of edges) {
      if (this.readers.has(edge.id)) continue;
      const reader = (async () => {
        while (!this.loop.stopped) {
          try {
            await this.readEvents(edge, EVENTS_WAIT_MS);
          } catch {
            return; // marked failed in readEvents; retried on the next tick
          }
        }
      })().finally(() => this.readers.delete(edge.id));
      this.readers.set(edge.id, reader);
    }
  }

  private async readEvents(edge: EdgeEndpoint, waitMs: number): Promise<EventReadSummary> {
    const summary: EventReadSummary = { ingested: 0, ignored: 0, missed: 0 };
    let page;
    try {
      const cursor = await this.edges.deviceEventsCursor(edge.id);
      try {
        page = await this.client.readDeviceEvents(edge, cursor, waitMs);
      } catch (error) {
        // A cursor the edge does not accept (its outbox was reset in a way it cannot tell): read from the start.
        if (cursor === null || !(error instanceof EdgeRejectedError) || error.httpStatus !== 400) throw error;
        this.logger.warn(`Edge "${edge.name}" refused the stored device-events cursor; reading its outbox anew`);
        page = await this.client.readDeviceEvents(edge, null, waitMs);
      }
    } catch (error) {
      await this.markFailed(edge, error);
      throw error;
    }
    summary.missed = page.missed;
    if (page.missed > 0) this.logger.warn(`Edge "${edge.name}": ${page.missed} device events fell out of its outbox`);
    const polls: (readonly [deviceId: string, result: unknown])[] = [];
    for (const item of page.items) {
      const poll = await this.eventPoll(edge, item);
      if (poll) polls.push(poll);
      else summary.ignored++;
    }
    for (const [index, outcome] of (await this.ingestAll(polls)).entries()) {
      if (outcome.ok) summary.ingested++;
      else {
        this.logger.warn(`Ingest of an event poll of device ${polls[index]![0]} failed: ${messageOf(outcome.error)}`);
        summary.ignored++;
      }
    }
    // Persisted: a restarted server goes on where it stopped instead of applying old notification polls again.
    await this.edges.saveDeviceEventsCursor(edge.id, page.nextCursor);
    await this.edges.markSeen(edge.id);
    return summary;
  }

  /** The device and poll result of an outbox item; null when it has no result or names no known device. */
  private async eventPoll(
    edge: EdgeEndpoint,
    item: DeviceEventOutboxItem,
  ): Promise<readonly [deviceId: string, result: unknown] | null> {
    const result = item.result as unknown;
    if (result === null || typeof result !== 'object') return null;
    const target = (result as { target?: { host?: unknown; port?: unknown } }).target;
    if (typeof target?.host !== 'string') return null;
    const port = typeof target.port === 'number' ? target.port : 161;
    const deviceId = await this.schedules.findDeviceByAddress(edge.id, target.host, port);
    return deviceId ? [deviceId, result] : null;
  }

  private async pollDue(now: Date): Promise<PollRunSummary> {
    const summary: PollRunSummary = { polled: 0, fullPolls: 0, skipped: 0, failedEdges: [] };
    const edges = await this.connectable(summary);
    const due = await this.schedules.findDue(
      edges.map((e) => e.id),
      now,
    );
    for (const edge of edges) {
      // Health first: records the edge's version and last contact, and skips an unreachable edge at once.
      try {
        const health = await this.client.health(edge);
        await this.edges.markSeen(edge.id, health.version);
      } catch (error) {
        await this.markFailed(edge, error);
        summary.failedEdges.push({ edgeId: edge.id, error: messageOf(error) });
        continue;
      }
      const mine = due.filter((c) => c.edgeId === edge.id);
      for (let i = 0; i < mine.length; i += this.settings.batchSize) {
        const ok = await this.pollBatch(edge, mine.slice(i, i + this.settings.batchSize), now, summary);
        if (!ok) break; // skip this edge until the next tick
      }
    }
    // Heartbeat → edge offline: every activated edge against the edgeOffline rule (opens or resolves its alert).
    try {
      await this.monitoring.checkEdges(await this.edges.activatedEdges());
    } catch (error) {
      this.logger.error(`Edge offline check failed: ${messageOf(error)}`);
    }
    // Mail still owed (the mail server was down): retried here every few minutes, not only at a device's next poll.
    try {
      await this.monitoring.retryPendingNotificationsIfDue();
    } catch (error) {
      this.logger.error(`Retrying owed notifications failed: ${messageOf(error)}`);
    }
    return summary;
  }

  /** Polls one batch; false when the edge failed (marked, devices stay due). */
  private async pollBatch(
    edge: EdgeEndpoint,
    batch: readonly PollCandidate[],
    now: Date,
    summary: PollRunSummary,
  ): Promise<boolean> {
    const polled: { candidate: PollCandidate; target: DeviceTarget }[] = [];
    const intervals = await this.intervalsOf(batch.map((c) => c.deviceId));
    const intervalOf = (c: PollCandidate) => intervals.get(c.deviceId) ?? this.defaultIntervals;
    for (const candidate of batch) {
      try {
        polled.push({ candidate, target: await this.inventory.pollTarget(candidate.deviceId) });
      } catch (error) {
        // Unreadable credentials or a device deleted meanwhile: skip it until its next interval.
        this.logger.warn(`Device ${candidate.deviceId} not polled: ${messageOf(error)}`);
        summary.skipped++;
        await this.advance(candidate, now, intervalOf(candidate)).catch(() => undefined);
      }
    }
    if (polled.length === 0) return true;
    let results: unknown[];
    try {
      results = await this.client.pollDevices(
        edge,
        polled.map((p) => p.target),
      );
    } catch (error) {
      await this.markFailed(edge, error);
      summary.failedEdges.push({ edgeId: edge.id, error: messageOf(error) });
      return false;
    }
    await this.edges.markSeen(edge.id);
    // The batch's results in a few transactions (DeviceInventoryService.ingestPolls, decision record 0025).
    const outcomes = await this.ingestAll(polled.map(({ candidate }, index) => [candidate.deviceId, results[index]]));
    const stored: PollCandidate[] = [];
    for (const [index, { candidate }] of polled.entries()) {
      const outcome = outcomes[index]!;
      if (outcome.ok) stored.push(candidate);
      else this.logger.warn(`Ingest for device ${candidate.deviceId} failed: ${messageOf(outcome.error)}`);
    }
    // Their next due times in one transaction; when that fails, one device at a time (a failure skips that one).
    const advanced = stored.map((candidate) => nextDue(candidate, now, intervalOf(candidate)));
    let saved = false;
    try {
      await this.schedules.saveMany(advanced.map((a) => a.schedule));
      saved = true;
    } catch (error) {
      this.logger.warn(`Saving the due times of a batch failed (${messageOf(error)}); saving them one at a time`);
    }
    for (const { schedule, full } of advanced) {
      try {
        if (!saved) await this.schedules.save(schedule);
        summary.polled++;
        if (full) summary.fullPolls++;
      } catch (error) {
        this.logger.warn(`Ingest for device ${schedule.deviceId} failed: ${messageOf(error)}`);
      }
    }
    return true;
  }

  /** `ingestPolls`, with a failure of the whole call (e.g. the database gone) as the outcome of every result. */
  private async ingestAll(polls: readonly (readonly [deviceId: string, result: unknown])[]): Promise<IngestOutcome[]> {
    const batch = polls.map(([deviceId, result]) => ({ deviceId, result }));
    try {
      return await this.inventory.ingestPolls(batch);
    } catch (error) {
      return batch.map(({ deviceId }) => ({ deviceId, ok: false, error }));
    }
  }

  /**
   * Next due times, counted from `now` (not from the missed due time: no catch-up), at the device's intervals
   * (its groups' shortest overrides, else the defaults). A full poll (due, or the first one) also resets the status
   * interval. Returns whether this was a full poll.
   */
  private async advance(candidate: PollCandidate, now: Date, intervals: PollIntervals): Promise<boolean> {
    const { schedule, full } = nextDue(candidate, now, intervals);
    await this.schedules.save(schedule);
    return full;
  }

  /** Edges with URL and token; one whose token cannot be decrypted is marked failed and left out. */
  private async connectable(summary?: PollRunSummary): Promise<EdgeEndpoint[]> {
    const { usable, broken } = await this.edges.connectableEdges();
    for (const b of broken) {
      await this.edges.markFailed(b.id, b.error);
      summary?.failedEdges.push({ edgeId: b.id, error: b.error });
    }
    return usable;
  }

  private async markFailed(edge: Pick<EdgeConnection, 'id'>, error: unknown): Promise<void> {
    const message = messageOf(error);
    this.logger.warn(message);
    await this.edges.markFailed(edge.id, message).catch(() => undefined);
  }
}

/** What `advance` saves for a polled device, and whether it was a full poll. */
function nextDue(
  candidate: PollCandidate,
  now: Date,
  intervals: PollIntervals,
): { schedule: ScheduleUpdate; full: boolean } {
  const full = candidate.nextFullPollAt === null || candidate.nextFullPollAt <= now;
  const after = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  return {
    full,
    schedule: {
      deviceId: candidate.deviceId,
      nextStatusPollAt: after(intervals.statusIntervalSeconds),
      nextFullPollAt: full ? after(intervals.fullIntervalSeconds) : (candidate.nextFullPollAt ?? now),
      lastPolledAt: now,
      ...(full ? { lastFullPollAt: now } : {}),
    },
  };
}
