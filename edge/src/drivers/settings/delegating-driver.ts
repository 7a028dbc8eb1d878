import type { DriverCapabilities, PrinterDriver } from '../driver.interface';
import { GenericPrinterDriver } from '../generic/generic.driver';
import type { SettingsDriverContext } from './settings-context';

/**
 * Base of the family drivers that add settings to a family whose status, counters, supplies, trays and alerts
 * are standard: those readings delegate to the generic Printer-MIB driver (no copy of its logic).
 */
export abstract class DelegatingDriver implements PrinterDriver {
  abstract readonly id: string;
  abstract readonly family: string;
  abstract readonly capabilities: DriverCapabilities;
  protected readonly standard: GenericPrinterDriver;

  constructor(context: SettingsDriverContext) {
    this.standard = new GenericPrinterDriver(context);
  }

  readStatus(): ReturnType<PrinterDriver['readStatus']> {
    return this.standard.readStatus();
  }
  readCounters(): ReturnType<PrinterDriver['readCounters']> {
    return this.standard.readCounters();
  }
  readSupplies(): ReturnType<PrinterDriver['readSupplies']> {
    return this.standard.readSupplies();
  }
  readTrays(): ReturnType<PrinterDriver['readTrays']> {
    return this.standard.readTrays();
  }
  readAlerts(): ReturnType<PrinterDriver['readAlerts']> {
    return this.standard.readAlerts();
  }
}
