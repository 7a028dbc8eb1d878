import { Injectable, Logger } from '@nestjs/common';

/** Runs after a poll result was recorded (the monitoring module evaluates alerts here). */
export type PollIngestedListener = (deviceId: string, result: unknown) => Promise<void>;

/**
 * The one place where other modules follow what `DeviceInventoryService.ingestPoll` recorded, without the devices
 * module depending on them. A listener's failure is logged and never breaks ingest.
 */
@Injectable()
export class PollIngestHooks {
  private readonly logger = new Logger(PollIngestHooks.name);
  private readonly listeners: { name: string; listener: PollIngestedListener }[] = [];

  register(name: string, listener: PollIngestedListener): void {
    this.listeners.push({ name, listener });
  }

  async afterIngest(deviceId: string, result: unknown): Promise<void> {
    for (const { name, listener } of this.listeners) {
      try {
        await listener(deviceId, result);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`${name} failed after the poll of device ${deviceId}: ${message}`);
      }
    }
  }
}
