import type { DeviceEventDocument } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../common/edge-error';
import { DeviceEventOutbox } from './device-event-outbox';

const event: DeviceEventDocument = {
  serial: 'SN1',
  address: '10.0.0.1',
  type: 'error',
  time: '2026-01-15T09:00:00.000Z',
  detail: null,
};
const item = (n: number) => ({
  receivedAt: `2026-01-15T09:00:0${n}.000Z`,
  sender: '10.0.0.1',
  event,
  coalescedEvents: 0,
  result: null,
});

describe('DeviceEventOutbox', () => {
  it('reads after a cursor, pages with a limit, and keeps the cursor when nothing is new', () => {
    const outbox = new DeviceEventOutbox({ capacity: 10, epoch: 'run1' });
    expect(outbox.read(undefined, 10)).toEqual({ items: [], nextCursor: 'run1-0', missed: 0 });
    outbox.append(item(1));
    outbox.append(item(2));
    outbox.append(item(3));
    const first = outbox.read(undefined, 2);
    expect(first.items.map((i) => i.cursor)).toEqual(['run1-1', 'run1-2']);
    expect(first.nextCursor).toBe('run1-2');
    const second = outbox.read(first.nextCursor, 2);
    expect(second.items.map((i) => i.receivedAt)).toEqual(['2026-01-15T09:00:03.000Z']);
    expect(outbox.read(second.nextCursor, 2)).toEqual({ items: [], nextCursor: 'run1-3', missed: 0 });
  });

  it('is bounded and reports what a slow reader missed', () => {
    const outbox = new DeviceEventOutbox({ capacity: 2, epoch: 'e' });
    for (let n = 1; n <= 5; n++) outbox.append(item(n));
    expect(outbox.size).toBe(2);
    const r = outbox.read('e-1', 10);
    expect(r.items.map((i) => i.cursor)).toEqual(['e-4', 'e-5']);
    expect(r.missed).toBe(2);
  });

  it('starts over for a cursor of an earlier run, and refuses garbage or future cursors', () => {
    const outbox = new DeviceEventOutbox({ capacity: 5, epoch: 'now' });
    outbox.append(item(1));
    expect(outbox.read('before-99', 10).items).toHaveLength(1);
    expect(() => outbox.read('nonsense', 10)).toThrow(InvalidRequestError);
    expect(() => outbox.read('now-7', 10)).toThrow('ahead of the newest');
  });

  it('long-polls: a waiting reader is woken by the next item', async () => {
    const outbox = new DeviceEventOutbox({ capacity: 5, epoch: 'w' });
    const waiting = outbox.wait(undefined, 10, 25_000);
    outbox.append(item(1));
    const r = await waiting;
    expect(r.items.map((i) => i.cursor)).toEqual(['w-1']);
  });

  it('long-polls: close() releases waiting readers with an empty page', async () => {
    const outbox = new DeviceEventOutbox({ capacity: 5, epoch: 'c' });
    const waiting = outbox.wait(undefined, 10, 25_000);
    outbox.close();
    expect(await waiting).toEqual({ items: [], nextCursor: 'c-0', missed: 0 });
  });
});
