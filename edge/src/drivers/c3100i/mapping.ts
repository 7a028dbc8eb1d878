import type { SettingKey } from '@fleetward/contracts';
import type { FamilyDriverMatch } from '../driver.interface';

/**
 * bizhub C3100i family (SPEC §2: updated over RAW 9100; settings as an encrypted XML file it pulls from the edge
 * over WebDAV). The vendor's own settings-file format is not public: the file is Fleetward's documented contract
 * (libs/contracts/src/settings/settings-file.ts); this list is what the simulated family takes in it.
 */
export const C3100I_SYS_OBJECT_ID_PREFIX = '1.3.6.1.4.1.18334.1.1.1.2.1.117.';
export const C3100I_MODEL = /\bC3100i\b/i;

/** How the registry recognises a C3100i (by sysObjectID, or a Konica model name). */
export const c3100iMatch: FamilyDriverMatch = {
  id: 'c3100i-webdav',
  family: 'c3100i',
  canHandle: (identity) => {
    if (identity.sysObjectId?.startsWith(C3100I_SYS_OBJECT_ID_PREFIX)) {
      return `bizhub C3100i family (sysObjectID ${identity.sysObjectId}): settings by WebDAV pull`;
    }
    if (identity.enterprise === 18334 && identity.model && C3100I_MODEL.test(identity.model)) {
      return `bizhub C3100i family (model ${identity.model}): settings by WebDAV pull`;
    }
    return null;
  },
};

export const C3100I_WRITABLE: readonly SettingKey[] = [
  'security.adminPassword',
  'identity.deviceName',
  'identity.location',
  'identity.contact',
  'snmp.v1v2cEnabled',
  'snmp.readCommunity',
  'snmp.writeCommunity',
  'time.timeZone',
  'time.daylightSaving',
  'time.ntp',
  'network.dns',
  'email.smtp',
  'power.sleepAfterMinutes',
  'power.lowPowerAfterMinutes',
  'tls.minVersion',
  'tls.httpsOnly',
  'addressBook.departments',
  'addressBook.users',
  'addressBook.destinations',
];

/** Reported back in result files on request (secrets never are). */
export const C3100I_READABLE: readonly SettingKey[] = C3100I_WRITABLE.filter(
  (k) => !['security.adminPassword', 'snmp.readCommunity', 'snmp.writeCommunity'].includes(k),
);
