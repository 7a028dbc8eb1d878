import type { SnmpAuthProtocol, SnmpCredentials, SnmpPrivProtocol } from '@fleetward/contracts';

export class CliUsageError extends Error {}

const AUTH: readonly SnmpAuthProtocol[] = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'];
const PRIV: readonly SnmpPrivProtocol[] = ['des', 'aes', 'aes256b', 'aes256r'];

export function intOption(value: string | undefined, name: string, def: number, min: number, max: number): number {
  if (value === undefined) return def;
  if (!/^\d+$/.test(value)) throw new CliUsageError(`--${name} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new CliUsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** SNMP credentials from CLI options (v1/v2c community or v3 user). */
export function credentialsFromArgs(v: Record<string, string | boolean | undefined>): SnmpCredentials {
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined);
  const version = str('snmp-version') ?? (str('user') ? '3' : '2c');
  if (version === '1' || version === '2c' || version === 'v1' || version === 'v2c') {
    return { version: version.replace('v', '') as '1' | '2c', community: str('community') ?? 'public' };
  }
  if (version !== '3' && version !== 'v3')
    throw new CliUsageError(`--snmp-version must be 1, 2c or 3, got "${version}"`);
  const user = str('user');
  if (!user) throw new CliUsageError('SNMPv3 needs --user');
  const authKey = str('auth-key');
  const privKey = str('priv-key');
  const authProtocol = (str('auth-protocol') ?? 'sha').toLowerCase().replace('-', '') as SnmpAuthProtocol;
  const privProtocol = (str('priv-protocol') ?? 'aes')
    .toLowerCase()
    .replace('-', '')
    .replace(/^aes128$/, 'aes') as SnmpPrivProtocol;
  if (!AUTH.includes(authProtocol)) throw new CliUsageError(`--auth-protocol must be one of ${AUTH.join(', ')}`);
  if (!PRIV.includes(privProtocol)) throw new CliUsageError(`--priv-protocol must be one of ${PRIV.join(', ')}`);
  if (privKey && !authKey) throw new CliUsageError('--priv-key needs --auth-key (authPriv)');
  const level = privKey ? 'authPriv' : authKey ? 'authNoPriv' : 'noAuthNoPriv';
  const context = str('context');
  return {
    version: '3',
    user,
    level,
    ...(authKey ? { authProtocol, authKey } : {}),
    ...(privKey ? { privProtocol, privKey } : {}),
    ...(context ? { context } : {}),
  };
}

/** Parses a targets file: one `host[:port]` a line; blank lines and # comments ignored. */
export function parseTargetsFile(text: string, defaultPort: number): { host: string; port: number }[] {
  const out: { host: string; port: number }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.replace(/#.*/, '').trim();
    if (!t) return;
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(t) ?? /^([^:\s]+)(?::(\d+))?$/.exec(t);
    if (!m) throw new CliUsageError(`targets file line ${i + 1}: expected host[:port], got "${t}"`);
    const port = m[2] === undefined ? defaultPort : Number(m[2]);
    if (port < 1 || port > 65535) throw new CliUsageError(`targets file line ${i + 1}: bad port ${m[2]}`);
    out.push({ host: m[1]!, port });
  });
  return out;
}

export const SNMP_OPTIONS = {
  'snmp-version': { type: 'string' },
  community: { type: 'string' },
  user: { type: 'string' },
  'auth-protocol': { type: 'string' },
  'auth-key': { type: 'string' },
  'priv-protocol': { type: 'string' },
  'priv-key': { type: 'string' },
  context: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  port: { type: 'string' },
  concurrency: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
