import smb2 from 'node-smb2';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SmbAuthError, SmbError, SmbUnreachableError } from './smb.errors';

/**
 * A thin promise wrapper over one SMB share (STYLE "protocol wrappers"): write, read, rename and delete files.
 * Two transports behind one interface: `node-smb2` (SMB 2.0.2/2.1, NTLMv2 forced — the only Node client that
 * works against current Samba, see ../shared/STACK.md) and Debian's `smbclient -m SMB3` as the fallback for shares
 * that require signing (every Node client fails there) or where node-smb2 cannot negotiate. Credentials go to
 * smbclient in an authentication file (mode 0600, in a private temp dir, removed after the call), never on the
 * command line.
 */

export interface SmbShareOptions {
  host: string;
  /** TCP port, default 445. */
  port?: number;
  /** Share name (without host), e.g. `fleetward`. */
  share: string;
  domain?: string;
  user: string;
  password: string;
  /** Connect and per-request timeout (ms), default 10,000. */
  timeoutMs?: number;
}

/** Paths are relative to the share root, with `/` separators. */
export interface SmbFileClient {
  readonly via: 'node-smb2' | 'smbclient';
  writeFile(file: string, data: Buffer): Promise<void>;
  /** The file's content, or null when it does not exist. */
  readFile(file: string): Promise<Buffer | null>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; a missing file is not an error. */
  remove(file: string): Promise<void>;
  close(): Promise<void>;
}

/** Parses `\\host\share[\path]` or `//host/share[/path]` (the form devices show in their settings). */
export function parseSmbShare(unc: string): { host: string; share: string; path: string } {
  const m = /^(?:\\\\|\/\/)([^\\/]+)[\\/]([^\\/]+)((?:[\\/][^\\/]+)*)[\\/]?$/.exec(unc.trim());
  if (!m) throw new SmbError('SMB_SHARE_INVALID', `"${unc}" is not a share path like \\\\host\\share`);
  return { host: m[1]!, share: m[2]!, path: m[3]!.replace(/\\/g, '/').replace(/^\//, '') };
}

const NT_STATUS = {
  logonFailure: 0xc000006d,
  accessDenied: 0xc0000022,
  objectNameNotFound: 0xc0000034,
} as const;

/** node-smb2 rejects with its Response object (not an Error) for an NT status: turn it into a readable error. */
function ntStatusOf(error: unknown): number | null {
  const status = (error as { header?: { status?: unknown } } | null)?.header?.status;
  return typeof status === 'number' ? status : null;
}

function describe(error: unknown): string {
  const status = ntStatusOf(error);
  if (status !== null) return `NT status 0x${status.toString(16)}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * node-smb2 prints "Using NTLMv2 authentication" to stdout from inside its (synchronous) NTLM message encoder on
 * every logon. Silence exactly that call, once, instead of patching console around an await (which would swallow
 * other output of the edge).
 */
let ntlmQuieted = false;
function quietNtlm(): void {
  if (ntlmQuieted) return;
  ntlmQuieted = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const util = require('node-smb2/dist/protocol/ntlm/util') as Record<string, unknown>;
  const encode = util['encodeAuthenticationMessage'];
  if (typeof encode !== 'function') return;
  util['encodeAuthenticationMessage'] = (...args: unknown[]): unknown => {
    const log = console.log;
    console.log = () => undefined;
    try {
      return (encode as (...a: unknown[]) => unknown)(...args);
    } finally {
      console.log = log;
    }
  };
}

const winPath = (file: string): string => file.replace(/^\/+/, '').replace(/\//g, '\\');

/** Connects with node-smb2 (NTLMv2 forced). Throws SmbAuthError for a logon failure, SmbError otherwise. */
export async function connectNodeSmb2(options: SmbShareOptions): Promise<SmbFileClient> {
  const timeout = options.timeoutMs ?? 10_000;
  const client = new smb2.Client(options.host, {
    port: options.port ?? 445,
    connectTimeout: timeout,
    requestTimeout: timeout,
  });
  client.on('error', () => undefined);
  quietNtlm();
  try {
    const session = await client.authenticate({
      domain: options.domain ?? 'WORKGROUP',
      username: options.user,
      password: options.password,
      forceNtlmVersion: 'v2',
    });
    const tree = await session.connectTree(options.share);
    return {
      via: 'node-smb2',
      writeFile: async (file, data) => {
        if (await tree.exists(winPath(file))) await tree.removeFile(winPath(file));
        await tree.createFile(winPath(file), data);
      },
      readFile: async (file) => {
        if (!(await tree.exists(winPath(file)))) return null;
        return tree.readFile(winPath(file));
      },
      rename: async (from, to) => tree.renameFile(winPath(from), winPath(to)),
      remove: async (file) => {
        if (await tree.exists(winPath(file))) await tree.removeFile(winPath(file));
      },
      close: () => client.close().catch(() => undefined),
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    const status = ntStatusOf(error);
    if (status === NT_STATUS.logonFailure) {
      throw new SmbAuthError(`SMB logon to ${options.host} refused (wrong user or password)`, { cause: error });
    }
    if (error instanceof Error && /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|timeout/i.test(error.message)) {
      throw new SmbUnreachableError(`SMB server ${options.host} did not answer: ${error.message}`, { cause: error });
    }
    throw new SmbError(
      'SMB_FAILED',
      `node-smb2 could not open \\\\${options.host}\\${options.share}: ${describe(error)}`,
      {
        cause: error,
      },
    );
  }
}

export interface SmbclientOptions {
  /** The smbclient binary, default `smbclient` on PATH. */
  binary?: string;
}

/**
 * The smbclient fallback: one `smbclient //host/share -m SMB3 -A <authfile> -c "<command>"` per operation. The
 * command string holds only file names (checked to be plain names), never credentials.
 */
export async function connectSmbclient(
  options: SmbShareOptions,
  smbclient: SmbclientOptions = {},
): Promise<SmbFileClient> {
  for (const v of [options.user, options.password, options.domain ?? '']) {
    if (/[\r\n]/.test(v)) throw new SmbError('SMB_SHARE_INVALID', 'SMB credentials must not contain line breaks');
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'fleetward-smb-'));
  const authFile = path.join(dir, 'auth');
  const auth = [`username = ${options.user}`, `password = ${options.password}`];
  if (options.domain) auth.push(`domain = ${options.domain}`);
  await writeFile(authFile, `${auth.join('\n')}\n`, { mode: 0o600 });
  const timeout = options.timeoutMs ?? 10_000;
  const run = (command: string): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(
        smbclient.binary ?? 'smbclient',
        [
          `//${options.host}/${options.share}`,
          '-p',
          String(options.port ?? 445),
          '-m',
          'SMB3',
          '-A',
          authFile,
          '-t',
          String(Math.max(1, Math.ceil(timeout / 1000))),
          '-c',
          command,
        ],
        { timeout: timeout + 5_000, maxBuffer: 1024 * 1024 },
        (error, stdout, stderr) => {
          const output = `${stdout}\n${stderr}`;
          // smbclient exits 0 even when a -c command fails; its NT_STATUS line says so.
          const status = /NT_STATUS_[A-Z_]+/.exec(output)?.[0] ?? null;
          if (!error && status === null) {
            resolve(output);
            return;
          }
          if (status === 'NT_STATUS_LOGON_FAILURE') {
            reject(new SmbAuthError(`SMB logon to ${options.host} refused (wrong user or password)`));
          } else if (status && /CONNECTION_REFUSED|IO_TIMEOUT|HOST_UNREACHABLE|NETWORK_UNREACHABLE/.test(status)) {
            reject(new SmbUnreachableError(`SMB server ${options.host} did not answer (${status})`));
          } else {
            reject(
              new SmbError('SMB_FAILED', `smbclient failed: ${status ?? error?.message ?? 'unknown error'}`, {
                cause: status ?? error,
              }),
            );
          }
        },
      );
    });
  const quoted = (file: string): string => {
    if (!/^[\w./-]+$/.test(file)) throw new SmbError('SMB_SHARE_INVALID', `"${file}" is not a plain file name`);
    return `"${winPath(file)}"`;
  };
  const local = path.join(dir, 'transfer');
  // Check the connection and the credentials once, as node-smb2 does.
  try {
    await run('ls');
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    via: 'smbclient',
    writeFile: async (file, data) => {
      await writeFile(local, data, { mode: 0o600 });
      await run(`put "${local}" ${quoted(file)}`);
    },
    readFile: async (file) => {
      await rm(local, { force: true });
      try {
        await run(`get ${quoted(file)} "${local}"`);
      } catch (error) {
        if (error instanceof SmbError && /OBJECT_NAME_NOT_FOUND|NO_SUCH_FILE/.test(String(error.cause))) return null;
        throw error;
      }
      return readFile(local);
    },
    rename: async (from, to) => {
      await run(`rename ${quoted(from)} ${quoted(to)}`);
    },
    remove: async (file) => {
      try {
        await run(`del ${quoted(file)}`);
      } catch (error) {
        if (error instanceof SmbError && /OBJECT_NAME_NOT_FOUND|NO_SUCH_FILE/.test(String(error.cause))) return;
        throw error;
      }
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface SmbConnectors {
  nodeSmb2: (options: SmbShareOptions) => Promise<SmbFileClient>;
  smbclient: (options: SmbShareOptions) => Promise<SmbFileClient>;
}

const defaultConnectors: SmbConnectors = { nodeSmb2: connectNodeSmb2, smbclient: (o) => connectSmbclient(o) };

/**
 * Opens a share with node-smb2 and falls back to smbclient when node-smb2 cannot (signing required, dialect not
 * negotiated, …). A logon failure or an unreachable server is final: smbclient would fail the same way.
 */
export async function connectSmbShare(
  options: SmbShareOptions,
  connectors: SmbConnectors = defaultConnectors,
): Promise<SmbFileClient> {
  try {
    return await connectors.nodeSmb2(options);
  } catch (error) {
    if (error instanceof SmbAuthError || error instanceof SmbUnreachableError) throw error;
    return connectors.smbclient(options);
  }
}
