import type { SettingsTarget } from '@fleetward/contracts';
import { settingsFileNames } from '@fleetward/contracts';
import { parseSettingsFile, SettingsFileError } from '@fleetward/domain/settings-file';
import {
  connectSmbShare,
  parseSmbShare,
  SmbAuthError,
  SmbError,
  SmbUnreachableError,
  type SmbFileClient,
  type SmbShareOptions,
} from '../../protocols/smb';
import type { SettingsFileExchange } from '../settings-file/settings-file-session';
import {
  DeviceUnreachableError,
  SettingsAccessMissingError,
  SettingsResultTimeoutError,
  SettingsTransportError,
} from '../settings-file/settings-file.errors';

export interface SmbExchangeOptions {
  share: SmbShareOptions;
  /** Folder inside the share ('' = root). */
  folder: string;
  /** How long the device has to answer with its result file. */
  resultTimeoutMs: number;
  /** How often the result file is looked for (ms), default 500. */
  pollIntervalMs?: number;
  connect?: (options: SmbShareOptions) => Promise<SmbFileClient>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** The SMB options of a target (`access.smb`), or SettingsAccessMissingError. */
export function smbShareOf(target: SettingsTarget, timeoutMs?: number): { share: SmbShareOptions; folder: string } {
  const smb = target.access.smb;
  if (!smb) throw new SettingsAccessMissingError('the device SMB share (access.smb) is needed for this family');
  const parsed = parseSmbShare(smb.share);
  const folder = [parsed.path, (smb.path ?? '').replace(/\\/g, '/').replace(/^\/+|\/+$/g, '')]
    .filter((p) => p.length > 0)
    .join('/');
  return {
    share: {
      host: parsed.host,
      share: parsed.share,
      user: smb.user,
      password: smb.password,
      ...(smb.domain ? { domain: smb.domain } : {}),
      ...(smb.port ? { port: smb.port } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    },
    folder,
  };
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Writes the sealed JSON file to the device's share (to a temporary name, then renamed into place so the device never
 * reads half a file), waits (bounded) for the device's result file, then deletes both.
 */
export class SmbSettingsFileExchange implements SettingsFileExchange {
  readonly transport = 'smb';
  readonly variant = 'json';
  /** Which client did the last exchange (node-smb2, or the smbclient fallback). */
  lastVia: SmbFileClient['via'] | null = null;

  constructor(private readonly options: SmbExchangeOptions) {}

  async exchange(request: { operationId: string; file: Buffer }): Promise<Buffer> {
    const o = this.options;
    const names = settingsFileNames(request.operationId, 'json');
    const inFolder = (name: string) => (o.folder ? `${o.folder}/${name}` : name);
    const settingsPath = inFolder(names.settings);
    const resultPath = inFolder(names.result);
    const partPath = inFolder(`${names.settings}.part`);
    const sleep = o.sleep ?? sleepFor;
    const now = o.now ?? Date.now;
    let client: SmbFileClient;
    try {
      client = await (o.connect ?? connectSmbShare)(o.share);
    } catch (error) {
      throw mapSmbError(error, o.share);
    }
    this.lastVia = client.via;
    try {
      try {
        await writeVerified(client, partPath, request.file);
        await client.rename(partPath, settingsPath);
      } catch (error) {
        throw mapSmbError(error, o.share);
      }
      const deadline = now() + o.resultTimeoutMs;
      let partial: Buffer | null = null;
      for (;;) {
        const result = await client.readFile(resultPath).catch((error: unknown) => {
          throw mapSmbError(error, o.share);
        });
        // A device may write its result in place rather than renaming it in: a file that does not parse yet is
        // read again until the deadline (then handed on as it is, and reported as untrustworthy).
        if (result && complete(result)) return result;
        if (result) partial = result;
        if (now() >= deadline) {
          if (partial) return partial;
          throw new SettingsResultTimeoutError(
            `no result file from the device within ${o.resultTimeoutMs} ms; the settings file was withdrawn and the outcome is unknown`,
          );
        }
        await sleep(o.pollIntervalMs ?? 500);
      }
    } finally {
      for (const file of [settingsPath, resultPath, partPath]) await client.remove(file).catch(() => undefined);
      await client.close();
    }
  }
}

/**
 * Writes and reads the file back before it is renamed into place: node-smb2 1.3.5 now and then reads a freshly
 * written file as zeros of the right length (seen against Samba 4.17), so content is checked, not assumed — a
 * reread that differs is retried, and a file that never reads back right is written once more, then given up on.
 */
async function writeVerified(client: SmbFileClient, file: string, data: Buffer): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    await client.writeFile(file, data);
    for (let read = 0; read < 3; read++) {
      if ((await client.readFile(file))?.equals(data)) return;
    }
  }
  throw new SmbError('SMB_FAILED', `the settings file ${file} did not read back as written`);
}

function complete(result: Buffer): boolean {
  try {
    parseSettingsFile(result, 'json');
    return true;
  } catch (error) {
    if (error instanceof SettingsFileError && ['malformed', 'notUtf8'].includes(error.reason)) return false;
    return true;
  }
}

function mapSmbError(error: unknown, share: SmbShareOptions): Error {
  if (error instanceof SmbUnreachableError) return new DeviceUnreachableError(error.message, { cause: error });
  if (error instanceof SmbAuthError) {
    return new SettingsTransportError(`the device share \\\\${share.host}\\${share.share} refused the logon`, {
      cause: error,
    });
  }
  if (error instanceof SmbError) return new SettingsTransportError(error.message, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}
