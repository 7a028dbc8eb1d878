import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { messageOf } from '../../common/errors/message-of';

/** Runs after a poll result was recorded (the monitoring module evaluates alerts here). */
export type PollIngestedListener = (deviceId: string, result: unknown) => Promise<void>;

/** One poll result of a batch (`DeviceInventoryService.ingestPolls`). */
export interface IngestedPoll {
  deviceId: string;
  result: unknown;
}

/** What a listener does for one chunk of a batch, around the chunk's transaction. */
export interface PollBatchSession {
  /** Inside the chunk's transaction, after the devices' rows and history were written; a failure fails the chunk. */
  write(em: EntityManager): Promise<void>;
  /** After the commit (notifications). */
  afterCommit(): Promise<void>;
  /** Always called last, committed or not (releases what `open` took, e.g. locks). */
  close(): void;
}

/**
 * The batched form of a listener: `open` is called before the chunk's transaction with the polls it records (each
 * device at most once) and returns the session that writes inside it.
 */
export type PollBatchListener = (polls: readonly IngestedPoll[]) => Promise<PollBatchSession>;

/**
 * The one place where other modules follow what `DeviceInventoryService.ingestPoll` / `ingestPolls` recorded,
 * without the devices module depending on them. A listener's failure is logged and never breaks ingest: after a
 * single poll it is logged; inside a batch's transaction it fails the chunk, which is then ingested one poll at a
 * time (where it is logged).
 */
@Injectable()
export class PollIngestHooks {
  private readonly logger = new Logger(PollIngestHooks.name);
  private readonly listeners: { name: string; listener: PollIngestedListener; batch?: PollBatchListener }[] = [];

  /** `batch`: the listener's work for a chunk of polls inside its transaction; without it `listener` runs per poll. */
  register(name: string, listener: PollIngestedListener, batch?: PollBatchListener): void {
    this.listeners.push({ name, listener, ...(batch ? { batch } : {}) });
  }

  async afterIngest(deviceId: string, result: unknown): Promise<void> {
    for (const { name, listener } of this.listeners) {
      try {
        await listener(deviceId, result);
      } catch (error) {
        this.logger.error(`${name} failed after the poll of device ${deviceId}: ${messageOf(error)}`);
      }
    }
  }

  /**
   * One chunk of a batch: opens every batched listener, runs `store` (the chunk's transaction), which calls
   * `writeListeners(em)` once inside it, then, after the commit, each session's `afterCommit` and the per-poll
   * listeners. Throws what `store` threw (nothing was committed then, and nothing ran after it).
   */
  async inBatch(
    polls: readonly IngestedPoll[],
    store: (writeListeners: (em: EntityManager) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const sessions: { name: string; session: PollBatchSession }[] = [];
    try {
      for (const { name, batch } of this.listeners) {
        if (batch) sessions.push({ name, session: await batch(polls) });
      }
      await store(async (em) => {
        for (const { session } of sessions) await session.write(em);
      });
      for (const { name, session } of sessions) {
        try {
          await session.afterCommit();
        } catch (error) {
          this.logger.error(`${name} failed after a batch of ${polls.length} polls: ${messageOf(error)}`);
        }
      }
    } finally {
      for (const { session } of sessions) session.close();
    }
    for (const { name, listener, batch } of this.listeners) {
      if (batch) continue;
      for (const { deviceId, result } of polls) {
        try {
          await listener(deviceId, result);
        } catch (error) {
          this.logger.error(`${name} failed after the poll of device ${deviceId}: ${messageOf(error)}`);
        }
      }
    }
  }
}
