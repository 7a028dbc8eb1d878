import type { HistorySettings } from '@fleetward/contracts';
import { z } from 'zod';

export const HISTORY_SETTINGS_KEY = 'history';

export const DEFAULT_HISTORY_SETTINGS: HistorySettings = {
  counterRetentionDays: 400,
  supplyRetentionDays: 90,
  statusRetentionDays: 90,
  downsampleAfterDays: 30,
};

const days = z.number().int().min(1).max(3650);

export const historySettingsSchema = z.object({
  counterRetentionDays: days,
  supplyRetentionDays: days,
  statusRetentionDays: days,
  downsampleAfterDays: days,
});

/** A stored document that no longer validates (older version, hand edit) falls back to the defaults. */
export function parseHistorySettings(stored: unknown): HistorySettings {
  const parsed = historySettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : { ...DEFAULT_HISTORY_SETTINGS };
}
