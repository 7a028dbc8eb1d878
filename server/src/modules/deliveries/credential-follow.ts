import type {
  SettingApplyOutcome,
  SettingKey,
  SettingValues,
  SnmpCredentials,
  SnmpV3Credentials,
} from '@fleetward/contracts';

/**
 * Pure rules of "the server's own credentials follow what a delivery applied" (docs/decisions/0021). A device is
 * reached with credentials the server stores: the SNMP credentials it is polled with (and that the edge identifies
 * the device with before any settings call), the SNMP write credentials of SNMP SET families (settings access), and
 * the administrator password. Settings of the catalogue can change those on the device; when a delivery applied one,
 * the stored credential must change with it, or Fleetward cuts itself off from its own fleet.
 */

/** The credentials the server uses for one device (decrypted; never logged). */
export interface DeviceCredentials {
  poll: SnmpCredentials;
  /** SNMP SET credentials (settings access); null: SETs use `poll`. */
  write: SnmpCredentials | null;
}

/** What to store after an apply; absent parts stay as they are. `changes` names them (no secrets) for the audit. */
export interface FollowedCredentials {
  poll?: SnmpCredentials;
  write?: SnmpCredentials;
  adminPassword?: string;
  changes: FollowedChange[];
}

export type FollowedChange = 'snmp-credentials' | 'snmp-write-credentials' | 'admin-password';

interface CatalogueV3User {
  name: string;
  level: 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';
  authProtocol?: 'md5' | 'sha' | 'sha256' | 'sha512';
  authKey?: string;
  privProtocol?: 'des' | 'aes' | 'aes256b';
  privKey?: string;
}

function v3UsersOf(values: SettingValues): CatalogueV3User[] | null {
  const users = values['snmp.v3Users'];
  return Array.isArray(users) ? (users as unknown as CatalogueV3User[]) : null;
}

/**
 * A v3 user of the catalogue as credentials for the same user name, keeping the context; null when the user's
 * level lacks the keys it needs (the device would not answer such a user either).
 */
function v3CredentialsOf(user: CatalogueV3User, previous: SnmpV3Credentials): SnmpV3Credentials | null {
  const needAuth = user.level !== 'noAuthNoPriv';
  const needPriv = user.level === 'authPriv';
  if (needAuth && (user.authProtocol === undefined || user.authKey === undefined)) return null;
  if (needPriv && (user.privProtocol === undefined || user.privKey === undefined)) return null;
  const next: SnmpV3Credentials = { version: '3', user: user.name, level: user.level };
  if (needAuth) Object.assign(next, { authProtocol: user.authProtocol, authKey: user.authKey });
  if (needPriv) Object.assign(next, { privProtocol: user.privProtocol, privKey: user.privKey });
  if (previous.context !== undefined) next.context = previous.context;
  return next;
}

/** One stored SNMP credential after the applied values: the new one, or null when nothing changes for it. */
function follow(
  current: SnmpCredentials,
  values: SettingValues,
  applied: (key: SettingKey) => boolean,
  communityKey: 'snmp.readCommunity' | 'snmp.writeCommunity',
): SnmpCredentials | null {
  if (current.version !== '3') {
    const community = values[communityKey];
    if (!applied(communityKey) || typeof community !== 'string' || community === current.community) return null;
    return { ...current, community };
  }
  const users = v3UsersOf(values);
  if (!applied('snmp.v3Users') || users === null) return null;
  const same = users.find((u) => u.name === current.user);
  if (!same) return null;
  const next = v3CredentialsOf(same, current);
  return next === null || JSON.stringify(next) === JSON.stringify(current) ? null : next;
}

/**
 * Which community setting the polling community is: the write community when the device's SNMP write credentials
 * are the very same v1/v2c community (one read-write community for everything), else the read community (the
 * catalogue has no other way to tell).
 */
function pollCommunityKey(current: DeviceCredentials): 'snmp.readCommunity' | 'snmp.writeCommunity' {
  const { poll, write } = current;
  return poll.version !== '3' && write !== null && write.version !== '3' && write.community === poll.community
    ? 'snmp.writeCommunity'
    : 'snmp.readCommunity';
}

/**
 * The credentials to store after a device answered an apply: the polling credentials follow a delivered
 * `snmp.readCommunity` (v1/v2c; `snmp.writeCommunity` when they are the write credentials' community, see
 * pollCommunityKey) or the polled user in `snmp.v3Users` (v3); the SNMP write credentials follow
 * `snmp.writeCommunity` or their own user; the administrator password follows `security.adminPassword`. Only keys
 * the device answered `applied` count.
 */
export function followAppliedSettings(
  current: DeviceCredentials,
  values: SettingValues,
  outcomes: readonly SettingApplyOutcome[],
): FollowedCredentials {
  const done = new Set(outcomes.filter((o) => o.status === 'applied').map((o) => o.key));
  const applied = (key: SettingKey) => done.has(key);
  const out: FollowedCredentials = { changes: [] };
  const poll = follow(current.poll, values, applied, pollCommunityKey(current));
  if (poll) {
    out.poll = poll;
    out.changes.push('snmp-credentials');
  }
  if (current.write) {
    const write = follow(current.write, values, applied, 'snmp.writeCommunity');
    if (write) {
      out.write = write;
      out.changes.push('snmp-write-credentials');
    }
  }
  const password = values['security.adminPassword'];
  if (applied('security.adminPassword') && typeof password === 'string') {
    out.adminPassword = password;
    out.changes.push('admin-password');
  }
  return out;
}

/** The keys whose values can take Fleetward's own SNMP access away from a device. */
export const ACCESS_KEYS: readonly SettingKey[] = ['snmp.v1v2cEnabled', 'snmp.v3Enabled', 'snmp.v3Users'];

/**
 * Why applying `values` would leave the server without SNMP access to a device it reaches with `current` (empty:
 * it would not). A new community or new keys for the same user are followed, so only turning off the version the
 * server uses, or removing the user it uses, cuts it off.
 */
export function accessLossOf(current: DeviceCredentials, values: SettingValues): string[] {
  const reasons: string[] = [];
  const check = (credentials: SnmpCredentials, use: string) => {
    if (credentials.version !== '3') {
      if (values['snmp.v1v2cEnabled'] === false)
        reasons.push(`turns SNMP v1/v2c off, which Fleetward ${use} this device with`);
      return;
    }
    if (values['snmp.v3Enabled'] === false) reasons.push(`turns SNMPv3 off, which Fleetward ${use} this device with`);
    const users = v3UsersOf(values);
    if (users !== null) {
      const same = users.find((u) => u.name === credentials.user);
      if (!same) reasons.push(`removes the SNMPv3 user "${credentials.user}", which Fleetward ${use} this device with`);
      else if (v3CredentialsOf(same, credentials) === null)
        reasons.push(`leaves the SNMPv3 user "${credentials.user}" without the keys its level needs`);
    }
  };
  check(current.poll, 'polls');
  if (current.write) check(current.write, 'writes settings to');
  return [...new Set(reasons)];
}
