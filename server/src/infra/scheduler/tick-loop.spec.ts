import { afterEach, describe, expect, it, vi } from 'vitest';
import { SerialRunner, TickLoop } from './tick-loop';

describe('TickLoop', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks after each pause, logs a failed tick and goes on, and ends for good on stop', async () => {
    vi.useFakeTimers();
    const errors: string[] = [];
    let ticks = 0;
    const sut = new TickLoop({
      everyMs: 1000,
      name: 'Test',
      logger: { error: (message: string) => void errors.push(message) },
      tick: () => {
        ticks++;
        return ticks === 2 ? Promise.reject(new Error('boom')) : Promise.resolve();
      },
    });
    sut.start();
    expect(ticks).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ticks).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ticks).toBe(2);
    expect(errors).toEqual(['Test tick failed: boom']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ticks).toBe(3);
    sut.stop();
    expect(sut.stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(ticks).toBe(3);
  });

  it('never runs with everyMs 0', async () => {
    vi.useFakeTimers();
    let ticks = 0;
    const sut = new TickLoop({
      everyMs: 0,
      name: 'Off',
      logger: { error: () => undefined },
      tick: () => Promise.resolve(void ticks++),
    });
    sut.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ticks).toBe(0);
  });
});

describe('SerialRunner', () => {
  it('runs one after the other, and a failure does not block the next', async () => {
    const sut = new SerialRunner();
    const order: string[] = [];
    let release!: () => void;
    const first = sut.run(
      () =>
        new Promise<void>((resolve) => {
          order.push('first started');
          release = () => {
            order.push('first done');
            resolve();
          };
        }),
    );
    const failing = sut.run(() => Promise.reject(new Error('no')));
    const third = sut.run(() => Promise.resolve(void order.push('third')));
    await Promise.resolve();
    expect(order).toEqual(['first started']);
    release();
    await first;
    await expect(failing).rejects.toThrow('no');
    await third;
    expect(order).toEqual(['first started', 'first done', 'third']);
  });
});
