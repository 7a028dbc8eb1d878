import { describe, expect, it } from 'vitest';
import { AlertTargetLock } from './alert-target-lock';

/** A promise the test settles by hand (no timers). */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('AlertTargetLock', () => {
  it('runs work on one key one after the other, other keys in parallel', async () => {
    const lock = new AlertTargetLock();
    const order: string[] = [];
    const first = deferred();
    const a1 = lock.run('device:1', async () => {
      order.push('a1 start');
      await first.promise;
      order.push('a1 end');
    });
    const a2 = lock.run('device:1', () => {
      order.push('a2');
      return Promise.resolve();
    });
    const b = lock.run('device:2', () => {
      order.push('b');
      return Promise.resolve();
    });
    await b;
    expect(order).toEqual(['a1 start', 'b']);
    first.resolve();
    await Promise.all([a1, a2]);
    expect(order).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('a failure reaches its caller only and does not block the next work', async () => {
    const lock = new AlertTargetLock();
    const failing = deferred();
    const p1 = lock.run('k', () => failing.promise);
    const p2 = lock.run('k', () => Promise.resolve('next'));
    failing.reject(new Error('boom'));
    await expect(p1).rejects.toThrow('boom');
    await expect(p2).resolves.toBe('next');
  });

  it('holdAll holds every key until released: work on those keys waits, other keys run', async () => {
    const lock = new AlertTargetLock();
    const order: string[] = [];
    const release = await lock.holdAll(['device:2', 'device:1', 'device:2']);
    const held = lock.run('device:1', () => Promise.resolve(void order.push('device:1')));
    await lock.run('device:3', () => Promise.resolve(void order.push('device:3')));
    expect(order).toEqual(['device:3']);
    release();
    await held;
    expect(order).toEqual(['device:3', 'device:1']);
  });

  it('holdAll waits for work already running on a key, and two holders of overlapping keys both get them', async () => {
    const lock = new AlertTargetLock();
    const running = deferred();
    const busy = lock.run('b', () => running.promise);
    let first: (() => void) | undefined;
    const firstHeld = lock.holdAll(['b', 'a']).then((r) => (first = r));
    const secondHeld = lock.holdAll(['a', 'b']);
    await lock.run('c', () => Promise.resolve());
    expect(first).toBeUndefined();
    running.resolve();
    await busy;
    await firstHeld;
    first!();
    (await secondHeld)();
    await expect(lock.run('a', () => Promise.resolve('free'))).resolves.toBe('free');
  });
});
