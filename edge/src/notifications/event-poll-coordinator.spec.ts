import type { DeviceEventDocument, DeviceTarget, PollResult } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { DeviceEventOutbox } from './device-event-outbox';
import { EventPollCoordinator, type SinglePoller } from './event-poll-coordinator';

const target = (host: string): DeviceTarget => ({ host, port: 161, snmp: { version: '2c', community: 'public' } });
const event = (detail: string): DeviceEventDocument => ({
  serial: 'SN1',
  address: '10.0.0.1',
  type: 'error',
  time: '2026-01-15T09:00:00.000Z',
  detail,
});

/** A poller whose polls finish only when the test says so. */
class FakePoller implements SinglePoller {
  readonly calls: string[] = [];
  private readonly finishers: ((r: PollResult) => void)[] = [];

  poll(t: DeviceTarget): Promise<PollResult> {
    this.calls.push(t.host);
    return new Promise((resolve) => this.finishers.push(resolve));
  }

  get waiting(): number {
    return this.finishers.length;
  }

  finishNext(ok = true): void {
    const finish = this.finishers.shift();
    if (!finish) throw new Error('no poll running');
    const host = this.calls[this.calls.length - 1 - this.finishers.length] ?? '?';
    finish(
      ok
        ? ({ ok: true, target: { host } } as unknown as PollResult)
        : {
            schemaVersion: 1,
            ok: false,
            target: { host, port: 161, snmpVersion: '2c' },
            polledAt: '2026-01-15T09:00:00.000Z',
            durationMs: 5,
            error: { code: 'timeout', message: 'no answer' },
          },
    );
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup() {
  const poller = new FakePoller();
  const outbox = new DeviceEventOutbox({ capacity: 100, epoch: 't' });
  let tick = 0;
  const now = () => new Date(Date.UTC(2026, 0, 15, 9, 0, tick++));
  return { poller, outbox, sut: new EventPollCoordinator({ poller, outbox, now }) };
}

describe('EventPollCoordinator', () => {
  it('polls at once and puts the event with its snapshot in the outbox', async () => {
    const { poller, outbox, sut } = setup();
    expect(sut.accept('10.0.0.1', event('jam'), target('10.0.0.1'))).toBe('polling');
    expect(poller.calls).toEqual(['10.0.0.1']);
    poller.finishNext();
    await sut.idle();
    const [item] = outbox.read(undefined, 10).items;
    expect(item).toMatchObject({
      cursor: 't-1',
      receivedAt: '2026-01-15T09:00:00.000Z',
      sender: '10.0.0.1',
      event: { detail: 'jam' },
      coalescedEvents: 0,
      result: { ok: true },
    });
  });

  it('coalesces events that arrive during a poll into one follow-up poll with the latest event', async () => {
    const { poller, outbox, sut } = setup();
    sut.accept('10.0.0.1', event('first'), target('10.0.0.1'));
    expect(sut.accept('10.0.0.1', event('second'), target('10.0.0.1'))).toBe('coalesced');
    expect(sut.accept('10.0.0.1', event('third'), target('10.0.0.1'))).toBe('coalesced');
    expect(sut.accept('10.0.0.1', event('fourth'), target('10.0.0.1'))).toBe('coalesced');
    expect(poller.calls).toHaveLength(1);
    poller.finishNext();
    await flush();
    expect(poller.calls).toHaveLength(2); // exactly one follow-up
    poller.finishNext(false);
    await sut.idle();
    expect(poller.calls).toHaveLength(2);
    const items = outbox.read(undefined, 10).items;
    expect(items.map((i) => [i.event.detail, i.coalescedEvents, i.result?.ok])).toEqual([
      ['first', 0, true],
      ['fourth', 2, false],
    ]);
    expect(sut.activePolls).toBe(0);
    // After the device is quiet again, the next event polls at once.
    expect(sut.accept('10.0.0.1', event('later'), target('10.0.0.1'))).toBe('polling');
    poller.finishNext();
    await sut.idle();
  });

  it('polls different devices independently', async () => {
    const { poller, sut } = setup();
    sut.accept('10.0.0.1', event('a'), target('10.0.0.1'));
    expect(sut.accept('10.0.0.2', event('b'), target('10.0.0.2'))).toBe('polling');
    expect(poller.waiting).toBe(2);
    expect(sut.activePolls).toBe(2);
    poller.finishNext();
    poller.finishNext();
    await sut.idle();
  });

  it('records an event without a poll when there is no target (allow-listed sender)', () => {
    const { poller, outbox, sut } = setup();
    expect(sut.accept('192.0.2.9', event('x'), undefined)).toBe('recorded');
    expect(poller.calls).toEqual([]);
    expect(outbox.read(undefined, 10).items[0]).toMatchObject({ sender: '192.0.2.9', result: null });
  });

  it('turns a poller that throws into a failed poll instead of losing the event', async () => {
    const outbox = new DeviceEventOutbox({ capacity: 5, epoch: 'x' });
    const sut = new EventPollCoordinator({
      poller: { poll: () => Promise.reject(new Error('boom')) },
      outbox,
      now: () => new Date('2026-01-15T09:00:00.000Z'),
    });
    sut.accept('10.0.0.1', event('x'), target('10.0.0.1'));
    await sut.idle();
    expect(outbox.read(undefined, 5).items[0]?.result).toMatchObject({
      ok: false,
      error: { code: 'error', message: 'boom' },
    });
  });
});
