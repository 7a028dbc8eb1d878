import type {
  CreatedEdgeResponse,
  CreateEdgeRequest,
  EdgeActivationCodeResponse,
  EdgeDetailResponse,
  EdgeStatus,
  UpdateEdgeConnectionRequest,
} from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { SecretBox } from '../../infra/crypto/secret-box';
import { newId } from '../../infra/database/column-types';
import { DEFAULT_ALERT_POLICY } from '../monitoring/alerting/alert-policy';
import { RolesService } from '../roles/roles.service';
import { EdgeActivationService } from './edge-activation.service';
import { EdgeCaService } from './edge-ca.service';
import type { EdgeScope } from './edge-scope';
import { EdgeHasDevicesError, EdgeNameTakenError, EdgeNoRoleToReceiveError, EdgeNotFoundError } from './edge.errors';
import { type EdgeConnectionRecord, type EdgeConnectionUpdate, EdgeRepository } from './edge.repository';

/** Mutual TLS with an activated edge: the server's client certificate and the CA the edge's certificate chains to. */
export interface EdgeMutualTls {
  readonly caPem: string;
  readonly certificatePem: string;
  readonly keyPem: string;
}

/**
 * An edge the server can call (scheduler only; never logged or returned): an activated edge with mutual TLS,
 * or a manually connected one with its decrypted bearer token and pinned certificate.
 */
export interface EdgeConnection {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly token: string | null;
  readonly caPem: string | null;
  readonly mutualTls: EdgeMutualTls | null;
}

/**
 * Edges: list what the caller's roles reach, register one (with its first activation code), issue a new code,
 * rename, delete, and the connections the scheduler uses.
 */
@Injectable()
export class EdgesService {
  constructor(
    private readonly edges: EdgeRepository,
    private readonly roles: RolesService,
    private readonly clock: Clock,
    private readonly secretBox: SecretBox,
    private readonly activation: EdgeActivationService,
    private readonly ca: EdgeCaService,
  ) {}

  /** The caller's edges with status, version, last contact and device count. */
  async list(access: AccessScope): Promise<EdgeDetailResponse[]> {
    const edges = await this.edges.listConnections(access);
    const counts = await this.edges.deviceCounts(edges.map((e) => e.id));
    return edges.map((e) => this.toDetail(e, counts.get(e.id) ?? 0));
  }

  /** Registers an edge; unless the caller reaches every edge it is added to his administered System Management roles. */
  async create(request: CreateEdgeRequest, access: AccessScope): Promise<CreatedEdgeResponse> {
    const receiving = await this.roles.rolesReceivingNewScope(access, Permission.SystemManagement, 'edges');
    if (!receiving.covered && receiving.roleIds.length === 0) throw new EdgeNoRoleToReceiveError();
    const other = await this.edges.findIdByName(request.name);
    if (other !== null) throw new EdgeNameTakenError(request.name.trim());
    const id = newId();
    const code = this.activation.newCode();
    await this.edges.insert({
      id,
      name: request.name,
      now: this.clock.now(),
      activation: { codeHash: code.hash, expiresAt: code.expiresAt },
    });
    await this.roles.grantEdgeToRoles(id, receiving.roleIds);
    return { id, name: request.name.trim(), activation: { code: code.code, expiresAt: code.expiresAt.toISOString() } };
  }

  /** A fresh activation code for the edge (e.g. a reinstalled edge); the previous unused one stops working. */
  async issueActivationCode(access: AccessScope, id: string): Promise<EdgeActivationCodeResponse> {
    await this.assertInScope(access, id);
    const code = this.activation.newCode();
    await this.edges.setActivationCode(id, code.hash, code.expiresAt, this.clock.now());
    return { code: code.code, expiresAt: code.expiresAt.toISOString() };
  }

  /** Deletes an edge without devices (409 while devices are on it). */
  async delete(access: AccessScope, id: string): Promise<void> {
    await this.assertInScope(access, id);
    const count = (await this.edges.deviceCounts([id])).get(id) ?? 0;
    if (count > 0) throw new EdgeHasDevicesError(count);
    await this.edges.delete(id);
  }

  /** 404 unless the edge exists and is in the scope. */
  async assertInScope(scope: EdgeScope, id: string): Promise<void> {
    if (!(await this.edges.findInScope(scope, id))) throw new EdgeNotFoundError(id);
  }

  /** Sets how the server reaches the edge; the token is stored encrypted and never returned. */
  async updateConnection(
    id: string,
    request: UpdateEdgeConnectionRequest,
    access: AccessScope,
  ): Promise<EdgeDetailResponse> {
    await this.assertInScope(access, id);
    if (request.name !== undefined) {
      const other = await this.edges.findIdByName(request.name);
      if (other !== null && other !== id) throw new EdgeNameTakenError(request.name.trim());
      await this.edges.rename(id, request.name, this.clock.now());
    }
    const update: EdgeConnectionUpdate = {};
    if (request.url !== undefined) update.url = request.url === null ? null : request.url.trim().replace(/\/+$/, '');
    if (request.token !== undefined)
      update.tokenEncrypted = request.token === null ? null : this.secretBox.encrypt(request.token);
    if (request.caPem !== undefined) update.caPem = request.caPem === null ? null : request.caPem.trim() + '\n';
    if (Object.keys(update).length > 0) await this.edges.updateConnection(id, update, this.clock.now());
    return this.detail(access, id);
  }

  async detail(access: AccessScope, id: string): Promise<EdgeDetailResponse> {
    await this.assertInScope(access, id);
    const edge = await this.edges.findConnection(id);
    if (!edge) throw new EdgeNotFoundError(id);
    return this.toDetail(edge, (await this.edges.deviceCounts([id])).get(id) ?? 0);
  }

  /**
   * Edges the scheduler can call (system call, no caller): activated ones with mutual TLS, manually connected ones
   * with their token decrypted. An edge whose token cannot be decrypted (wrong master key) is in `broken`.
   */
  async connectableEdges(): Promise<{ usable: EdgeConnection[]; broken: { id: string; error: string }[] }> {
    const usable: EdgeConnection[] = [];
    const broken: { id: string; error: string }[] = [];
    for (const e of await this.edges.listConnectable()) {
      if (e.url === null) continue;
      if (e.activatedAt !== null) {
        const client = this.ca.clientCredentials();
        usable.push({
          id: e.id,
          name: e.name,
          url: e.url,
          token: null,
          caPem: null,
          mutualTls: { caPem: client.caCertificatePem, certificatePem: client.certificatePem, keyPem: client.keyPem },
        });
        continue;
      }
      if (e.tokenEncrypted === null) continue;
      try {
        usable.push({
          id: e.id,
          name: e.name,
          url: e.url,
          token: this.secretBox.decrypt(e.tokenEncrypted),
          caPem: e.caPem,
          mutualTls: null,
        });
      } catch (error) {
        broken.push({
          id: e.id,
          error: `Edge token unreadable: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    return { usable, broken };
  }

  async markSeen(id: string, version?: string): Promise<void> {
    await this.edges.markSeen(id, this.clock.now(), version);
  }

  /** Where the scheduler stopped reading this edge's device-events outbox; kept across server restarts. */
  deviceEventsCursor(id: string): Promise<string | null> {
    return this.edges.deviceEventsCursor(id);
  }

  saveDeviceEventsCursor(id: string, cursor: string): Promise<void> {
    return this.edges.saveDeviceEventsCursor(id, cursor);
  }

  async markFailed(id: string, message: string): Promise<void> {
    await this.edges.markFailed(id, this.clock.now(), message);
  }

  /** Activated edges with their last contact (the edge-offline check). */
  async activatedEdges(): Promise<
    { id: string; name: string; url: string | null; lastSeenAt: Date | null; activatedAt: Date }[]
  > {
    return (await this.edges.listActivated()).map((e) => ({
      id: e.id,
      name: e.name,
      url: e.url,
      lastSeenAt: e.lastSeenAt,
      activatedAt: e.activatedAt ?? new Date(0),
    }));
  }

  private toDetail(edge: EdgeConnectionRecord, deviceCount: number): EdgeDetailResponse {
    return { ...toDetail(edge, edgeStatus(edge, this.clock.now())), deviceCount };
  }
}

/**
 * pending = never activated and not connected by hand; offline = its last call failed after its last contact, or
 * not seen for the default edge-offline delay; else online.
 */
export function edgeStatus(
  edge: Pick<EdgeConnectionRecord, 'activatedAt' | 'tokenEncrypted' | 'lastSeenAt' | 'lastErrorAt'>,
  now: Date,
): EdgeStatus {
  if (edge.activatedAt === null && edge.tokenEncrypted === null) return 'pending';
  if (edge.lastErrorAt !== null && (edge.lastSeenAt === null || edge.lastErrorAt >= edge.lastSeenAt)) return 'offline';
  const since = edge.lastSeenAt ?? edge.activatedAt;
  if (since === null || now.getTime() - since.getTime() >= DEFAULT_ALERT_POLICY.edgeOffline.afterMs) return 'offline';
  return 'online';
}

function toDetail(edge: EdgeConnectionRecord, status: EdgeStatus): Omit<EdgeDetailResponse, 'deviceCount'> {
  return {
    id: edge.id,
    name: edge.name,
    url: edge.url,
    hasToken: edge.tokenEncrypted !== null,
    hasCaPem: edge.caPem !== null,
    version: edge.version,
    lastSeenAt: edge.lastSeenAt?.toISOString() ?? null,
    lastErrorAt: edge.lastErrorAt?.toISOString() ?? null,
    lastError: edge.lastError,
    status,
    activatedAt: edge.activatedAt?.toISOString() ?? null,
  };
}
