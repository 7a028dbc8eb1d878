import type { SupplyClass, SupplyState } from '@fleetward/contracts';

/**
 * RFC 3805 level semantics for prtMarkerSuppliesLevel / prtInputCurrentLevel:
 *   -1 other (no restriction), -2 unknown, -3 "some remaining" (at least one unit / some free space).
 * prtMarkerSuppliesMaxCapacity / prtInputMaxCapacity: -1 other (no restriction), -2 unknown; 0 is unusable.
 * For a receptacle (receptacleThatIsFilled, e.g. waste toner) the level is the free space left, so the
 * remaining percentage is the free space and "empty" means no space left (the box is full).
 */
export const LEVEL_OTHER = -1;
export const LEVEL_UNKNOWN = -2;
export const LEVEL_SOME_REMAINING = -3;

/** At or below this remaining percentage a supply is "low". */
export const LOW_PERCENT = 10;

export interface LevelReading {
  remainingPercent: number | null;
  state: SupplyState;
}

export function interpretLevel(level: number | null, max: number | null, _cls: SupplyClass = 'consumed'): LevelReading {
  if (level === null) return { remainingPercent: null, state: 'unknown' };
  if (level === LEVEL_SOME_REMAINING) return { remainingPercent: null, state: 'ok' };
  if (level < 0) return { remainingPercent: null, state: 'unknown' };
  if (level === 0) return { remainingPercent: max !== null && max > 0 ? 0 : null, state: 'empty' };
  if (max === null || max <= 0) {
    // A positive level with an unknown or unusable maximum: something is left, how much is unknown.
    return { remainingPercent: null, state: 'ok' };
  }
  const percent = Math.min(100, Math.round((level / max) * 100));
  return { remainingPercent: percent, state: level * 100 <= max * LOW_PERCENT ? 'low' : 'ok' };
}

/** A level value as data (null for the special values) — e.g. sheets in a tray. */
export function usableCount(value: number | null): number | null {
  return value !== null && value >= 0 ? value : null;
}
