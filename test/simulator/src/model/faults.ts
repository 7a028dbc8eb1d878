import { UnknownFaultError } from '../simulator.errors';
import type { Colorant } from './families';

/**
 * Faults that can be injected into a device model (and cleared again):
 * - `jam`, `doorOpen`, `serviceRequested`, `offline`: flags of the device;
 * - `noPaper` (one tray empties), `tonerLow` / `tonerOut` (a colour), `wasteFull`: state changes of a supply or a
 *   tray; clearing them refills it as a person would;
 * - `sleep` (power save), `unreachable`, `slow`, `wrongCredentials`: how the protocol faces answer.
 */
export const FAULT_NAMES = [
  'jam',
  'doorOpen',
  'noPaper',
  'tonerLow',
  'tonerOut',
  'wasteFull',
  'serviceRequested',
  'offline',
  'sleep',
  'unreachable',
  'slow',
  'wrongCredentials',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export function isFaultName(value: string): value is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(value);
}

/** How a sleeping device answers: not at all (default) or after a delay, as some devices wake slowly. */
export type SleepAnswer = 'never' | 'slow';

export interface FaultOptions {
  /** `doorOpen`: prtCoverIndex of the cover to open (default: the first). */
  cover?: number;
  /** `noPaper`: prtInputIndex of the tray to empty (default: the first automatic tray). */
  tray?: number;
  /** `tonerLow` / `tonerOut`: the colour (default black). */
  color?: Colorant;
  /** `slow`: answer delay in ms (default 2000); `sleep` with `answer: 'slow'`: wake-up delay (default 3000). */
  delayMs?: number;
  /** `sleep`: answer never (default) or slowly. */
  answer?: SleepAnswer;
}

const COLORANTS: readonly Colorant[] = ['cyan', 'magenta', 'yellow', 'black'];

/** Validates options that arrive from outside the process (control API, CLI). */
export function parseFaultOptions(fault: FaultName, raw: unknown): FaultOptions {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new UnknownFaultError(fault, 'options must be an object');
  const input = raw as Record<string, unknown>;
  const options: FaultOptions = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'cover':
      case 'tray':
        if (!Number.isInteger(value) || (value as number) < 1) {
          throw new UnknownFaultError(fault, `${key} must be a positive integer`);
        }
        options[key] = value as number;
        break;
      case 'color':
        if (typeof value !== 'string' || !(COLORANTS as readonly string[]).includes(value)) {
          throw new UnknownFaultError(fault, `color must be one of ${COLORANTS.join(', ')}`);
        }
        options.color = value as Colorant;
        break;
      case 'delayMs':
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 600_000) {
          throw new UnknownFaultError(fault, 'delayMs must be an integer from 0 to 600000');
        }
        options.delayMs = value as number;
        break;
      case 'answer':
        if (value !== 'never' && value !== 'slow') throw new UnknownFaultError(fault, 'answer must be never or slow');
        options.answer = value;
        break;
      default:
        throw new UnknownFaultError(fault, `unknown option ${key}`);
    }
  }
  return options;
}
