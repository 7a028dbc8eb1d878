import type { SnapshotIdentity } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { FAMILY_IDS, FAMILY_PROFILES } from '../../../test/simulator/src/model/families';
import { familyDriverRegistry } from './drivers';
import { pollingDriverRegistry } from './polling-registry';
import { SettingsFileTransports } from './settings-file/settings-file-transports';

const identityOf = (over: Partial<SnapshotIdentity>): SnapshotIdentity => ({
  vendor: null,
  enterprise: null,
  model: null,
  serialNumber: null,
  firmware: null,
  sysObjectId: null,
  sysDescr: null,
  sysName: null,
  sysLocation: null,
  sysContact: null,
  uptimeSeconds: null,
  ...over,
});

const settingsRegistry = () =>
  familyDriverRegistry(
    new SettingsFileTransports({
      webdav: { port: 0, bindAddress: '127.0.0.1' },
      pullTimeoutMs: 1000,
      resultTimeoutMs: 1000,
    }).driverFactories(),
  );

describe('pollingDriverRegistry', () => {
  const models = FAMILY_IDS.flatMap((family) =>
    FAMILY_PROFILES[family].models.map((m) => ({
      family,
      identity: identityOf({
        vendor: FAMILY_PROFILES[family].vendor,
        enterprise: FAMILY_PROFILES[family].enterprise,
        model: m.name,
        sysObjectId: m.sysObjectId,
      }),
    })),
  );

  it.each(models)('chooses for a $family $identity.model what the settings endpoints choose', ({ identity }) => {
    expect(pollingDriverRegistry().choose(identity).choice).toEqual(settingsRegistry().choose(identity).choice);
  });

  it('reports the family drivers, the generic one for standards-only printers', () => {
    const ids = Object.fromEntries(
      models.map(({ family, identity }) => [family, pollingDriverRegistry().choose(identity).choice.id]),
    );
    expect(ids).toEqual({
      'i-series': 'i-series-xml-api',
      'oem-4000i': 'konica-snmp-set',
      c3100i: 'c3100i-webdav',
      p4700: 'konica-snmp-set',
      'smb-287': 'smb-287-share',
      generic: 'generic-printer-mib',
    });
    // A Konica model name without the family's sysObjectID (e.g. an OEM firmware) still finds its family.
    const byName = identityOf({ vendor: 'KONICA MINOLTA', enterprise: 18334, model: 'bizhub 367' });
    expect(pollingDriverRegistry().choose(byName).choice).toEqual(settingsRegistry().choose(byName).choice);
  });
});
