import type { DeviceSettingsAccessRequest } from '@fleetward/contracts';
import { randomBytes } from 'node:crypto';
import {
  findSmbd,
  privateSambaMissing,
  SmbShareSettingsReader,
  startPrivateSamba,
  type SimulatedDevice,
} from '../../test/simulator/src/index';

/** Printed once at start-up when the demo cannot give the smb-287 devices their shares. */
export const SMB_MISSING_LINE = 'smb-287 devices have no settings access: install samba';

/** How often a simulated smb-287 device looks for a settings file in its share. */
const SCAN_INTERVAL_MS = 500;

export interface DemoSamba {
  host: string;
  port: number;
  /** The SMB settings access of one smb-287 device (its own share on the private Samba). */
  access(device: SimulatedDevice): NonNullable<DeviceSettingsAccessRequest['smb']>;
  stop(): Promise<void>;
}

export interface DemoSambaOptions {
  /** The simulated devices; those of the smb-287 family get a share each. */
  devices: readonly SimulatedDevice[];
  /** TCP port on 127.0.0.1 (0: any free port). */
  port: number;
  log: (line: string) => void;
  /** The `smbd` to run; null: Samba is not installed (default: found on this machine). */
  smbd?: string | null;
}

/** A share name per device address: `mfp-127-1-0-6`. */
export function shareNameOf(device: SimulatedDevice): string {
  return `mfp-${device.address.replace(/\./g, '-')}`;
}

/**
 * Gives the demo's smb-287 devices real settings access (docs/decisions/0012): a private smbd on 127.0.0.1 (state in
 * a temp dir, a random password for this run) with one share per device, each watched by that device's SMB face.
 * Null when there is no smb-287 device, or when Samba is missing or does not start — said once, in one line
 * starting with SMB_MISSING_LINE; those devices then have no SMB access and their deliveries and drift checks report
 * SETTINGS_ACCESS_MISSING.
 */
export async function startDemoSamba(options: DemoSambaOptions): Promise<DemoSamba | null> {
  const devices = options.devices.filter((d) => d.family === 'smb-287');
  if (devices.length === 0) return null;
  const smbd = options.smbd === undefined ? findSmbd() : options.smbd;
  const missing = privateSambaMissing(smbd);
  if (missing || !smbd) {
    options.log(`${SMB_MISSING_LINE} (${missing ?? 'smbd not found'})`);
    return null;
  }
  const names = new Map(devices.map((d) => [d.address, shareNameOf(d)]));
  let samba;
  try {
    samba = await startPrivateSamba({
      host: '127.0.0.1',
      port: options.port,
      shares: [...names.values()],
      password: randomBytes(18).toString('base64url'),
      smbd,
    });
  } catch (error) {
    options.log(`${SMB_MISSING_LINE} (Samba did not start: ${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
  const started = samba;
  const byName = new Map(started.shares.map((s) => [s.name, s]));
  const readers = devices.map(
    (device) =>
      new SmbShareSettingsReader({
        dir: byName.get(names.get(device.address)!)!.dir,
        store: device.settings,
        address: device.address,
        serial: device.state.identity.serialNumber,
        intervalMs: SCAN_INTERVAL_MS,
      }),
  );
  for (const reader of readers) reader.start();
  return {
    host: started.host,
    port: started.port,
    access: (device) => {
      const share = byName.get(names.get(device.address) ?? '');
      if (!share) throw new Error(`${device.address} is not an smb-287 device of this demo`);
      return { share: share.unc, user: started.user, password: started.password, port: started.port };
    },
    stop: async () => {
      await Promise.all(readers.map((r) => r.stop()));
      await started.stop();
    },
  };
}
