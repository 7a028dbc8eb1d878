import type { DriverCapabilities, PrinterDriverFactory } from '../driver.interface';
import { DelegatingDriver } from '../settings/delegating-driver';
import type { SettingsDriverContext } from '../settings/settings-context';
import { SnmpSetSettings } from '../settings/snmp-set-settings';
import { konicaSnmpMatch, snmpSettingsFamilyOf, type SnmpSettingsFamily } from './mapping';

/** Konica Minolta OEM 4000i and 4700P families: standard readings, settings over SNMP SET (./mapping.ts). */
export class KonicaSnmpDriver extends DelegatingDriver {
  readonly id = konicaSnmpMatch.id;
  readonly family: string;
  readonly capabilities: DriverCapabilities;

  constructor(context: SettingsDriverContext, spec: SnmpSettingsFamily) {
    super(context);
    this.family = spec.family;
    this.capabilities = context.settings
      ? { settings: new SnmpSetSettings(spec.keys, context.snmp, context.settings.writeSnmp) }
      : {};
  }
}

export const konicaSnmpDriverFactory: PrinterDriverFactory = {
  ...konicaSnmpMatch,
  create: (context) => {
    const spec = snmpSettingsFamilyOf(context.identity.sysObjectId);
    if (!spec) throw new Error('konica-snmp-set driver created for a device it does not handle');
    return new KonicaSnmpDriver(context, spec);
  },
};
