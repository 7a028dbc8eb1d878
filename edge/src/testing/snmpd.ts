import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A private Net-SNMP snmpd for integration tests (loopback only). */
export interface SnmpdUser {
  name: string;
  auth?: { protocol: 'MD5' | 'SHA' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512'; key: string };
  /** AES-256 extends the key as Blumenthal (net-snmp's aes256b), AES-256-C as Reeder (aes256r). */
  priv?: { protocol: 'DES' | 'AES' | 'AES-256' | 'AES-256-C'; key: string };
}

export interface RunningSnmpd {
  address: string;
  port: number;
  /**
   * Stops and starts snmpd again with its persistent state (snmpEngineBoots goes up by one, as after a reboot);
   * with `engineId` it comes back under another snmpEngineID; `forgetState` drops the persistent state first (a
   * reinstalled agent: boots start again, users are known under the new engine ID only).
   */
  restart(options?: { engineId?: string; forgetState?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export function snmpdAvailable(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v snmpd && command -v snmpget'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'snmpd/snmpget (Debian packages snmpd, snmp) not installed';
}

export async function startSnmpd(options: {
  address: string;
  port: number;
  community: string;
  /** A read-write community (SET tests). */
  rwCommunity?: string;
  users: SnmpdUser[];
  sysName?: string;
  /** A fixed snmpEngineID (hex, e.g. "0x80001f8880aabbccdd01"); default: snmpd makes one and keeps it. */
  engineId?: string;
}): Promise<RunningSnmpd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fw-snmpd-'));
  // Persistent state (engine ID, boots, localised user keys) lives apart from the configuration; -C reads only the
  // files given with -c, so the persistent file is listed there too.
  const persistDir = path.join(dir, 'persist');
  mkdirSync(persistDir);
  const persistFile = path.join(persistDir, 'snmpd.conf');
  writeFileSync(persistFile, '');
  const conf = path.join(dir, 'snmpd.conf');
  const writeConf = (engineId: string | undefined): void => {
    const lines = [
      `rocommunity ${options.community} 127.0.0.0/8`,
      ...(options.rwCommunity ? [`rwcommunity ${options.rwCommunity} 127.0.0.0/8`] : []),
      `sysName ${options.sysName ?? 'fw-snmpd'}`,
      'sysDescr Fleetward test snmpd',
      'sysObjectID 1.3.6.1.4.1.8072.3.2.10',
      ...(engineId ? [`exactEngineID ${engineId}`] : []),
    ];
    for (const u of options.users) {
      const auth = u.auth ? ` ${u.auth.protocol} "${u.auth.key}"` : '';
      const priv = u.priv ? ` ${u.priv.protocol} "${u.priv.key}"` : '';
      lines.push(`createUser ${u.name}${auth}${priv}`);
      lines.push(`rouser ${u.name} ${u.priv ? 'priv' : u.auth ? 'auth' : 'noauth'}`);
    }
    writeFileSync(conf, `${lines.join('\n')}\n`);
  };
  writeConf(options.engineId);

  let child: ChildProcess | null = null;
  let log = '';
  const stopChild = async (): Promise<void> => {
    const c = child;
    child = null;
    if (c && c.exitCode === null && c.pid) {
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      process.kill(-c.pid, 'SIGTERM');
      await exited;
    }
  };
  const stop = async (): Promise<void> => {
    await stopChild();
    rmSync(dir, { recursive: true, force: true });
  };
  const start = async (): Promise<void> => {
    log = '';
    const c = spawn(
      'snmpd',
      [
        '-f',
        '-Lo',
        '-C',
        '-c',
        `${conf},${persistFile}`,
        `--persistentDir=${persistDir}`,
        `udp:${options.address}:${options.port}`,
      ],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MIBS: '' },
      },
    );
    child = c;
    c.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    c.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    for (let i = 0; i < 50; i++) {
      if (c.exitCode !== null) break;
      const r = spawnSync(
        'snmpget',
        [
          '-On',
          '-r',
          '0',
          '-t',
          '0.3',
          '-v2c',
          '-c',
          options.community,
          `${options.address}:${options.port}`,
          '1.3.6.1.2.1.1.5.0',
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, MIBS: '' },
        },
      );
      if (r.status === 0) return;
    }
    const output = log;
    await stop();
    throw new Error(
      `snmpd did not start on ${options.address}:${options.port}:\n${output
        .split('\n')
        .filter((l) => !l.startsWith('Cannot'))
        .join('\n')}`,
    );
  };
  await start();
  return {
    address: options.address,
    port: options.port,
    stop,
    restart: async (change = {}) => {
      await stopChild();
      if (change.engineId) writeConf(change.engineId);
      if (change.forgetState) writeFileSync(persistFile, '');
      await start();
    },
  };
}
