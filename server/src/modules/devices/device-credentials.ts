import type { DeviceSnmpInput, DeviceSnmpSettings, SnmpCredentials } from '@fleetward/contracts';
import { z } from 'zod';
import { ValidationFailedError } from '../../common/errors';

const AUTH = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
const PRIV = ['des', 'aes', 'aes256b', 'aes256r'] as const;
/** SNMPv3 keys are passphrases of at least 8 characters (RFC 3414 §11.2). */
const key = z.string().min(8, 'must be at least 8 characters').max(256);

const snmpSchema = z.discriminatedUnion('version', [
  z.object({ version: z.enum(['1', '2c']), community: z.string().min(1, 'must not be empty').max(255) }).strict(),
  z
    .object({
      version: z.literal('3'),
      user: z.string().trim().min(1, 'must not be empty').max(100),
      level: z.enum(['noAuthNoPriv', 'authNoPriv', 'authPriv']),
      authProtocol: z.enum(AUTH).optional(),
      authKey: key.optional(),
      privProtocol: z.enum(PRIV).optional(),
      privKey: key.optional(),
      context: z.string().max(100).optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
      const needAuth = v.level !== 'noAuthNoPriv';
      const needPriv = v.level === 'authPriv';
      for (const [field, needed] of [
        ['authProtocol', needAuth],
        ['authKey', needAuth],
        ['privProtocol', needPriv],
        ['privKey', needPriv],
      ] as const) {
        if (needed && v[field] === undefined)
          ctx.addIssue({ code: 'custom', path: [field], message: `is required for level ${v.level}` });
        if (!needed && v[field] !== undefined)
          ctx.addIssue({ code: 'custom', path: [field], message: `is not used with level ${v.level}` });
      }
    }),
]);

/** Checks SNMP credentials given to the API; throws VALIDATION_FAILED naming each bad field (`snmp.authKey`, …). */
export function parseSnmpInput(value: unknown): SnmpCredentials {
  const parsed = snmpSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const byField = new Map<string, string[]>();
  for (const issue of parsed.error.issues) {
    const field = ['snmp', ...issue.path.map(String)].join('.');
    byField.set(field, [...(byField.get(field) ?? []), issue.message]);
  }
  throw new ValidationFailedError([...byField].map(([field, problems]) => ({ field, problems })));
}

/** What the API may tell about stored credentials: no community, no keys. */
export function snmpSettingsOf(credentials: DeviceSnmpInput): DeviceSnmpSettings {
  if (credentials.version !== '3') {
    return {
      version: credentials.version,
      hasCommunity: credentials.community !== '',
      v3User: null,
      level: null,
      authProtocol: null,
      privProtocol: null,
      hasAuthKey: false,
      hasPrivKey: false,
      context: null,
    };
  }
  return {
    version: '3',
    hasCommunity: false,
    v3User: credentials.user,
    level: credentials.level,
    authProtocol: credentials.authProtocol ?? null,
    privProtocol: credentials.privProtocol ?? null,
    hasAuthKey: credentials.authKey !== undefined,
    hasPrivKey: credentials.privKey !== undefined,
    context: credentials.context ?? null,
  };
}
