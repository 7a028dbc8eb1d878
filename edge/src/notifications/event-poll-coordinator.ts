import {
  SNAPSHOT_SCHEMA_VERSION,
  type DeviceEventDocument,
  type DeviceTarget,
  type PollResult,
} from '@fleetward/contracts';
import { Logger } from '@nestjs/common';
import type { DeviceEventOutbox } from './device-event-outbox';

/** What the coordinator needs from DevicePoller. */
export interface SinglePoller {
  poll(target: DeviceTarget): Promise<PollResult>;
}

export interface EventPollCoordinatorOptions {
  poller: SinglePoller;
  outbox: DeviceEventOutbox;
  /** Injectable clock for receivedAt. */
  now?: () => Date;
}

export type AcceptOutcome = 'polling' | 'coalesced' | 'recorded';

interface Pending {
  target: DeviceTarget;
  sender: string;
  event: DeviceEventDocument;
  receivedAt: string;
  coalescedEvents: number;
}

/**
 * Turns accepted device events into immediate polls, at most one poll per device at a time: events that arrive
 * while that device is being polled coalesce into one follow-up poll. Every poll result goes to the outbox.
 */
export class EventPollCoordinator {
  private readonly logger = new Logger('DeviceEvents');
  /** Devices being polled, with the follow-up waiting for them (null = none). */
  private readonly running = new Map<string, { next: Pending | null }>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly poller: SinglePoller;
  private readonly outbox: DeviceEventOutbox;
  private readonly now: () => Date;

  constructor(options: EventPollCoordinatorOptions) {
    this.poller = options.poller;
    this.outbox = options.outbox;
    this.now = options.now ?? (() => new Date());
  }

  /** Devices with a poll running now. */
  get activePolls(): number {
    return this.running.size;
  }

  /**
   * An event from `sender`: polls `target` now, or folds the event into the follow-up when a poll of that device
   * is running. Without a target (sender allowed by CIDR only) the event is recorded with no poll.
   */
  accept(sender: string, event: DeviceEventDocument, target: DeviceTarget | undefined): AcceptOutcome {
    const receivedAt = this.now().toISOString();
    if (!target) {
      this.outbox.append({ receivedAt, sender, event, coalescedEvents: 0, result: null });
      return 'recorded';
    }
    const key = `${target.host}:${target.port ?? 161}`;
    const pending: Pending = { target, sender, event, receivedAt, coalescedEvents: 0 };
    const state = this.running.get(key);
    if (state) {
      state.next = state.next
        ? { ...pending, coalescedEvents: state.next.coalescedEvents + 1 }
        : { ...pending, coalescedEvents: 0 };
      return 'coalesced';
    }
    const fresh = { next: null };
    this.running.set(key, fresh);
    const run = this.run(key, fresh, pending).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return 'polling';
  }

  /** Resolves when no poll is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async run(key: string, state: { next: Pending | null }, first: Pending): Promise<void> {
    let job: Pending | null = first;
    try {
      while (job) {
        const result = await this.pollSafely(job.target);
        this.outbox.append({
          receivedAt: job.receivedAt,
          sender: job.sender,
          event: job.event,
          coalescedEvents: job.coalescedEvents,
          result,
        });
        this.logger.log(
          `event ${job.event.type} from ${job.sender}: poll ${result.ok ? 'ok' : `failed (${result.error.code})`}` +
            (job.coalescedEvents > 0 ? `, ${job.coalescedEvents} more event(s) coalesced` : ''),
        );
        job = state.next;
        state.next = null;
      }
    } finally {
      this.running.delete(key);
    }
  }

  private async pollSafely(target: DeviceTarget): Promise<PollResult> {
    const polledAt = this.now().toISOString();
    try {
      return await this.poller.poll(target);
    } catch (error) {
      // DevicePoller reports failures as data; this is a last guard so an event never vanishes.
      return {
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
        ok: false,
        target: {
          host: target.host,
          port: target.port ?? 161,
          snmpVersion: target.snmp.version,
        },
        polledAt,
        durationMs: 0,
        error: { code: 'error', message: error instanceof Error ? error.message : String(error) },
      };
    }
  }
}
