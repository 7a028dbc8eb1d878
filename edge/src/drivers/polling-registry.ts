import { c3100iMatch } from './c3100i/mapping';
import { DriverRegistry } from './driver-registry';
import type { DriverCapabilities, FamilyDriverMatch, PrinterDriverFactory } from './driver.interface';
import { genericDriverFactory } from './generic/generic.driver';
import { iSeriesMatch } from './i-series/mapping';
import { konicaSnmpMatch } from './konica-snmp/mapping';
import { DelegatingDriver } from './settings/delegating-driver';
import type { SettingsDriverContext } from './settings/settings-context';
import { smb287Match } from './smb-287/mapping';

/**
 * The family drivers in the order the settings endpoints' registry checks them (`familyDriverRegistry` in
 * drivers.ts: the settings-file families first, then i-series, the Konica SNMP SET families, and the generic
 * driver last). polling-registry.spec.ts checks that both registries choose the same driver for every family.
 */
export const FAMILY_DRIVER_MATCHES: readonly FamilyDriverMatch[] = [
  c3100iMatch,
  smb287Match,
  iSeriesMatch,
  konicaSnmpMatch,
];

/**
 * A family driver as the poller uses it: the family's id, and status, counters, supplies, trays and alerts read
 * through the generic Printer-MIB driver (every family here reads them the standard way). No settings: those go
 * through the settings endpoints, whose drivers need the transports this one does not load.
 */
class FamilyReadingDriver extends DelegatingDriver {
  readonly capabilities: DriverCapabilities = {};

  constructor(
    readonly id: string,
    readonly family: string,
    context: SettingsDriverContext,
  ) {
    super(context);
  }
}

function readingFactoryOf(match: FamilyDriverMatch): PrinterDriverFactory {
  return {
    id: match.id,
    family: match.family,
    canHandle: (identity) => match.canHandle(identity),
    create: (context) => new FamilyReadingDriver(match.id, match.family, context),
  };
}

/**
 * The registry of polling and identify: the driver the settings endpoints would choose for a device (so a poll
 * reports `i-series-xml-api`, `smb-287-share`, …), reading the device exactly as the generic driver does.
 */
export function pollingDriverRegistry(): DriverRegistry {
  return new DriverRegistry([...FAMILY_DRIVER_MATCHES.map(readingFactoryOf), genericDriverFactory]);
}
