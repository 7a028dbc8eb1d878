import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * A private Samba (Debian `smbd`) serving the shares of simulated smb-287 devices — real devices each export their
 * own share; here one smbd on a loopback address serves one share per device. Everything lives in a temp dir
 * (smb.conf, passdb, state, the shared folders); `smbd --foreground --no-process-group -s smb.conf` is started here
 * and stopped by `stop()`, which also removes the dir. Samba binds only addresses configured on an interface
 * (127.0.0.1 always is) and only the given one (`bind interfaces only`), with NetBIOS off. The share's account is the
 * current Unix user (Samba maps its users to Unix accounts), added with `smbpasswd -a -s` into the private passdb
 * only. `signing: 'mandatory'` sets `server signing = mandatory` (a global Samba setting, so one smbd per mode).
 * Used by the integration tests (test/support/samba.ts) and by `npm run demo`.
 */
export interface PrivateSamba {
  host: string;
  port: number;
  /** The first share (`shares[0]`): name, local folder and `\\host\share`. */
  share: string;
  dir: string;
  unc: string;
  /** Every share, in the order asked. */
  shares: { name: string; dir: string; unc: string }[];
  user: string;
  password: string;
  stop(): Promise<void>;
}

export interface PrivateSambaOptions {
  /** A loopback address configured on an interface (default 127.0.0.1). */
  host?: string;
  /** TCP port (default 0: a free one). */
  port?: number;
  /** Share names (letters, digits, `_`, `-`; default one share `fleetward`). */
  shares?: readonly string[];
  password?: string;
  signing?: 'auto' | 'mandatory';
  /** `smbd` to run (default: /usr/sbin/smbd, else `smbd` on the PATH). */
  smbd?: string;
}

const SMBD_CANDIDATES = ['/usr/sbin/smbd', 'smbd'];

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command]).status === 0;
}

/** The `smbd` to run, or null when Samba is not installed. */
export function findSmbd(candidates: readonly string[] = SMBD_CANDIDATES): string | null {
  for (const candidate of candidates) {
    if (candidate.startsWith('/') ? existsSync(candidate) : onPath(candidate)) return candidate;
  }
  return null;
}

/** Null when a private Samba can run here (smbd and smbpasswd found), else why not. */
export function privateSambaMissing(smbd: string | null = findSmbd()): string | null {
  if (!smbd) return 'smbd (Debian package samba) not installed';
  if (!onPath('smbpasswd')) return 'smbpasswd (Debian package samba-common-bin) not installed';
  return null;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startPrivateSamba(options: PrivateSambaOptions = {}): Promise<PrivateSamba> {
  const smbd = options.smbd ?? findSmbd();
  if (!smbd) throw new Error('smbd is not installed');
  const names = options.shares ?? ['fleetward'];
  if (names.length === 0 || names.some((n) => !/^[A-Za-z0-9_-]{1,64}$/.test(n))) {
    throw new Error('share names must be 1 to 64 letters, digits, _ or -');
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const root = mkdtempSync(path.join(tmpdir(), 'fw-samba-'));
  const state = (name: string) => {
    const dir = path.join(root, 'state', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const shares = names.map((name) => {
    const shareDir = path.join(root, 'shares', name);
    mkdirSync(shareDir, { recursive: true });
    return { name, dir: shareDir, unc: `\\\\${host}\\${name}` };
  });
  const user = userInfo().username;
  const password = options.password ?? 'fleetward-smb-test';
  const conf = path.join(root, 'smb.conf');
  writeFileSync(
    conf,
    [
      '[global]',
      `  interfaces = ${host}`,
      '  bind interfaces only = yes',
      '  disable netbios = yes',
      `  smb ports = ${port}`,
      '  server role = standalone server',
      `  passdb backend = tdbsam:${path.join(root, 'state', 'passdb.tdb')}`,
      `  private dir = ${state('private')}`,
      `  lock directory = ${state('lock')}`,
      `  state directory = ${state('state')}`,
      `  cache directory = ${state('cache')}`,
      `  pid directory = ${state('pid')}`,
      `  ncalrpc dir = ${state('ncalrpc')}`,
      `  log file = ${path.join(state('log'), 'log.%m')}`,
      '  log level = 1',
      '  load printers = no',
      '  printing = bsd',
      '  printcap name = /dev/null',
      '  disable spoolss = yes',
      '  map to guest = never',
      `  server signing = ${options.signing ?? 'auto'}`,
      ...shares.flatMap((s) => [`[${s.name}]`, `  path = ${s.dir}`, '  read only = no', `  valid users = ${user}`]),
      '',
    ].join('\n'),
  );
  const added = spawnSync('smbpasswd', ['-c', conf, '-a', '-s', user], {
    input: `${password}\n${password}\n`,
    encoding: 'utf8',
  });
  if (added.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`smbpasswd failed: ${added.stderr || added.error?.message || `exit ${added.status}`}`);
  }
  const child: ChildProcess = spawn(smbd, ['--foreground', '--no-process-group', '--debug-stdout', '-s', conf], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  child.once('error', (e) => (log += `\n${e.message}`));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await canConnect(host, port)) {
      return {
        host,
        port,
        share: shares[0]!.name,
        unc: shares[0]!.unc,
        dir: shares[0]!.dir,
        shares,
        user,
        password,
        stop,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`smbd did not start on ${host}:${port}:\n${log}`);
}
