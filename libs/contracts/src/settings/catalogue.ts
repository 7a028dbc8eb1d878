/**
 * The typed settings catalogue (issue 5): every device setting Fleetward can read or write, with its type and
 * bounds. Shared by the server (templates, validation, drift), the edge (family drivers declare which keys they
 * read and write) and the console (the template editor renders from it). Values are plain JSON.
 *
 * `scope`: `admin` settings are covered by Admin Template Management; `service` settings (service engineer / CE
 * settings) are not (SPEC §3) and need their own handling.
 * `secret`: write-only on every device (a device never reveals a password). A read reports it as not readable;
 * the drift check verifies it only where the driver can (e.g. by signing in with it).
 */

export type SettingType =
  | {
      kind: 'string';
      minLength?: number;
      maxLength: number;
      pattern?: string;
      format?: 'hostname' | 'email' | 'timeZone';
    }
  | { kind: 'secret'; minLength: number; maxLength: number }
  | { kind: 'integer'; min: number; max: number; unit?: 'minutes' | 'seconds' | 'percent' | 'port' }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; of: SettingType; maxItems: number }
  | { kind: 'object'; fields: Readonly<Record<string, SettingField>> };

export interface SettingField {
  type: SettingType;
  optional?: boolean;
}

export type SettingScope = 'admin' | 'service';

export type SettingCategory =
  'security' | 'snmp' | 'time' | 'network' | 'email' | 'power' | 'tls' | 'addressBook' | 'identity' | 'service';

export interface SettingDefinition {
  key: SettingKey;
  category: SettingCategory;
  scope: SettingScope;
  type: SettingType;
  /** English label; the console translates by key. */
  label: string;
  description: string;
}

const hostname: SettingType = { kind: 'string', maxLength: 253, format: 'hostname' };
const snmpV3User: SettingType = {
  kind: 'object',
  fields: {
    name: { type: { kind: 'string', minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' } },
    level: { type: { kind: 'enum', values: ['noAuthNoPriv', 'authNoPriv', 'authPriv'] } },
    authProtocol: { type: { kind: 'enum', values: ['md5', 'sha', 'sha256', 'sha512'] }, optional: true },
    authKey: { type: { kind: 'secret', minLength: 8, maxLength: 64 }, optional: true },
    privProtocol: { type: { kind: 'enum', values: ['des', 'aes', 'aes256b'] }, optional: true },
    privKey: { type: { kind: 'secret', minLength: 8, maxLength: 64 }, optional: true },
  },
};
const addressBookId: SettingType = { kind: 'string', minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$' };

/** The catalogue, in console order. Keys are stable: templates and deliveries store them. */
export const SETTING_DEFINITIONS = [
  {
    key: 'security.adminPassword',
    category: 'security',
    scope: 'admin',
    type: { kind: 'secret', minLength: 8, maxLength: 64 },
    label: 'Administrator password',
    description: "The device administrator's password (web page, XML API, panel administrator mode).",
  },
  {
    key: 'identity.deviceName',
    category: 'identity',
    scope: 'admin',
    type: { kind: 'string', minLength: 1, maxLength: 63, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    label: 'Device name',
    description: 'Host name the device announces (sysName).',
  },
  {
    key: 'identity.location',
    category: 'identity',
    scope: 'admin',
    type: { kind: 'string', maxLength: 255 },
    label: 'Location',
    description: 'Where the device stands (sysLocation).',
  },
  {
    key: 'identity.contact',
    category: 'identity',
    scope: 'admin',
    type: { kind: 'string', maxLength: 255 },
    label: 'Contact',
    description: 'Who looks after the device (sysContact).',
  },
  {
    key: 'snmp.v1v2cEnabled',
    category: 'snmp',
    scope: 'admin',
    type: { kind: 'boolean' },
    label: 'SNMP v1/v2c enabled',
    description: 'Whether the device answers SNMP v1 and v2c requests.',
  },
  {
    key: 'snmp.readCommunity',
    category: 'snmp',
    scope: 'admin',
    type: { kind: 'secret', minLength: 1, maxLength: 32 },
    label: 'SNMP read community',
    description: 'Community for SNMP v1/v2c reads.',
  },
  {
    key: 'snmp.writeCommunity',
    category: 'snmp',
    scope: 'admin',
    type: { kind: 'secret', minLength: 1, maxLength: 32 },
    label: 'SNMP write community',
    description: 'Community for SNMP v1/v2c writes.',
  },
  {
    key: 'snmp.v3Enabled',
    category: 'snmp',
    scope: 'admin',
    type: { kind: 'boolean' },
    label: 'SNMPv3 enabled',
    description: 'Whether the device answers SNMPv3 requests.',
  },
  {
    key: 'snmp.v3Users',
    category: 'snmp',
    scope: 'admin',
    type: { kind: 'list', of: snmpV3User, maxItems: 4 },
    label: 'SNMPv3 users',
    description: 'SNMPv3 users with their security level, protocols and keys.',
  },
  {
    key: 'time.timeZone',
    category: 'time',
    scope: 'admin',
    type: { kind: 'string', minLength: 1, maxLength: 64, format: 'timeZone' },
    label: 'Time zone',
    description: 'IANA time zone, e.g. Asia/Tokyo or Europe/Berlin.',
  },
  {
    key: 'time.daylightSaving',
    category: 'time',
    scope: 'admin',
    type: {
      kind: 'object',
      fields: {
        enabled: { type: { kind: 'boolean' } },
        offsetMinutes: { type: { kind: 'integer', min: 0, max: 120, unit: 'minutes' } },
        // Transition rules as in POSIX TZ (`Mm.w.d/hh:mm`), e.g. M3.5.0/02:00 = last Sunday of March, 02:00.
        start: {
          type: {
            kind: 'string',
            maxLength: 20,
            pattern: '^M(1[0-2]|[1-9])\\.[1-5]\\.[0-6]/([01]\\d|2[0-3]):[0-5]\\d$',
          },
        },
        end: {
          type: {
            kind: 'string',
            maxLength: 20,
            pattern: '^M(1[0-2]|[1-9])\\.[1-5]\\.[0-6]/([01]\\d|2[0-3]):[0-5]\\d$',
          },
        },
      },
    },
    label: 'Daylight saving time',
    description: 'Whether the device shifts its clock in summer, by how much and when.',
  },
  {
    key: 'time.ntp',
    category: 'time',
    scope: 'admin',
    type: {
      kind: 'object',
      fields: {
        enabled: { type: { kind: 'boolean' } },
        servers: { type: { kind: 'list', of: hostname, maxItems: 3 } },
        pollIntervalMinutes: { type: { kind: 'integer', min: 1, max: 1440, unit: 'minutes' } },
      },
    },
    label: 'NTP',
    description: 'Time synchronisation with NTP servers.',
  },
  {
    key: 'network.dns',
    category: 'network',
    scope: 'admin',
    type: {
      kind: 'object',
      fields: {
        servers: { type: { kind: 'list', of: hostname, maxItems: 3 } },
        domain: { type: { kind: 'string', maxLength: 253 } },
      },
    },
    label: 'DNS',
    description: 'DNS servers and the default domain.',
  },
  {
    key: 'email.smtp',
    category: 'email',
    scope: 'admin',
    type: {
      kind: 'object',
      fields: {
        host: { type: hostname },
        port: { type: { kind: 'integer', min: 1, max: 65535, unit: 'port' } },
        security: { type: { kind: 'enum', values: ['none', 'starttls', 'tls'] } },
        user: { type: { kind: 'string', maxLength: 128 }, optional: true },
        password: { type: { kind: 'secret', minLength: 1, maxLength: 128 }, optional: true },
        fromAddress: { type: { kind: 'string', maxLength: 254, format: 'email' } },
      },
    },
    label: 'E-mail (SMTP)',
    description: 'How the device sends scan-to-mail and notification mails.',
  },
  {
    key: 'power.sleepAfterMinutes',
    category: 'power',
    scope: 'admin',
    type: { kind: 'integer', min: 1, max: 240, unit: 'minutes' },
    label: 'Sleep after',
    description: 'Idle minutes before the device goes to sleep.',
  },
  {
    key: 'power.lowPowerAfterMinutes',
    category: 'power',
    scope: 'admin',
    type: { kind: 'integer', min: 1, max: 240, unit: 'minutes' },
    label: 'Low power after',
    description: 'Idle minutes before the device enters low-power mode.',
  },
  {
    key: 'tls.minVersion',
    category: 'tls',
    scope: 'admin',
    type: { kind: 'enum', values: ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] },
    label: 'Minimum TLS version',
    description: 'Oldest TLS version the device accepts on its web page and APIs.',
  },
  {
    key: 'tls.httpsOnly',
    category: 'tls',
    scope: 'admin',
    type: { kind: 'boolean' },
    label: 'HTTPS only',
    description: 'Redirect plain HTTP to HTTPS.',
  },
  {
    key: 'addressBook.departments',
    category: 'addressBook',
    scope: 'admin',
    type: {
      kind: 'list',
      maxItems: 1000,
      of: {
        kind: 'object',
        fields: { id: { type: addressBookId }, name: { type: { kind: 'string', minLength: 1, maxLength: 64 } } },
      },
    },
    label: 'Departments',
    description: 'Departments of the device address book.',
  },
  {
    key: 'addressBook.users',
    category: 'addressBook',
    scope: 'admin',
    type: {
      kind: 'list',
      maxItems: 2000,
      of: {
        kind: 'object',
        fields: {
          id: { type: addressBookId },
          name: { type: { kind: 'string', minLength: 1, maxLength: 64 } },
          email: { type: { kind: 'string', maxLength: 254, format: 'email' }, optional: true },
          departmentId: { type: addressBookId, optional: true },
        },
      },
    },
    label: 'Users',
    description: 'Users of the device address book.',
  },
  {
    key: 'addressBook.destinations',
    category: 'addressBook',
    scope: 'admin',
    type: {
      kind: 'list',
      maxItems: 2000,
      of: {
        kind: 'object',
        fields: {
          id: { type: addressBookId },
          name: { type: { kind: 'string', minLength: 1, maxLength: 64 } },
          kind: { type: { kind: 'enum', values: ['email', 'smb', 'ftp', 'fax'] } },
          address: { type: { kind: 'string', minLength: 1, maxLength: 255 } },
        },
      },
    },
    label: 'Destinations',
    description: 'Scan and fax destinations of the device address book.',
  },
  {
    key: 'service.cePassword',
    category: 'service',
    scope: 'service',
    type: { kind: 'secret', minLength: 8, maxLength: 64 },
    label: 'Service (CE) password',
    description: "The service engineer's password (service mode).",
  },
  {
    key: 'service.tonerLowThresholdPercent',
    category: 'service',
    scope: 'service',
    type: { kind: 'integer', min: 1, max: 50, unit: 'percent' },
    label: 'Toner low threshold',
    description: 'Remaining toner at which the device reports "toner low".',
  },
] as const satisfies readonly (Omit<SettingDefinition, 'key'> & { key: string })[];

export type SettingKey = (typeof SETTING_DEFINITIONS)[number]['key'];
export const SETTING_KEYS: readonly SettingKey[] = SETTING_DEFINITIONS.map((d) => d.key);

/** A JSON value of a setting (checked against its type with `validateSettingValue` in @fleetward/domain). */
export type SettingValue = string | number | boolean | null | SettingValue[] | { [field: string]: SettingValue };

/** Values by key; a template or a delivery holds a subset of the catalogue. */
export type SettingValues = Partial<Record<SettingKey, SettingValue>>;

export function isSettingKey(value: string): value is SettingKey {
  return (SETTING_KEYS as readonly string[]).includes(value);
}

export function settingDefinition(key: SettingKey): SettingDefinition {
  const found = SETTING_DEFINITIONS.find((d) => d.key === key);
  if (!found) throw new Error(`unknown setting ${key}`);
  return found;
}
