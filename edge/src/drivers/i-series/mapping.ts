import type { SnapshotIdentity } from '@fleetward/contracts';
import type { FamilyDriverMatch } from '../driver.interface';

/** bizhub i-series (C250i … C450i): sysObjectID arc 1.3.6.1.4.1.18334.1.1.1.2.1.181. */
export const I_SERIES_SYS_OBJECT_ID_PREFIX = '1.3.6.1.4.1.18334.1.1.1.2.1.181.';

/** How the registry recognises an i-series device (no protocol code: the poller loads this too). */
export const iSeriesMatch: FamilyDriverMatch = {
  id: 'i-series-xml-api',
  family: 'i-series',
  canHandle: (identity: SnapshotIdentity) =>
    (identity.sysObjectId ?? '').replace(/^\./, '').startsWith(I_SERIES_SYS_OBJECT_ID_PREFIX)
      ? `bizhub i-series (sysObjectID ${identity.sysObjectId}): settings through the vendor XML API`
      : null,
};
