import type { SimulatedDevice } from '../simulator';
import { SmbShareSettingsReader } from './smb-share-reader';
import { WebDavSettingsPuller } from './webdav-settings-puller';

/**
 * Gives the simulated devices of the settings-file families their faces, on the same settings stores as their
 * other faces: every c3100i device pulls from the edge's WebDAV drop, every smb-287 device watches the folder behind
 * its share. Returns a stop function. (A helper rather than a simulator option: the edge URL and the shares exist
 * only once the edge and Samba run.)
 */
export interface SettingsFileFacesOptions {
  webdav?: { url: string; ca?: string; intervalMs?: number };
  /** The local folder behind each smb-287 device's share (null: that device has no share). */
  smbDir?: (device: SimulatedDevice) => string | null;
  smbIntervalMs?: number;
}

export function attachSettingsFileFaces(
  devices: readonly SimulatedDevice[],
  options: SettingsFileFacesOptions,
): { pullers: WebDavSettingsPuller[]; readers: SmbShareSettingsReader[]; stop(): Promise<void> } {
  const pullers: WebDavSettingsPuller[] = [];
  const readers: SmbShareSettingsReader[] = [];
  for (const device of devices) {
    const serial = device.state.identity.serialNumber;
    if (device.family === 'c3100i' && options.webdav) {
      pullers.push(
        new WebDavSettingsPuller({
          url: options.webdav.url,
          ...(options.webdav.ca ? { ca: options.webdav.ca } : {}),
          localAddress: device.address,
          store: device.settings,
          serial,
          ...(options.webdav.intervalMs ? { intervalMs: options.webdav.intervalMs } : {}),
        }),
      );
    }
    const dir = device.family === 'smb-287' ? options.smbDir?.(device) : null;
    if (dir) {
      readers.push(
        new SmbShareSettingsReader({
          dir,
          store: device.settings,
          address: device.address,
          serial,
          ...(options.smbIntervalMs ? { intervalMs: options.smbIntervalMs } : {}),
        }),
      );
    }
  }
  for (const face of [...pullers, ...readers]) face.start();
  return {
    pullers,
    readers,
    stop: async () => {
      await Promise.all([...pullers, ...readers].map((f) => f.stop()));
    },
  };
}
