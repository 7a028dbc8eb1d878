import type { DeviceEventOutboxItem, DeviceEventsResponse } from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import { InvalidRequestError } from '../common/edge-error';

export interface DeviceEventOutboxOptions {
  /** Items kept; the oldest are dropped first (counted as `missed` for a reader that had not read them). */
  capacity: number;
  /** Run identifier in every cursor, so a cursor from an earlier run of the edge is recognised (default random). */
  epoch?: string;
}

type NewItem = Omit<DeviceEventOutboxItem, 'cursor'>;

interface Waiter {
  wake: () => void;
}

/**
 * Bounded, in-memory queue of accepted device events and their polls, read by the server with a cursor and an
 * optional long poll. Cursors are `<epoch>-<sequence>`.
 */
export class DeviceEventOutbox {
  private readonly items: { seq: number; item: DeviceEventOutboxItem }[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly capacity: number;
  readonly epoch: string;
  private lastSeq = 0;
  private closed = false;

  constructor(options: DeviceEventOutboxOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) {
      throw new InvalidRequestError('outbox capacity must be a positive integer');
    }
    this.capacity = options.capacity;
    this.epoch = options.epoch ?? randomBytes(4).toString('hex');
    if (!/^[a-z0-9]{1,16}$/.test(this.epoch)) throw new InvalidRequestError('outbox epoch must be [a-z0-9]{1,16}');
  }

  get size(): number {
    return this.items.length;
  }

  append(item: NewItem): DeviceEventOutboxItem {
    const seq = ++this.lastSeq;
    const stored: DeviceEventOutboxItem = { cursor: this.cursorOf(seq), ...item };
    this.items.push({ seq, item: stored });
    while (this.items.length > this.capacity) this.items.shift();
    for (const waiter of [...this.waiters]) waiter.wake();
    return stored;
  }

  /** Items after `after` (see DeviceEventsResponse), at most `limit`. Throws InvalidRequestError for a bad cursor. */
  read(after: string | undefined, limit: number): DeviceEventsResponse {
    const afterSeq = this.sequenceAfter(after);
    const firstRetained = this.items[0]?.seq ?? this.lastSeq + 1;
    const missed = Math.max(0, firstRetained - afterSeq - 1);
    const page = this.items.filter((e) => e.seq > afterSeq).slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((e) => e.item),
      nextCursor: this.cursorOf(last ? last.seq : Math.min(afterSeq, this.lastSeq)),
      missed: page.length > 0 ? missed : 0,
    };
  }

  /** Like read(), but when nothing is there yet waits up to `waitMs` for an item (or close()). */
  async wait(after: string | undefined, limit: number, waitMs: number): Promise<DeviceEventsResponse> {
    const first = this.read(after, limit);
    if (first.items.length > 0 || waitMs <= 0 || this.closed) return first;
    await new Promise<void>((resolve) => {
      const waiter: Waiter = {
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, waitMs);
      this.waiters.add(waiter);
    });
    return this.read(after, limit);
  }

  /** Releases every waiting reader (shutdown). */
  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.wake();
  }

  private cursorOf(seq: number): string {
    return `${this.epoch}-${seq}`;
  }

  /** The sequence to read after: 0 when absent or from another run; the cursor's sequence otherwise. */
  private sequenceAfter(after: string | undefined): number {
    if (after === undefined || after === '') return 0;
    const m = /^([a-z0-9]{1,16})-(\d{1,15})$/.exec(after);
    if (!m) throw new InvalidRequestError(`"after" is not a cursor returned by this edge: ${after.slice(0, 40)}`);
    if (m[1] !== this.epoch) return 0;
    const seq = Number(m[2]);
    if (seq > this.lastSeq) throw new InvalidRequestError('"after" is ahead of the newest event');
    return seq;
  }
}
