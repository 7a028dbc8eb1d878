import type {
  AdoptDevicesResponse,
  AdoptedDeviceResult,
  DiscoveredDeviceResponse,
  DiscoveryRunResponse,
  SnmpCredentials,
  StartDiscoveryRequest,
} from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { z } from 'zod';
import { Clock } from '../../common/clock/clock';
import { FleetwardError, ValidationFailedError } from '../../common/errors';
import { EdgeClient, EdgeNotConfiguredError, EdgeRejectedError } from '../../edge-client';
import { AppConfig } from '../../infra/config/app-config';
import { SecretBox } from '../../infra/crypto/secret-box';
import { newId } from '../../infra/database/column-types';
import { DeviceGroupNotFoundError } from '../device-groups/device-group.errors';
import { DeviceGroupsService } from '../device-groups/device-groups.service';
import { parseSnmpInput } from '../devices/device-credentials';
import { DeviceInventoryService } from '../devices/device-inventory.service';
import { EdgesService } from '../edges/edges.service';
import { DiscoveryRunEntity } from './discovery-run.entity';
import { addressKey, DiscoveryRunRepository } from './discovery-run.repository';
import { DiscoveryRejectedError, DiscoveryRunNotFoundError } from './discovery.errors';

/** How long a run (and the credentials submitted with it) is kept for adoption. */
export const DISCOVERY_RUN_TTL_MS = 24 * 3_600_000;
/** How often expired runs are purged in the background (when the polling loop runs). */
const PURGE_EVERY_MS = 15 * 60_000;

/** A discovered device as stored with its run (`alreadyAdded` is computed when the run is read). */
type StoredDiscoveredDevice = Omit<DiscoveredDeviceResponse, 'alreadyAdded'>;

const startSchema = z
  .object({
    range: z.string().trim().min(1).max(64),
    port: z.number().int().min(1).max(65535).optional(),
    credentials: z.array(z.unknown()).min(1).max(16),
  })
  .strict();

const adoptSchema = z
  .object({
    hosts: z
      .array(z.object({ host: z.string().trim().min(1).max(255), port: z.number().int().min(1).max(65535) }).strict())
      .min(1)
      .max(1024),
    groupIds: z.array(z.string().uuid()).max(100),
    namePrefix: z.string().max(100).optional(),
  })
  .strict();

/**
 * Discovery through an edge and adoption of what it found (Device Management RW, the caller's edges). A run keeps
 * the submitted SNMP credentials encrypted for 24 hours so adoption can give each device the credential that
 * answered; expired runs are deleted (with their credentials) whenever runs are started or read, and every 15 minutes
 * while the polling loop runs (`FLEETWARD_POLL_TICK_SECONDS` > 0).
 */
@Injectable()
export class DiscoveryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DiscoveryService');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly runs: DiscoveryRunRepository,
    private readonly edges: EdgesService,
    private readonly groups: DeviceGroupsService,
    private readonly inventory: DeviceInventoryService,
    private readonly client: EdgeClient,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.polling.tickSeconds <= 0) return;
    this.timer = setInterval(() => {
      this.purgeExpired().catch((error: unknown) =>
        this.logger.warn(
          `Purge of expired discovery runs failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }, PURGE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Deletes the runs expired now, with their encrypted credentials; returns how many. */
  purgeExpired(): Promise<number> {
    return this.runs.deleteExpired(this.clock.now());
  }

  async start(edgeId: string, body: unknown, access: AccessScope): Promise<DiscoveryRunResponse> {
    await this.edges.assertInScope(access, edgeId);
    const request = parseStart(body);
    const { usable } = await this.edges.connectableEdges();
    const edge = usable.find((e) => e.id === edgeId);
    if (!edge) throw new EdgeNotConfiguredError(edgeId, 'URL or token (or its token cannot be read)');
    await this.purgeExpired();
    const startedAt = this.clock.now();
    let answer;
    try {
      answer = await this.client.discover(edge, {
        range: request.range,
        ...(request.port === undefined ? {} : { port: request.port }),
        credentials: request.credentials,
      });
    } catch (error) {
      if (error instanceof EdgeRejectedError && error.httpStatus === 400)
        throw new DiscoveryRejectedError(error.message);
      throw error;
    }
    await this.edges.markSeen(edgeId);
    const finishedAt = this.clock.now();
    const devices: StoredDiscoveredDevice[] = answer.devices
      .filter((d) => d.credentialIndex >= 0 && d.credentialIndex < request.credentials.length)
      .map((d) => ({
        host: d.host,
        port: d.port,
        snmpVersion: d.snmpVersion,
        credentialIndex: d.credentialIndex,
        vendor: d.identity.vendor ?? null,
        model: d.identity.model ?? null,
        serialNumber: d.identity.serialNumber ?? null,
      }));
    const run = Object.assign(new DiscoveryRunEntity(), {
      id: newId(),
      edgeId,
      range: request.range,
      port: request.port ?? 161,
      credentialsEncrypted: this.secretBox.encrypt(JSON.stringify(request.credentials)),
      devices: JSON.stringify(devices),
      createdBy: access.userId,
      startedAt,
      finishedAt,
      expiresAt: new Date(startedAt.getTime() + DISCOVERY_RUN_TTL_MS),
    });
    await this.runs.insert(run);
    return this.response(run);
  }

  async get(edgeId: string, runId: string, access: AccessScope): Promise<DiscoveryRunResponse> {
    return this.response(await this.load(edgeId, runId, access));
  }

  /**
   * Creates the chosen discovered devices through the normal device create path (its validation, scope rules and
   * encryption), each with the credential that answered. An address already on the edge, or one the run did not
   * find, is reported per host, not thrown.
   */
  async adopt(edgeId: string, runId: string, body: unknown, access: AccessScope): Promise<AdoptDevicesResponse> {
    const run = await this.load(edgeId, runId, access);
    const request = parseAdopt(body);
    const groupIds = [...new Set(request.groupIds)];
    const reachable = await this.groups.existingIdsInScope(access, groupIds);
    const unknown = groupIds.filter((id) => !reachable.has(id));
    if (unknown.length > 0) throw new DeviceGroupNotFoundError(unknown.join(', '));
    const credentials = JSON.parse(this.secretBox.decrypt(run.credentialsEncrypted)) as SnmpCredentials[];
    const found = new Map(storedDevices(run).map((d) => [addressKey(d.host, d.port), d]));
    const existing = await this.runs.existingAddresses(
      edgeId,
      request.hosts.map((h) => h.host),
    );
    const results: AdoptedDeviceResult[] = [];
    for (const { host, port } of request.hosts) {
      const key = addressKey(host, port);
      const device = found.get(key);
      if (!device) {
        results.push(failure(host, port, 'NOT_DISCOVERED', `${host}:${port} was not found by this discovery run.`));
        continue;
      }
      if (existing.has(key)) {
        results.push(
          failure(host, port, 'DEVICE_ALREADY_ADDED', `A device at ${host}:${port} already exists on this edge.`),
        );
        continue;
      }
      const snmp = credentials[device.credentialIndex];
      try {
        const created = await this.inventory.create(
          {
            name: deviceName(request.namePrefix ?? '', device),
            address: device.host,
            port: device.port,
            edgeId,
            groupIds,
            ...(snmp ? { snmp } : {}),
          },
          access,
        );
        existing.add(key);
        results.push({ host, port, ok: true, deviceId: created.id });
      } catch (error) {
        if (!(error instanceof FleetwardError)) throw error;
        results.push(failure(host, port, error.code, error.message));
      }
    }
    return { results };
  }

  private async load(edgeId: string, runId: string, access: AccessScope): Promise<DiscoveryRunEntity> {
    await this.edges.assertInScope(access, edgeId);
    const now = this.clock.now();
    await this.purgeExpired();
    const run = await this.runs.findLive(edgeId, runId, now);
    if (!run) throw new DiscoveryRunNotFoundError(runId);
    return run;
  }

  private async response(run: DiscoveryRunEntity): Promise<DiscoveryRunResponse> {
    const devices = storedDevices(run);
    const existing = await this.runs.existingAddresses(
      run.edgeId,
      devices.map((d) => d.host),
    );
    return {
      id: run.id,
      edgeId: run.edgeId,
      range: run.range,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt.toISOString(),
      expiresAt: run.expiresAt.toISOString(),
      devices: devices.map((d) => ({ ...d, alreadyAdded: existing.has(addressKey(d.host, d.port)) })),
    };
  }
}

function storedDevices(run: DiscoveryRunEntity): StoredDiscoveredDevice[] {
  const parsed = JSON.parse(run.devices) as unknown;
  return Array.isArray(parsed) ? (parsed as StoredDiscoveredDevice[]) : [];
}

function deviceName(prefix: string, device: StoredDiscoveredDevice): string {
  const base = device.model ? `${device.model} ${device.host}` : device.host;
  return `${prefix}${base}`.trim().slice(0, 200);
}

function failure(host: string, port: number, code: string, message: string): AdoptedDeviceResult {
  return { host, port, ok: false, error: { code, message } };
}

function issuesOf(error: z.ZodError, prefix: string[] = []): { field: string; problems: string[] }[] {
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    const field = [...prefix, ...issue.path.map(String)].join('.') || '(body)';
    byField.set(field, [...(byField.get(field) ?? []), issue.message]);
  }
  return [...byField].map(([field, problems]) => ({ field, problems }));
}

/** Validates a start body; each credential with the device create rules (fields named `credentials.N.…`). */
function parseStart(body: unknown): StartDiscoveryRequest {
  const parsed = startSchema.safeParse(body);
  const details = parsed.success ? [] : issuesOf(parsed.error);
  const credentials: SnmpCredentials[] = [];
  const given = (body as { credentials?: unknown } | null)?.credentials;
  for (const [index, value] of (Array.isArray(given) ? given : []).slice(0, 16).entries()) {
    try {
      credentials.push(parseSnmpInput(value));
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      for (const d of error.details ?? []) {
        details.push({ field: d.field.replace(/^snmp/, `credentials.${index}`), problems: d.problems });
      }
    }
  }
  if (details.length > 0 || !parsed.success) throw new ValidationFailedError(details);
  return {
    range: parsed.data.range,
    ...(parsed.data.port === undefined ? {} : { port: parsed.data.port }),
    credentials,
  };
}

function parseAdopt(body: unknown): z.infer<typeof adoptSchema> {
  const parsed = adoptSchema.safeParse(body);
  if (!parsed.success) throw new ValidationFailedError(issuesOf(parsed.error));
  return parsed.data;
}
