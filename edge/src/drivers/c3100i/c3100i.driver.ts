import type { PrinterDriverFactory } from '@fleetward/contracts';
import type { WebDavSettingsDrop } from '../../protocols/webdav';
import { SettingsFileDriver, type SettingsFileDriverContext } from '../settings-file/settings-file-driver';
import { SettingsAccessMissingError } from '../settings-file/settings-file.errors';
import { C3100I_READABLE, C3100I_WRITABLE, c3100iMatch } from './mapping';
import { WebDavSettingsFileExchange } from './webdav-exchange';

export interface C3100iDriverDeps {
  /** The edge's WebDAV drop, or null when WebDAV is off (FLEETWARD_EDGE_WEBDAV_PORT=0). */
  webdav: () => Pick<WebDavSettingsDrop, 'publish'> | null;
  pullTimeoutMs: number;
  resultTimeoutMs: number;
  /** Lower scrypt cost (tests only). */
  kdf?: { N?: number };
}

/** bizhub C3100i: standard MIBs for monitoring, settings as an encrypted XML file the device pulls over WebDAV. */
export function createC3100iDriverFactory(deps: C3100iDriverDeps): PrinterDriverFactory<SettingsFileDriverContext> {
  return {
    ...c3100iMatch,
    create: (context) =>
      new SettingsFileDriver(context, {
        id: c3100iMatch.id,
        family: c3100iMatch.family,
        transport: 'webdav',
        writable: C3100I_WRITABLE,
        readable: C3100I_READABLE,
        ...(deps.kdf ? { kdf: deps.kdf } : {}),
        available: () => deps.webdav() !== null,
        exchange: () => {
          const drop = deps.webdav();
          if (!drop) {
            throw new SettingsAccessMissingError(
              'WebDAV settings delivery is off on this edge (set FLEETWARD_EDGE_WEBDAV_PORT)',
            );
          }
          return new WebDavSettingsFileExchange({
            drop,
            pullTimeoutMs: deps.pullTimeoutMs,
            resultTimeoutMs: deps.resultTimeoutMs,
          });
        },
      }),
  };
}
