import { BenchUsageError } from '../bench.errors';
import { fleetProfile, printerValues, type DatasetValue, type PrinterProfile } from './printer-dataset';

/** SNMPv3 user every fleet device accepts (authPriv SHA/AES-128); bench-only secrets on loopback. */
export const BENCH_V3_USER = {
  user: 'fleetward',
  authProtocol: 'sha',
  authKey: 'fleetward-bench-auth',
  privProtocol: 'aes',
  privKey: 'fleetward-bench-priv',
} as const;
export const BENCH_COMMUNITY = 'public';

/**
 * snmpd MIB modules to start: the system group, the `override` handler and what SNMPv3/VACM need. Leaving out the
 * Host-Resources implementations keeps the machine's own CPUs, disks and processes out of the printer's tables.
 */
export const SNMPD_MODULES = [
  'system_mib',
  'override',
  'snmpEngine',
  'snmpMPDStats',
  'usmConf',
  'usmStats',
  'usmUser',
  'vacm_conf',
  'vacm_vars',
  'vacm_context',
];

/**
 * snmpd 5.9.3 keeps all `agentaddress` values in one string of about 2,560 characters: past that the list is cut
 * mid-token, and a cut token such as "udp:127" is bound as 0.0.0.0:127 (every interface) while the remaining
 * addresses silently go unserved. Plans stay well below it (125 addresses of "127.4.c.d:161" is about 2,250).
 */
export const MAX_AGENTADDRESS_CHARS = 2400;
export const DEFAULT_ADDRESSES_PER_PROCESS = 125;

export interface SnmpdProcessPlan {
  /** 1-based process number (also in the devices' serial number and sysName). */
  number: number;
  addresses: string[];
  profile: PrinterProfile;
}

/**
 * Consecutive loopback addresses from `base` (a.b.c.d), skipping host parts .0 and .255, staying inside a.b.0.0/16.
 */
export function fleetAddresses(base: string, count: number): string[] {
  const parts = base.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255) || parts[0] !== 127) {
    throw new BenchUsageError(`base address must be an IPv4 loopback address (127.x.y.z), got "${base}"`);
  }
  const [a, b] = parts as [number, number, number, number];
  let n = parts[2]! * 256 + parts[3]!;
  const out: string[] = [];
  while (out.length < count) {
    if (n > 0xffff) throw new BenchUsageError(`${count} devices do not fit in ${a}.${b}.0.0/16 from ${base}`);
    const c = n >> 8;
    const d = n & 0xff;
    if (d !== 0 && d !== 255) out.push(`${a}.${b}.${c}.${d}`);
    n++;
  }
  return out;
}

/** Splits the fleet into snmpd processes of at most `perProcess` addresses each. */
export function planSnmpdFleet(options: {
  devices: number;
  baseAddress: string;
  perProcess: number;
}): SnmpdProcessPlan[] {
  if (!Number.isInteger(options.perProcess) || options.perProcess < 1) {
    throw new BenchUsageError('addresses per snmpd process must be a positive integer');
  }
  const all = fleetAddresses(options.baseAddress, options.devices);
  const plans: SnmpdProcessPlan[] = [];
  for (let i = 0; i < all.length; i += options.perProcess) {
    const number = plans.length + 1;
    plans.push({ number, addresses: all.slice(i, i + options.perProcess), profile: fleetProfile(number) });
  }
  return plans;
}

function overrideValue(v: DatasetValue): string {
  if (typeof v.value === 'number') return String(v.value);
  if (typeof v.value === 'object') return `0x${v.value.hex}`;
  if (v.type === 'object_id') return `.${v.value}`;
  return JSON.stringify(v.value);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The text of one snmpd.conf serving `plan.addresses` on `port`. */
export function renderSnmpdConf(plan: SnmpdProcessPlan, port: number): string {
  const p = plan.profile;
  const agentAddresses = plan.addresses.map((a) => `${a}:${port}`);
  const joined = agentAddresses.join(',').length;
  if (joined > MAX_AGENTADDRESS_CHARS) {
    throw new BenchUsageError(
      `snmpd process ${plan.number}: ${plan.addresses.length} addresses make an agent address list of ${joined} characters ` +
        `(at most ${MAX_AGENTADDRESS_CHARS}); use fewer addresses per process`,
    );
  }
  const lines = [
    `# Fleetward bench: snmpd process ${plan.number}, ${plan.addresses.length} devices`,
    // Several agentaddress lines of 32 addresses each; snmpd joins them (see MAX_AGENTADDRESS_CHARS).
    ...chunk(agentAddresses, 32).map((group) => `agentaddress ${group.join(',')}`),
    `rocommunity ${BENCH_COMMUNITY} 127.0.0.0/8`,
    `createUser ${BENCH_V3_USER.user} SHA "${BENCH_V3_USER.authKey}" AES "${BENCH_V3_USER.privKey}"`,
    `rouser ${BENCH_V3_USER.user} priv`,
    'dontLogTCPWrappersConnects yes',
    // sys* directives take the rest of the line verbatim (quotes would be kept).
    `sysdescr ${p.sysDescr}`,
    `sysobjectid .${p.sysObjectId}`,
    `syscontact ${p.sysContact}`,
    `sysname ${p.sysName}`,
    `syslocation ${p.sysLocation}`,
    ...printerValues(p).map((v) => `override .${v.oid} ${v.type} ${overrideValue(v)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** snmpd arguments for one process (foreground, log to a file, private persistent dir). */
export function snmpdArgs(options: {
  confPath: string;
  persistentDir: string;
  pidPath: string;
  logPath: string;
}): string[] {
  return [
    '-f',
    '-C',
    '-c',
    options.confPath,
    `--persistentDir=${options.persistentDir}`,
    '-Lf',
    options.logPath,
    '-I',
    SNMPD_MODULES.join(','),
    '-p',
    options.pidPath,
  ];
}
