import type {
  CreateEdgeRequest,
  EdgeDetailResponse,
  EdgeSummaryResponse,
  UpdateEdgeConnectionRequest,
} from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { SecretBox } from '../../infra/crypto/secret-box';
import { newId } from '../../infra/database/column-types';
import { RolesService } from '../roles/roles.service';
import type { EdgeScope } from './edge-scope';
import { EdgeNameTakenError, EdgeNoRoleToReceiveError, EdgeNotFoundError } from './edge.errors';
import { type EdgeConnectionRecord, type EdgeConnectionUpdate, EdgeRepository } from './edge.repository';

/** An edge the server can call, token decrypted (scheduler only; never logged or returned). */
export interface EdgeConnection {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly token: string;
  readonly caPem: string | null;
}

/** Minimal edges: list what the caller's roles reach, register a new one. The edge issue adds activation. */
@Injectable()
export class EdgesService {
  constructor(
    private readonly edges: EdgeRepository,
    private readonly roles: RolesService,
    private readonly clock: Clock,
    private readonly secretBox: SecretBox,
  ) {}

  async list(access: AccessScope): Promise<EdgeSummaryResponse[]> {
    return this.edges.listInScope(access);
  }

  /** Registers an edge; unless the caller reaches every edge it is added to his administered System Management roles. */
  async create(request: CreateEdgeRequest, access: AccessScope): Promise<EdgeSummaryResponse> {
    const receiving = await this.roles.rolesReceivingNewScope(access, Permission.SystemManagement, 'edges');
    if (!receiving.covered && receiving.roleIds.length === 0) throw new EdgeNoRoleToReceiveError();
    const other = await this.edges.findIdByName(request.name);
    if (other !== null) throw new EdgeNameTakenError(request.name.trim());
    const id = newId();
    await this.edges.insert({ id, name: request.name, now: this.clock.now() });
    await this.roles.grantEdgeToRoles(id, receiving.roleIds);
    return { id, name: request.name.trim() };
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
    const update: EdgeConnectionUpdate = {};
    if (request.url !== undefined) update.url = request.url === null ? null : request.url.trim().replace(/\/+$/, '');
    if (request.token !== undefined)
      update.tokenEncrypted = request.token === null ? null : this.secretBox.encrypt(request.token);
    if (request.caPem !== undefined) update.caPem = request.caPem === null ? null : request.caPem.trim() + '\n';
    await this.edges.updateConnection(id, update, this.clock.now());
    return this.detail(access, id);
  }

  async detail(access: AccessScope, id: string): Promise<EdgeDetailResponse> {
    await this.assertInScope(access, id);
    const edge = await this.edges.findConnection(id);
    if (!edge) throw new EdgeNotFoundError(id);
    return toDetail(edge);
  }

  /**
   * Edges with a URL and a token, token decrypted (for the polling scheduler; system call, no caller).
   * An edge whose token cannot be decrypted (wrong master key) is listed in `broken`, not thrown.
   */
  async connectableEdges(): Promise<{ usable: EdgeConnection[]; broken: { id: string; error: string }[] }> {
    const usable: EdgeConnection[] = [];
    const broken: { id: string; error: string }[] = [];
    for (const e of await this.edges.listConnectable()) {
      if (e.url === null || e.tokenEncrypted === null) continue;
      try {
        usable.push({
          id: e.id,
          name: e.name,
          url: e.url,
          token: this.secretBox.decrypt(e.tokenEncrypted),
          caPem: e.caPem,
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

  async markFailed(id: string, message: string): Promise<void> {
    await this.edges.markFailed(id, this.clock.now(), message);
  }
}

function toDetail(edge: EdgeConnectionRecord): EdgeDetailResponse {
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
  };
}
