import type { PrinterDriverFactory } from '@fleetward/contracts';
import type { SmbFileClient, SmbShareOptions } from '../../protocols/smb';
import { SettingsFileDriver, type SettingsFileDriverContext } from '../settings-file/settings-file-driver';
import { SMB_287_READABLE, SMB_287_WRITABLE, smb287Match } from './mapping';
import { SmbSettingsFileExchange, smbShareOf } from './smb-exchange';

export interface Smb287DriverDeps {
  resultTimeoutMs: number;
  pollIntervalMs?: number;
  /** SMB connect/request timeout (ms). */
  smbTimeoutMs?: number;
  /** Injected SMB connector (tests); default node-smb2 with the smbclient fallback. */
  connect?: (options: SmbShareOptions) => Promise<SmbFileClient>;
  kdf?: { N?: number };
}

/** bizhub 287 family: standard MIBs for monitoring, settings as an AES-encrypted JSON file on the device's share. */
export function createSmb287DriverFactory(deps: Smb287DriverDeps): PrinterDriverFactory<SettingsFileDriverContext> {
  return {
    ...smb287Match,
    create: (context) =>
      new SettingsFileDriver(context, {
        id: smb287Match.id,
        family: smb287Match.family,
        transport: 'smb',
        writable: SMB_287_WRITABLE,
        readable: SMB_287_READABLE,
        ...(deps.kdf ? { kdf: deps.kdf } : {}),
        exchange: (target) =>
          new SmbSettingsFileExchange({
            ...smbShareOf(target, deps.smbTimeoutMs),
            resultTimeoutMs: deps.resultTimeoutMs,
            ...(deps.pollIntervalMs ? { pollIntervalMs: deps.pollIntervalMs } : {}),
            ...(deps.connect ? { connect: deps.connect } : {}),
          }),
      }),
  };
}
