import type { HistorySettings } from '@fleetward/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { SettingsService } from '../settings/settings.service';
import { daysBefore, rowsToDropForDownsampling } from './downsampling';
import { HISTORY_SETTINGS_KEY, parseHistorySettings } from './history-settings';
import { HistoryRepository } from './history.repository';

/** Settings document remembering up to where each series was downsampled (so a run only reads new days). */
export const HISTORY_MAINTENANCE_STATE_KEY = 'history.maintenance';
const DAY_MS = 86_400_000;

interface MaintenanceState {
  countersDownsampledBefore?: string;
  suppliesDownsampledBefore?: string;
}

export interface HistoryMaintenanceReport {
  settings: HistorySettings;
  deleted: { status: number; counters: number; supplies: number };
  downsampled: { counters: number; supplies: number };
}

function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/**
 * Retention and downsampling of device history; the scheduler calls `run()` (daily is enough).
 * Deletes rows older than each series' retention, then thins counter and supply readings older than
 * `downsampleAfterDays` to the last reading per device (per supply) per UTC day. Status history holds
 * only transitions and is not thinned.
 */
@Injectable()
export class HistoryMaintenance {
  private readonly logger = new Logger(HistoryMaintenance.name);

  constructor(
    private readonly history: HistoryRepository,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  async getSettings(): Promise<HistorySettings> {
    return parseHistorySettings(await this.settings.getDocument(HISTORY_SETTINGS_KEY));
  }

  async putSettings(value: HistorySettings): Promise<HistorySettings> {
    const next = parseHistorySettings(value);
    await this.settings.putDocument(HISTORY_SETTINGS_KEY, next);
    return next;
  }

  async run(): Promise<HistoryMaintenanceReport> {
    const settings = await this.getSettings();
    const now = this.clock.now();
    const deleted = {
      status: await this.history.deleteOlderThan('status', daysBefore(now, settings.statusRetentionDays)),
      counters: await this.history.deleteOlderThan('counters', daysBefore(now, settings.counterRetentionDays)),
      supplies: await this.history.deleteOlderThan('supplies', daysBefore(now, settings.supplyRetentionDays)),
    };
    const cutoff = startOfUtcDay(daysBefore(now, settings.downsampleAfterDays));
    const state = ((await this.settings.getDocument(HISTORY_MAINTENANCE_STATE_KEY)) ?? {}) as MaintenanceState;
    const downsampled = {
      counters: await this.downsample('counters', cutoff, state.countersDownsampledBefore),
      supplies: await this.downsample('supplies', cutoff, state.suppliesDownsampledBefore),
    };
    const next: MaintenanceState = {
      countersDownsampledBefore: laterOf(state.countersDownsampledBefore, cutoff),
      suppliesDownsampledBefore: laterOf(state.suppliesDownsampledBefore, cutoff),
    };
    await this.settings.putDocument(HISTORY_MAINTENANCE_STATE_KEY, next);
    this.logger.log(
      `History maintenance: deleted ${deleted.status}/${deleted.counters}/${deleted.supplies} (status/counters/supplies), ` +
        `downsampled ${downsampled.counters}/${downsampled.supplies} (counters/supplies)`,
    );
    return { settings, deleted, downsampled };
  }

  private async downsample(
    table: 'counters' | 'supplies',
    cutoff: Date,
    doneBefore: string | undefined,
  ): Promise<number> {
    const start = doneBefore ? new Date(doneBefore) : await this.history.oldestBefore(table, cutoff);
    if (!start || Number.isNaN(start.getTime())) return 0;
    let dropped = 0;
    for (let day = startOfUtcDay(start); day < cutoff; day = new Date(day.getTime() + DAY_MS)) {
      const ids = rowsToDropForDownsampling(
        await this.history.rowsBetween(table, day, new Date(day.getTime() + DAY_MS)),
      );
      await this.history.deleteIds(table, ids);
      dropped += ids.length;
    }
    return dropped;
  }
}

function laterOf(previous: string | undefined, cutoff: Date): string {
  return previous && new Date(previous) > cutoff ? previous : cutoff.toISOString();
}
