import type {
  DeviceSettingsAccess,
  DeviceSettingsAccessRequest,
  DeviceSettingsAccessResponse,
  DeviceSettingsCapabilitiesResponse,
  SettingKey,
  SettingsApplyResponse,
  SettingsReadResponse,
  SettingsTarget,
  SettingValues,
} from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { Clock } from '../../common/clock/clock';
import { ValidationFailedError } from '../../common/errors';
import { EdgeClient, type EdgeEndpoint } from '../../edge-client';
import { SecretBox } from '../../infra/crypto/secret-box';
import { AuditService } from '../audit/audit.service';
import { parseSnmpInput } from '../devices/device-credentials';
import { DeviceInventoryService } from '../devices/device-inventory.service';
import { EdgesService } from '../edges/edges.service';
import type { FollowedCredentials } from './credential-follow';
import { DeviceNoEdgeError, DeviceSettingsUnavailableError } from './delivery.errors';
import { DeviceSettingsAccessRepository } from './device-settings-access.repository';

type StoredAccess = Omit<DeviceSettingsAccess, 'adminPassword'>;

const xmlApiSchema = z
  .object({
    port: z.number().int().min(1).max(65_535).optional(),
    tls: z.boolean().optional(),
    caPem: z
      .string()
      .max(20_000)
      .includes('-----BEGIN CERTIFICATE-----', { message: 'must be a PEM certificate' })
      .optional(),
  })
  .strict();
const smbSchema = z
  .object({
    share: z
      .string()
      .trim()
      .min(3)
      .max(255)
      .regex(/^\\\\[^\\]+\\[^\\]+$/, 'must look like \\\\host\\share'),
    path: z.string().max(255).optional(),
    domain: z.string().max(100).optional(),
    user: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(256),
    port: z.number().int().min(1).max(65_535).optional(),
  })
  .strict();

/** A device the runner reaches: its edge, name and the full settings target (decrypted, never logged). */
export interface ResolvedSettingsDevice {
  deviceId: string;
  name: string;
  edge: EdgeEndpoint | null;
  target: SettingsTarget;
}

/**
 * Device settings through the device's edge: the per-device access the transports need (encrypted), the
 * capabilities of its driver, reads and idempotent applies. The only place that builds a `SettingsTarget`.
 */
@Injectable()
export class DeviceSettingsService {
  constructor(
    private readonly inventory: DeviceInventoryService,
    private readonly edges: EdgesService,
    private readonly client: EdgeClient,
    private readonly repository: DeviceSettingsAccessRepository,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async getAccess(deviceId: string, access: AccessScope): Promise<DeviceSettingsAccessResponse> {
    const device = await this.inventory.get(deviceId, access);
    return toAccessResponse(deviceId, device.hasAdminPassword, await this.stored(deviceId));
  }

  async putAccess(
    deviceId: string,
    request: DeviceSettingsAccessRequest,
    access: AccessScope,
  ): Promise<DeviceSettingsAccessResponse> {
    const device = await this.inventory.get(deviceId, access);
    const next: StoredAccess = { ...(await this.stored(deviceId)) };
    const problems: { field: string; problems: string[] }[] = [];
    const parse = <T>(field: string, schema: z.ZodType<T>, value: unknown): T | undefined => {
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        problems.push({ field: [field, ...issue.path.map(String)].join('.'), problems: [issue.message] });
      }
      return undefined;
    };
    if (request.xmlApi === null) delete next.xmlApi;
    else if (request.xmlApi !== undefined) {
      const xmlApi = parse('xmlApi', xmlApiSchema, request.xmlApi);
      if (xmlApi) next.xmlApi = xmlApi;
    }
    if (request.smb === null) delete next.smb;
    else if (request.smb !== undefined) {
      const smb = parse('smb', smbSchema, request.smb);
      if (smb) next.smb = smb;
    }
    if (request.snmpWrite === null) delete next.snmpWrite;
    else if (request.snmpWrite !== undefined) {
      try {
        next.snmpWrite = parseSnmpInput(request.snmpWrite);
      } catch (error) {
        if (!(error instanceof ValidationFailedError)) throw error;
        problems.push(...(error.details ?? []).map((d) => ({ ...d, field: d.field.replace(/^snmp/, 'snmpWrite') })));
      }
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
    await this.repository.save(deviceId, this.secretBox.encrypt(JSON.stringify(next)), this.clock.now());
    return toAccessResponse(deviceId, device.hasAdminPassword, next);
  }

  async capabilities(deviceId: string, access: AccessScope): Promise<DeviceSettingsCapabilitiesResponse> {
    await this.inventory.get(deviceId, access);
    const device = await this.resolve(deviceId);
    const edge = this.requireEdge(device);
    const answer = await this.client.settingsCapabilities(edge, { target: device.target });
    if (!answer.ok) throw new DeviceSettingsUnavailableError(deviceId, answer.error.code, answer.error.message);
    return { deviceId, driver: answer.driver, settings: answer.settings };
  }

  /** Reads current values (system call: the caller checked the scope). */
  async read(deviceId: string, keys?: readonly SettingKey[]): Promise<SettingsReadResponse> {
    const device = await this.resolve(deviceId);
    const edge = this.requireEdge(device);
    return this.client.readSettings(edge, { target: device.target, ...(keys ? { keys: [...keys] } : {}) });
  }

  /** Sends values to a resolved device with its operation id (idempotent on the edge). */
  apply(device: ResolvedSettingsDevice, operationId: string, settings: SettingValues): Promise<SettingsApplyResponse> {
    const edge = this.requireEdge(device);
    return this.client.applySettings(edge, { operationId, target: device.target, settings });
  }

  /** Everything needed to reach a device's settings, decrypted (system call). */
  async resolve(deviceId: string): Promise<ResolvedSettingsDevice> {
    const { edgeId, name, target, adminPassword } = await this.inventory.settingsTarget(deviceId);
    const stored = await this.stored(deviceId);
    const settingsAccess: DeviceSettingsAccess = { ...stored, ...(adminPassword !== null ? { adminPassword } : {}) };
    let edge: EdgeEndpoint | null = null;
    if (edgeId !== null) {
      const { usable } = await this.edges.connectableEdges();
      edge = usable.find((e) => e.id === edgeId) ?? null;
    }
    return { deviceId, name, edge, target: { ...target, access: settingsAccess } };
  }

  /**
   * After a delivery changed credentials the server itself uses on the device (credential-follow.ts), stores the new
   * ones (encrypted) and audits each change — inside `em`, the transaction that records the delivery's outcome, so
   * the record and the credentials never disagree. The audit entries name the delivery and the operation, never a
   * secret.
   */
  async storeFollowed(
    em: EntityManager,
    deviceId: string,
    followed: FollowedCredentials,
    cause: { deliveryId: string; operationId: string; actorId: string | null; at: Date },
  ): Promise<void> {
    if (followed.poll !== undefined || followed.adminPassword !== undefined) {
      await this.inventory.storeFollowedCredentials(em, deviceId, {
        ...(followed.poll !== undefined ? { snmp: followed.poll } : {}),
        ...(followed.adminPassword !== undefined ? { adminPassword: followed.adminPassword } : {}),
      });
    }
    if (followed.write !== undefined) {
      const next: StoredAccess = { ...(await this.stored(deviceId)), snmpWrite: followed.write };
      await this.repository.save(deviceId, this.secretBox.encrypt(JSON.stringify(next)), cause.at, em);
    }
    for (const change of followed.changes) {
      await this.audit.recordSystem(em, {
        at: cause.at,
        actorId: cause.actorId,
        actorName: 'delivery runner',
        action: `devices.follow-${change}`,
        path: `/api/v1/deliveries/${cause.deliveryId}`,
        targetType: 'devices',
        targetId: deviceId,
        correlationId: cause.operationId,
      });
    }
  }

  private requireEdge(device: ResolvedSettingsDevice): EdgeEndpoint {
    if (!device.edge) {
      throw new DeviceNoEdgeError(device.deviceId);
    }
    return device.edge;
  }

  private async stored(deviceId: string): Promise<StoredAccess> {
    const encrypted = await this.repository.find(deviceId);
    if (encrypted === null) return {};
    return JSON.parse(this.secretBox.decrypt(encrypted)) as StoredAccess;
  }
}

function toAccessResponse(
  deviceId: string,
  hasAdminPassword: boolean,
  stored: StoredAccess,
): DeviceSettingsAccessResponse {
  return {
    deviceId,
    hasAdminPassword,
    xmlApi: stored.xmlApi
      ? { port: stored.xmlApi.port ?? null, tls: stored.xmlApi.tls ?? false, hasCaPem: Boolean(stored.xmlApi.caPem) }
      : null,
    smb: stored.smb
      ? {
          share: stored.smb.share,
          path: stored.smb.path ?? null,
          domain: stored.smb.domain ?? null,
          user: stored.smb.user,
          hasPassword: stored.smb.password !== '',
        }
      : null,
    snmpWrite: stored.snmpWrite ? { version: stored.snmpWrite.version } : null,
  };
}
