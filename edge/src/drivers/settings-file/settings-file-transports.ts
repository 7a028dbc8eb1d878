import type { PrinterDriverFactory } from '@fleetward/contracts';
import type { EdgeConfig } from '../../config/env.schema';
import type { WebDavSettingsDrop } from '../../protocols/webdav';
import { createC3100iDriverFactory } from '../c3100i/c3100i.driver';
import { createSmb287DriverFactory } from '../smb-287/smb-287.driver';
import type { SettingsFileDriverContext } from './settings-file-driver';

/**
 * The edge's settings-file transports, shared by the drivers built per device: the WebDAV drop (started by startEdge
 * when FLEETWARD_EDGE_WEBDAV_PORT is set, else null) and the bounded waits. Provided by EdgeModule.
 */
export class SettingsFileTransports {
  webdav: WebDavSettingsDrop | null = null;

  constructor(readonly limits: EdgeConfig['settingsFiles']) {}

  /** The c3100i (WebDAV pull) and smb-287 (SMB share) factories, most specific first, for the driver registry. */
  driverFactories(): PrinterDriverFactory<SettingsFileDriverContext>[] {
    return [
      createC3100iDriverFactory({
        webdav: () => this.webdav,
        pullTimeoutMs: this.limits.pullTimeoutMs,
        resultTimeoutMs: this.limits.resultTimeoutMs,
      }),
      createSmb287DriverFactory({ resultTimeoutMs: this.limits.resultTimeoutMs }),
    ];
  }
}
