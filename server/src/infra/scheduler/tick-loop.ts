import type { Logger } from '@nestjs/common';

export interface TickLoopOptions {
  /** Pause between the end of one tick and the start of the next (ms); 0 = the loop never runs. */
  everyMs: number;
  /** One tick's work; a failure is logged and the loop goes on. */
  tick: () => Promise<void>;
  logger: Pick<Logger, 'error'>;
  /** Names the loop in the log line of a failed tick, e.g. "Polling". */
  name: string;
}

/**
 * The background loop of the server's timed tasks (polling, deliveries, drift checks): a tick, then a pause, then the
 * next tick, never two at once; the timer does not keep the process alive; `stop()` ends it for good. Tests leave it
 * off (`everyMs` 0) and call the task's own method with an injected clock.
 */
export class TickLoop {
  private timer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(private readonly options: TickLoopOptions) {}

  /** True once stop() was called (long-running work started by a tick should end too). */
  get stopped(): boolean {
    return this.ended;
  }

  start(): void {
    if (this.options.everyMs > 0) this.schedule();
  }

  stop(): void {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.ended) return;
    this.timer = setTimeout(() => void this.run(), this.options.everyMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    try {
      await this.options.tick();
    } catch (error) {
      this.options.logger.error(
        `${this.options.name} tick failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.schedule();
    }
  }
}

/** Runs work one after the other: a second call waits for the first, and a failure does not block the next. */
export class SerialRunner {
  private running: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.running.then(work);
    this.running = next.catch(() => undefined);
    return next;
  }
}
