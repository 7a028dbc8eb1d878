import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A private Net-SNMP snmpd for integration tests (loopback only). */
export interface SnmpdUser {
  name: string;
  auth?: { protocol: 'MD5' | 'SHA' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512'; key: string };
  priv?: { protocol: 'DES' | 'AES'; key: string };
}

export interface RunningSnmpd {
  address: string;
  port: number;
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
}): Promise<RunningSnmpd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fw-snmpd-'));
  const lines = [
    `[snmp] persistentDir ${dir}`,
    `rocommunity ${options.community} 127.0.0.0/8`,
    ...(options.rwCommunity ? [`rwcommunity ${options.rwCommunity} 127.0.0.0/8`] : []),
    `sysName ${options.sysName ?? 'fw-snmpd'}`,
    'sysDescr Fleetward test snmpd',
    'sysObjectID 1.3.6.1.4.1.8072.3.2.10',
  ];
  for (const u of options.users) {
    const auth = u.auth ? ` ${u.auth.protocol} "${u.auth.key}"` : '';
    const priv = u.priv ? ` ${u.priv.protocol} "${u.priv.key}"` : '';
    lines.push(`createUser ${u.name}${auth}${priv}`);
    lines.push(`rouser ${u.name} ${u.priv ? 'priv' : u.auth ? 'auth' : 'noauth'}`);
  }
  const conf = path.join(dir, 'snmpd.conf');
  writeFileSync(conf, `${lines.join('\n')}\n`);
  const child: ChildProcess = spawn(
    'snmpd',
    ['-f', '-Lo', '-C', '-c', conf, `udp:${options.address}:${options.port}`],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MIBS: '' },
    },
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) break;
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
    if (r.status === 0) return { address: options.address, port: options.port, stop };
  }
  await stop();
  throw new Error(
    `snmpd did not start on ${options.address}:${options.port}:\n${log
      .split('\n')
      .filter((l) => !l.startsWith('Cannot'))
      .join('\n')}`,
  );
}
