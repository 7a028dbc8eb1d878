import { spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import {
  privateSambaMissing,
  startPrivateSamba,
  type PrivateSamba,
} from '../simulator/src/settings-files/private-samba';

/**
 * A private Samba (Debian `smbd`) for integration tests: the simulated smb-287 device's share
 * (test/simulator/src/settings-files/private-samba.ts, which the demo uses too). It uses 127.25.0.1 (this engineer's
 * test range) when that address exists on `lo`, else 127.0.0.1 — on a free port either way, so parallel runs do not
 * collide. `signing: 'mandatory'` sets `server signing = mandatory` (a global setting in Samba, hence one smbd per
 * signing mode): every Node SMB client fails there and Fleetward falls back to `smbclient -m SMB3`.
 */
export type RunningSamba = PrivateSamba;

/** Null when Samba can run here, else why not (tests skip with that reason; CI installs the packages). */
export function sambaAvailable(): string | null {
  const missing = privateSambaMissing();
  if (missing) return missing;
  if (spawnSync('sh', ['-c', 'command -v smbclient']).status !== 0) {
    return 'smbclient (Debian package smbclient) not installed';
  }
  return null;
}

function loopbackAddress(): string {
  const preferred = '127.25.0.1';
  const configured = Object.values(networkInterfaces())
    .flat()
    .some((i) => i?.address === preferred);
  return configured ? preferred : '127.0.0.1';
}

export function startSamba(
  options: { signing?: 'auto' | 'mandatory'; share?: string; shares?: string[]; password?: string } = {},
): Promise<RunningSamba> {
  return startPrivateSamba({
    host: loopbackAddress(),
    shares: options.shares ?? [options.share ?? 'fleetward'],
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.signing !== undefined ? { signing: options.signing } : {}),
  });
}
