import type { SettingKey } from '@fleetward/contracts';
import type { FamilyDriverMatch } from '../driver.interface';

/**
 * The Konica Minolta families whose settings are written with SNMP SET, told apart by their sysObjectID arc,
 * and the catalogue keys each one's firmware carries in MIB objects (the objects themselves, standard MIB-II
 * plus Fleetward's settings group standing in for the unpublished vendor MIB, are in
 * libs/contracts/src/settings/settings-mib.ts).
 */
export interface SnmpSettingsFamily {
  family: 'oem-4000i' | 'p4700';
  /** sysObjectID prefix (with the trailing dot). */
  sysObjectIdPrefix: string;
  keys: readonly SettingKey[];
}

const IDENTITY: readonly SettingKey[] = ['identity.deviceName', 'identity.location', 'identity.contact'];
const POWER: readonly SettingKey[] = ['power.sleepAfterMinutes', 'power.lowPowerAfterMinutes'];

export const SNMP_SETTINGS_FAMILIES: readonly SnmpSettingsFamily[] = [
  {
    family: 'oem-4000i',
    sysObjectIdPrefix: '1.3.6.1.4.1.18334.1.2.1.2.1.60.',
    keys: [
      'security.adminPassword',
      ...IDENTITY,
      'snmp.v1v2cEnabled',
      'snmp.v3Enabled',
      'time.timeZone',
      'time.daylightSaving',
      ...POWER,
      'tls.minVersion',
      'tls.httpsOnly',
    ],
  },
  {
    family: 'p4700',
    sysObjectIdPrefix: '1.3.6.1.4.1.18334.1.1.1.2.1.96.',
    keys: ['security.adminPassword', ...IDENTITY, 'snmp.v1v2cEnabled', 'time.timeZone', ...POWER],
  },
];

/** Standards-only devices: MIB-II's sysName/sysLocation/sysContact. */
export const STANDARD_SETTINGS_KEYS: readonly SettingKey[] = IDENTITY;

export function snmpSettingsFamilyOf(sysObjectId: string | null): SnmpSettingsFamily | null {
  const oid = (sysObjectId ?? '').replace(/^\./, '');
  return SNMP_SETTINGS_FAMILIES.find((f) => oid.startsWith(f.sysObjectIdPrefix)) ?? null;
}

/** How the registry recognises the Konica SNMP SET families (oem-4000i, p4700). */
export const konicaSnmpMatch: FamilyDriverMatch = {
  id: 'konica-snmp-set',
  family: 'konica-snmp',
  canHandle: (identity) => {
    const spec = snmpSettingsFamilyOf(identity.sysObjectId);
    return spec ? `Konica Minolta ${spec.family} (sysObjectID ${identity.sysObjectId}): settings over SNMP SET` : null;
  },
};
