import type { SettingKey } from '@fleetward/contracts';

/**
 * bizhub 287 family (SPEC §2: "over SMB (287, Cxx4e)"): settings as an AES-encrypted JSON file the edge writes to
 * the device's SMB share. The vendor's own file format is not public: the file is Fleetward's documented contract
 * (libs/contracts/src/settings/settings-file.ts); this list is what the simulated family takes in it — an older
 * model: no TLS settings, no SNMPv3, no destinations in its address book.
 */
export const SMB_287_SYS_OBJECT_ID_PREFIX = '1.3.6.1.4.1.18334.1.1.1.2.1.133.';
export const SMB_287_MODEL = /\bbizhub (227|287|367)\b|\bC\d{2}4e\b/i;

export const SMB_287_WRITABLE: readonly SettingKey[] = [
  'security.adminPassword',
  'identity.deviceName',
  'identity.location',
  'identity.contact',
  'time.timeZone',
  'time.daylightSaving',
  'time.ntp',
  'network.dns',
  'email.smtp',
  'power.sleepAfterMinutes',
  'addressBook.departments',
  'addressBook.users',
];

export const SMB_287_READABLE: readonly SettingKey[] = SMB_287_WRITABLE.filter((k) => k !== 'security.adminPassword');
