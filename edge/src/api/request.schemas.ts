import {
  isSettingKey,
  SETTING_KEYS,
  type DeviceTarget,
  type DiscoverRequest,
  type IdentifyRequest,
  type PollBatchRequest,
  type SettingsApplyRequest,
  type SettingsTarget,
  type SnmpCredentials,
} from '@fleetward/contracts';
import { validateSettingValues } from '@fleetward/domain/settings';
import { z } from 'zod';
import { InvalidRequestError } from '../common/edge-error';

const community = z.object({ version: z.enum(['1', '2c']), community: z.string().min(1).max(255) });
const v3 = z
  .object({
    version: z.literal('3'),
    user: z.string().min(1).max(32),
    level: z.enum(['noAuthNoPriv', 'authNoPriv', 'authPriv']),
    authProtocol: z.enum(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512']).optional(),
    authKey: z.string().min(8).max(255).optional(),
    privProtocol: z.enum(['des', 'aes', 'aes256b', 'aes256r']).optional(),
    privKey: z.string().min(8).max(255).optional(),
    context: z.string().max(255).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.level !== 'noAuthNoPriv' && !c.authKey)
      ctx.addIssue({ code: 'custom', path: ['authKey'], message: `is required for ${c.level}` });
    if (c.level === 'authPriv' && !c.privKey)
      ctx.addIssue({ code: 'custom', path: ['privKey'], message: 'is required for authPriv' });
  });
export const credentialsSchema: z.ZodType<SnmpCredentials> = z.union([community, v3]);

const host = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'must be an IP address or host name');

export const targetSchema: z.ZodType<DeviceTarget> = z.object({
  host,
  port: z.number().int().min(1).max(65535).optional(),
  snmp: credentialsSchema,
  timeoutMs: z.number().int().min(50).max(120_000).optional(),
  retries: z.number().int().min(0).max(10).optional(),
});

export const identifySchema = z.object({ target: targetSchema });
export const pollBatchSchema = (maxBatch: number) => z.object({ targets: z.array(targetSchema).min(1).max(maxBatch) });
export const discoverSchema = z.object({
  range: z.string().min(1).max(64),
  port: z.number().int().min(1).max(65535).optional(),
  credentials: z.array(credentialsSchema).min(1).max(16),
  timeoutMs: z.number().int().min(50).max(30_000).optional(),
  retries: z.number().int().min(0).max(5).optional(),
  concurrency: z.number().int().min(1).max(4096).optional(),
});

/** Validates a request body; lists every bad field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const byField = new Map<string, string[]>();
  for (const issue of r.error.issues) {
    const field = issue.path.join('.') || '(body)';
    byField.set(field, [...(byField.get(field) ?? []), issue.message]);
  }
  throw new InvalidRequestError(
    'request body is invalid',
    [...byField].map(([field, problems]) => ({ field, problems })),
  );
}

export type { DiscoverRequest, IdentifyRequest, PollBatchRequest };

// --- settings (libs/contracts/src/edge/settings-api.ts) ---------------------------------------------------

const settingKey = z.string().refine(isSettingKey, { message: 'is not a setting of the catalogue' });
const xmlApiAccess = z.object({
  port: z.number().int().min(1).max(65535).optional(),
  tls: z.boolean().optional(),
  caPem: z.string().min(1).max(20_000).optional(),
});
const smbAccess = z.object({
  share: z.string().min(1).max(512),
  path: z.string().max(512).optional(),
  domain: z.string().max(255).optional(),
  user: z.string().min(1).max(255),
  password: z.string().max(255),
  port: z.number().int().min(1).max(65535).optional(),
});
export const settingsTargetSchema: z.ZodType<SettingsTarget> = z.object({
  host,
  port: z.number().int().min(1).max(65535).optional(),
  snmp: credentialsSchema,
  timeoutMs: z.number().int().min(50).max(120_000).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  access: z.object({
    adminPassword: z.string().max(255).optional(),
    xmlApi: xmlApiAccess.optional(),
    snmpWrite: credentialsSchema.optional(),
    smb: smbAccess.optional(),
  }),
});

export const settingsCapabilitiesSchema = z.object({ target: settingsTargetSchema });
export const settingsReadSchema = z.object({
  target: settingsTargetSchema,
  keys: z.array(settingKey).min(1).max(SETTING_KEYS.length).optional(),
});
export const settingsApplySchema = z
  .object({
    operationId: z
      .string()
      .min(8)
      .max(100)
      .regex(/^[A-Za-z0-9._:-]+$/, 'must be letters, digits, . _ : -'),
    target: settingsTargetSchema,
    settings: z.record(z.string(), z.unknown()),
  })
  .superRefine((req, ctx) => {
    if (Object.keys(req.settings).length === 0)
      ctx.addIssue({ code: 'custom', path: ['settings'], message: 'must name at least one setting' });
    for (const problem of validateSettingValues(req.settings)) {
      ctx.addIssue({
        code: 'custom',
        path: ['settings', problem.key, ...(problem.path === '' ? [] : [problem.path])],
        message: problem.message,
      });
    }
  }) as unknown as z.ZodType<SettingsApplyRequest>;
