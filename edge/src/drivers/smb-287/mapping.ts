import type { SettingKey } from '@fleetward/contracts';
import type { FamilyDriverMatch } from '../driver.interface';

/**
 * bizhub 287 family (SPEC §2: "over SMB (287, Cxx4e)"): settings as an AES-encrypted JSON file the edge writes to
 * the device's SMB share. The vendor's own file format is not public: the file is Fleetward's documented contract
 * (libs/contracts/src/settings/settings-file.ts); this list is what the simulated family takes in it — an older
 * model: no TLS settings, no SNMPv3, no destinations in its address book.
 */
export const SMB_287_SYS_OBJECT_ID_PREFIX = '1.3.6.1.4.1.18334.1.1.1.2.1.133.';
export const SMB_287_MODEL = /\bbizhub (227|287|367)\b|\bC\d{2}4e\b/i;

/** How the registry recognises a bizhub 287-family device (by sysObjectID, or a Konica model name). */
export const smb287Match: FamilyDriverMatch = {
  id: 'smb-287-share',
  family: 'smb-287',
  canHandle: (identity) => {
    if (identity.sysObjectId?.startsWith(SMB_287_SYS_OBJECT_ID_PREFIX)) {
      return `bizhub 287 family (sysObjectID ${identity.sysObjectId}): settings file on the device's SMB share`;
    }
    if (identity.enterprise === 18334 && identity.model && SMB_287_MODEL.test(identity.model)) {
      return `bizhub 287 family (model ${identity.model}): settings file on the device's SMB share`;
    }
    return null;
  },
};

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
