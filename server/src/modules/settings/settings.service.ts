import { DATE_FORMATS, type DisplaySettings } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { SettingsRepository } from './settings.repository';

export const DISPLAY_SETTINGS_KEY = 'display';
export const DEFAULT_DISPLAY_SETTINGS: DisplaySettings = { dateFormat: 'yyyy-MM-dd', timeFormat: 'HH:mm' };

function isDisplaySettings(value: unknown): value is DisplaySettings {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (DATE_FORMATS as readonly unknown[]).includes(v.dateFormat) &&
    (v.timeFormat === 'HH:mm' || v.timeFormat === 'h:mm a')
  );
}

@Injectable()
export class SettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
  ) {}

  async getDisplay(): Promise<DisplaySettings> {
    const stored = await this.settings.get(DISPLAY_SETTINGS_KEY);
    // A stored document from an older version that no longer validates falls back to the defaults.
    return isDisplaySettings(stored)
      ? { dateFormat: stored.dateFormat, timeFormat: stored.timeFormat }
      : { ...DEFAULT_DISPLAY_SETTINGS };
  }

  async putDisplay(value: DisplaySettings): Promise<DisplaySettings> {
    const next: DisplaySettings = { dateFormat: value.dateFormat, timeFormat: value.timeFormat };
    await this.settings.put(DISPLAY_SETTINGS_KEY, next, this.clock.now());
    return next;
  }

  /** A JSON settings document of another module (it validates the value itself); undefined when never stored. */
  getDocument(key: string): Promise<unknown> {
    return this.settings.get(key);
  }

  async putDocument(key: string, value: unknown): Promise<void> {
    await this.settings.put(key, value, this.clock.now());
  }
}
