import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * A private Samba (Debian `smbd`) for integration tests: the simulated smb-287 device's share. Everything lives in a
 * temp dir (smb.conf, passdb, state, the shared folder); `smbd --foreground --no-process-group -s smb.conf` is
 * started and stopped by the test. Samba binds only addresses configured on an interface: it uses 127.25.0.1 (this
 * engineer's test range) when that address exists on `lo`, else 127.0.0.1 — on a free port either way, so parallel
 * runs do not collide. `signing: 'mandatory'` sets `server signing = mandatory` (a global setting in Samba, hence one
 * smbd per signing mode): every Node SMB client fails there and Fleetward falls back to `smbclient -m SMB3`.
 * The share's user is the current Unix user (Samba maps its users to Unix accounts), added with `smbpasswd -a -s`
 * into the private passdb only.
 */
export interface RunningSamba {
  host: string;
  port: number;
  share: string;
  /** `\\host\share` as a device would show it. */
  unc: string;
  /** The local folder behind the share. */
  dir: string;
  /** Every share (the first is `share` / `dir` / `unc`): one per simulated device, as real devices each have theirs. */
  shares: { name: string; dir: string; unc: string }[];
  user: string;
  password: string;
  stop(): Promise<void>;
}

const SMBD_CANDIDATES = ['/usr/sbin/smbd', 'smbd'];

function smbdPath(): string | null {
  for (const candidate of SMBD_CANDIDATES) {
    if (
      candidate.startsWith('/')
        ? existsSync(candidate)
        : spawnSync('sh', ['-c', `command -v ${candidate}`]).status === 0
    )
      return candidate;
  }
  return null;
}

/** Null when Samba can run here, else why not (tests skip with that reason; CI installs the packages). */
export function sambaAvailable(): string | null {
  if (!smbdPath()) return 'smbd (Debian package samba) not installed';
  if (spawnSync('sh', ['-c', 'command -v smbpasswd && command -v smbclient']).status !== 0) {
    return 'smbpasswd/smbclient (Debian packages samba, smbclient) not installed';
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

export async function startSamba(
  options: { signing?: 'auto' | 'mandatory'; share?: string; shares?: string[]; password?: string } = {},
): Promise<RunningSamba> {
  const smbd = smbdPath();
  if (!smbd) throw new Error('smbd is not installed');
  const root = mkdtempSync(path.join(tmpdir(), 'fw-samba-'));
  const state = (name: string) => {
    const dir = path.join(root, 'state', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const host = loopbackAddress();
  const port = await freePort(host);
  const names = options.shares ?? [options.share ?? 'fleetward'];
  if (names.length === 0 || names.some((n) => !/^[A-Za-z0-9_-]{1,64}$/.test(n))) {
    throw new Error('share names must be 1 to 64 letters, digits, _ or -');
  }
  const shares = names.map((name) => {
    const shareDir = path.join(root, 'shares', name);
    mkdirSync(shareDir, { recursive: true });
    return { name, dir: shareDir, unc: `\\\\${host}\\${name}` };
  });
  const share = shares[0]!.name;
  const dir = shares[0]!.dir;
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
    throw new Error(`smbpasswd failed: ${added.stderr}`);
  }
  const child: ChildProcess = spawn(smbd, ['--foreground', '--no-process-group', '--debug-stdout', '-s', conf], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    if (await canConnect(host, port)) {
      return { host, port, share, unc: shares[0]!.unc, dir, shares, user, password, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`smbd did not start on ${host}:${port}:\n${log}`);
}
