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

  /**
   * Takes the locks of several targets (in sorted order, so two callers holding several never wait on each other)
   * and returns the function that releases them all; `run` calls on those keys wait until then.
   */
  async holdAll(keys: readonly string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const key of [...new Set(keys)].sort()) {
      releases.push(
        await new Promise<() => void>((held) => {
          void this.run(key, () => new Promise<void>((release) => held(release)));
        }),
      );
    }
    return () => {
      for (const release of releases) release();
    };
  }
}
