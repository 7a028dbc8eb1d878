import type { SettingKey, SettingValues } from '@fleetward/contracts';
import type { DeviceSettingsStore } from './device-settings';

export type SnmpAccess = 'read-only' | 'read-write';

export interface CommunityConfig {
  name: string;
  access: SnmpAccess;
}

export type V3Level = 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';
export type V3AuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type V3PrivProtocol = 'des' | 'aes' | 'aes256b' | 'aes256r';

export interface V3UserConfig {
  name: string;
  level: V3Level;
  authProtocol?: V3AuthProtocol;
  authKey?: string;
  privProtocol?: V3PrivProtocol;
  privKey?: string;
  access?: SnmpAccess;
}

/** Default read-only community of every simulated device. */
export const DEFAULT_COMMUNITY = 'public';

/** Default SNMPv3 user of every simulated device: authPriv, SHA + AES-128. */
export const DEFAULT_V3_USER: Readonly<Required<Omit<V3UserConfig, 'access'>>> = {
  name: 'fleetward',
  level: 'authPriv',
  authProtocol: 'sha',
  authKey: 'fleetward-auth-key',
  privProtocol: 'aes',
  privKey: 'fleetward-priv-key',
};

/** The SNMP credentials a device answers right now. */
export interface EffectiveSnmpAccess {
  communities: readonly CommunityConfig[];
  v3Users: readonly V3UserConfig[];
}

/** What a device answers when the simulator is given no credentials: `public` read-only and DEFAULT_V3_USER. */
export const DEFAULT_SNMP_ACCESS: EffectiveSnmpAccess = {
  communities: [{ name: DEFAULT_COMMUNITY, access: 'read-only' }],
  v3Users: [DEFAULT_V3_USER],
};

/** The catalogue keys that are the device's own SNMP access. */
export const SNMP_ACCESS_KEYS: readonly SettingKey[] = [
  'snmp.readCommunity',
  'snmp.writeCommunity',
  'snmp.v1v2cEnabled',
  'snmp.v3Enabled',
  'snmp.v3Users',
];

/**
 * The settings values that describe a device's starting SNMP access (what its settings store holds before anyone
 * changes it): the first read-only and read-write communities, and the v3 users in the catalogue's shape.
 */
export function snmpAccessSettings(initial: EffectiveSnmpAccess): SettingValues {
  const read = initial.communities.find((c) => c.access === 'read-only');
  const write = initial.communities.find((c) => c.access === 'read-write');
  return {
    ...(read ? { 'snmp.readCommunity': read.name } : {}),
    ...(write ? { 'snmp.writeCommunity': write.name } : {}),
    'snmp.v1v2cEnabled': true,
    'snmp.v3Enabled': true,
    'snmp.v3Users': initial.v3Users.map(({ access, ...user }) => {
      void access;
      return { ...user };
    }),
  };
}

/**
 * A device's SNMP access as its settings say, like a real MFP: delivering `snmp.readCommunity` replaces the
 * community it answers reads with, `snmp.writeCommunity` the one it takes SETs from, `snmp.v3Users` its SNMPv3 users
 * (a user keeps its read-write access when it existed before under the same name; a new one is read-only),
 * `snmp.v1v2cEnabled` / `snmp.v3Enabled` switch those versions off and on. A change at the panel
 * (`changeLocally`) does the same. Until a key is changed the device keeps every community and user it started with.
 * The SNMP face re-reads `current()` when `version` moves.
 */
export class DeviceSnmpAccess {
  private communities: CommunityConfig[];
  private v3Users: V3UserConfig[];
  private v1v2cEnabled = true;
  private v3Enabled = true;
  private changes = 0;

  constructor(initial: EffectiveSnmpAccess, store: DeviceSettingsStore) {
    this.communities = initial.communities.map((c) => ({ ...c }));
    this.v3Users = initial.v3Users.map((u) => ({ ...u }));
    store.onChange((keys) => {
      const values: SettingValues = {};
      for (const key of keys) {
        if (!SNMP_ACCESS_KEYS.includes(key)) continue;
        const value = store.peek(key);
        if (value !== undefined) values[key] = value;
      }
      this.follow(values);
    });
  }

  /** Bumped on every change of the answered credentials. */
  get version(): number {
    return this.changes;
  }

  current(): EffectiveSnmpAccess {
    return {
      communities: this.v1v2cEnabled ? this.communities : [],
      v3Users: this.v3Enabled ? this.v3Users : [],
    };
  }

  private follow(values: SettingValues): void {
    let changed = false;
    const read = values['snmp.readCommunity'];
    if (typeof read === 'string') {
      this.communities = [
        { name: read, access: 'read-only' },
        ...this.communities.filter((c) => c.access === 'read-write' && c.name !== read),
      ];
      changed = true;
    }
    const write = values['snmp.writeCommunity'];
    if (typeof write === 'string') {
      this.communities = [
        ...this.communities.filter((c) => c.access === 'read-only' && c.name !== write),
        { name: write, access: 'read-write' },
      ];
      changed = true;
    }
    const v1v2c = values['snmp.v1v2cEnabled'];
    if (typeof v1v2c === 'boolean') {
      this.v1v2cEnabled = v1v2c;
      changed = true;
    }
    const v3 = values['snmp.v3Enabled'];
    if (typeof v3 === 'boolean') {
      this.v3Enabled = v3;
      changed = true;
    }
    const users = values['snmp.v3Users'];
    if (Array.isArray(users)) {
      const before = new Map(this.v3Users.map((u) => [u.name, u]));
      this.v3Users = users.map((u) => {
        const user = u as unknown as V3UserConfig;
        return { ...user, access: before.get(user.name)?.access ?? 'read-only' };
      });
      changed = true;
    }
    if (changed) this.changes++;
  }
}
