import { DriverRegistry } from './driver-registry';
import type { PrinterDriverFactory } from './driver.interface';
import { iSeriesDriverFactory } from './i-series/i-series.driver';
import { konicaSnmpDriverFactory } from './konica-snmp/konica-snmp.driver';
import { standardSettingsDriverFactory } from './settings/standard-settings.driver';

/**
 * Every family driver of the edge, most specific first: the registry picks the first that handles a device.
 * One line registers a driver (the WebDAV and SMB family drivers go above the standard one).
 */
export const DRIVER_FACTORIES: readonly PrinterDriverFactory[] = [
  iSeriesDriverFactory,
  konicaSnmpDriverFactory,
  standardSettingsDriverFactory,
];

/**
 * The registry the settings endpoints use. `transportFamilies`: the families whose drivers need the edge's running
 * transports (c3100i over the WebDAV drop, smb-287 over SMB: SettingsFileTransports.driverFactories()), checked first.
 */
export function familyDriverRegistry(transportFamilies: readonly PrinterDriverFactory[] = []): DriverRegistry {
  return new DriverRegistry([...transportFamilies, ...DRIVER_FACTORIES]);
}
