import type { DriverCapabilities, PrinterDriverFactory } from '../driver.interface';
import { genericDriverFactory } from '../generic/generic.driver';
import { STANDARD_SETTINGS_KEYS } from '../konica-snmp/mapping';
import { DelegatingDriver } from './delegating-driver';
import type { SettingsDriverContext } from './settings-context';
import { SnmpSetSettings } from './snmp-set-settings';

/** Any device the generic Printer-MIB driver reads, plus SNMP SET of MIB-II sysName/sysLocation/sysContact. */
export class StandardSettingsDriver extends DelegatingDriver {
  readonly id = genericDriverFactory.id;
  readonly family = genericDriverFactory.family;
  readonly capabilities: DriverCapabilities;

  constructor(context: SettingsDriverContext) {
    super(context);
    this.capabilities = context.settings
      ? { settings: new SnmpSetSettings(STANDARD_SETTINGS_KEYS, context.snmp, context.settings.writeSnmp) }
      : {};
  }
}

export const standardSettingsDriverFactory: PrinterDriverFactory = {
  id: genericDriverFactory.id,
  family: genericDriverFactory.family,
  canHandle: (identity) => genericDriverFactory.canHandle(identity),
  create: (context) => new StandardSettingsDriver(context),
};
