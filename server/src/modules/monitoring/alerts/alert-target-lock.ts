import { Injectable } from '@nestjs/common';

/**
 * Serialises work on one alert target (a device or an edge) inside this process: a poll's evaluation and a
 * person's acknowledge/resolve of the same device do not overwrite each other's changes. Across processes the
 * unique `open_key` index still keeps one open alert per condition.
 */
@Injectable()
export class AlertTargetLock {
  private readonly queues = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    this.queues.set(key, run);
    return run.finally(() => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    });
  }
}
