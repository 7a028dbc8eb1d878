import type { DeviceState, PrinterErrorName, SupplyState } from '@fleetward/contracts';
import { type TranslationKey } from '../../core/i18n/en';

/** Translation key of an overall device state. */
export function deviceStateKey(state: DeviceState): TranslationKey {
  return `devices.state.${state}`;
}

/** Readable label of an RFC 3805 hrPrinterDetectedErrorState bit name. */
export function printerErrorKey(error: PrinterErrorName): TranslationKey {
  return `devices.error.${error}`;
}

export function supplyStateKey(state: SupplyState): TranslationKey {
  return `devices.supplyState.${state}`;
}

/** CSS class of a status chip: the colour follows the overall state. */
export function deviceStateClass(state: DeviceState): string {
  return `fw-state fw-state-${state}`;
}
