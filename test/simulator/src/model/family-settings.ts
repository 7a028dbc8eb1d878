import type { SettingKey, SettingValue, SettingValues } from '@fleetward/contracts';
import { DeviceSettingsStore } from './device-settings';
import type { FamilyId } from './families';
import { snmpAccessSettings, type EffectiveSnmpAccess } from './snmp-access';

/** Every simulated device's administrator password unless the simulator is given another. */
export const DEFAULT_ADMIN_PASSWORD = 'fleetward-admin';

const IDENTITY: readonly SettingKey[] = ['identity.deviceName', 'identity.location', 'identity.contact'];
const TIME: readonly SettingKey[] = ['time.timeZone', 'time.daylightSaving', 'time.ntp'];
const POWER: readonly SettingKey[] = ['power.sleepAfterMinutes', 'power.lowPowerAfterMinutes'];
const ADDRESS_BOOK: readonly SettingKey[] = [
  'addressBook.departments',
  'addressBook.users',
  'addressBook.destinations',
];

/**
 * Which catalogue keys each family's device has at all, and what its firmware refuses beyond the catalogue's
 * types (with the device's own words). Made up for the simulation, but in the spirit of real fleets: the
 * printers and OEM models have fewer settings than the big MFPs, older firmware lacks TLS 1.3, and so on.
 */
interface FamilySettingsSpec {
  supported: readonly SettingKey[];
  restrict?: (key: SettingKey, value: SettingValue) => string | null;
}

const FAMILY_SETTINGS: Readonly<Record<FamilyId, FamilySettingsSpec>> = {
  // The vendor XML API reaches nearly everything, service settings included (with the CE password).
  'i-series': {
    supported: [
      'security.adminPassword',
      ...IDENTITY,
      'snmp.v1v2cEnabled',
      'snmp.readCommunity',
      'snmp.writeCommunity',
      'snmp.v3Enabled',
      'snmp.v3Users',
      ...TIME,
      'network.dns',
      'email.smtp',
      ...POWER,
      'tls.minVersion',
      'tls.httpsOnly',
      ...ADDRESS_BOOK,
      'service.tonerLowThresholdPercent',
    ],
    restrict: (key, value) => {
      // The panel's zone table has no Antarctic or Etc/ zones.
      if (key === 'time.timeZone' && typeof value === 'string' && /^(Antarctica|Etc)\//.test(value))
        return `time zone ${value} is not in the device's zone table`;
      return null;
    },
  },
  // SNMP SET through the settings MIB of the Konica OEM models: scalars only, no address book.
  'oem-4000i': {
    supported: [
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
    restrict: (key, value) =>
      key === 'tls.minVersion' && value === 'TLSv1.3' ? 'TLS 1.3 is not supported by this firmware' : null,
  },
  c3100i: {
    supported: [
      'security.adminPassword',
      ...IDENTITY,
      ...TIME,
      'network.dns',
      'email.smtp',
      ...POWER,
      'tls.minVersion',
      'tls.httpsOnly',
      ...ADDRESS_BOOK,
    ],
  },
  p4700: {
    supported: ['security.adminPassword', ...IDENTITY, 'snmp.v1v2cEnabled', 'time.timeZone', ...POWER],
    restrict: (key, value) =>
      key === 'power.sleepAfterMinutes' && typeof value === 'number' && value > 120
        ? 'sleep timer is at most 120 minutes on this model'
        : null,
  },
  'smb-287': {
    supported: ['security.adminPassword', ...IDENTITY, ...TIME, 'email.smtp', ...POWER, ...ADDRESS_BOOK],
  },
  // A standards-only printer: MIB-II's sysName/sysLocation/sysContact, nothing else.
  generic: { supported: IDENTITY },
};

/** Families whose settings are written with SNMP SET (sysName/sysLocation/sysContact and the settings MIB). */
const SNMP_SET_FAMILIES: ReadonlySet<FamilyId> = new Set<FamilyId>(['oem-4000i', 'p4700', 'generic']);

export function hasSnmpSettings(family: FamilyId): boolean {
  return SNMP_SET_FAMILIES.has(family);
}

export interface DeviceSettingsSeed {
  family: FamilyId;
  number: number;
  adminPassword: string;
  sysName: string;
  sysLocation: string;
  sysContact: string;
  /** The SNMP credentials the device ships with: its snmp.* settings start from them. */
  snmp?: EffectiveSnmpAccess;
}

/** Builds a device's settings store: its family's keys, its restrictions, and factory-like starting values. */
export function createDeviceSettingsStore(seed: DeviceSettingsSeed): DeviceSettingsStore {
  const spec = FAMILY_SETTINGS[seed.family];
  const all: SettingValues = {
    'identity.deviceName': seed.sysName,
    'identity.location': seed.sysLocation,
    'identity.contact': seed.sysContact,
    'snmp.v1v2cEnabled': true,
    'snmp.readCommunity': 'public',
    'snmp.writeCommunity': 'private',
    'snmp.v3Enabled': true,
    'snmp.v3Users': [],
    'time.timeZone': 'Asia/Tokyo',
    'time.daylightSaving': { enabled: false, offsetMinutes: 60, start: 'M3.5.0/02:00', end: 'M10.5.0/03:00' },
    'time.ntp': { enabled: true, servers: ['ntp.example.com'], pollIntervalMinutes: 60 },
    'network.dns': { servers: ['192.0.2.53'], domain: 'example.com' },
    'email.smtp': {
      host: 'smtp.example.com',
      port: 25,
      security: 'starttls',
      fromAddress: `${seed.sysName}@example.com`,
    },
    'power.sleepAfterMinutes': 15,
    'power.lowPowerAfterMinutes': 5,
    'tls.minVersion': 'TLSv1.2',
    'tls.httpsOnly': false,
    'addressBook.departments': [],
    'addressBook.users': [],
    'addressBook.destinations': [],
    'service.tonerLowThresholdPercent': 10,
  };
  if (seed.snmp) {
    delete all['snmp.writeCommunity']; // only when the device has a read-write community
    Object.assign(all, snmpAccessSettings(seed.snmp));
  }
  const initial: SettingValues = {};
  for (const key of spec.supported) if (all[key] !== undefined) initial[key] = all[key];
  return new DeviceSettingsStore({
    supported: spec.supported,
    adminPassword: seed.adminPassword,
    initial,
    ...(spec.restrict ? { restrict: spec.restrict } : {}),
  });
}

/** The keys a family's device has (what its protocol faces serve). */
export function familySettingKeys(family: FamilyId): readonly SettingKey[] {
  return FAMILY_SETTINGS[family].supported;
}
