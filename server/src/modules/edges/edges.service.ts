import type { CreateEdgeRequest, EdgeSummaryResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { newId } from '../../infra/database/column-types';
import { RolesService } from '../roles/roles.service';
import type { EdgeScope } from './edge-scope';
import { EdgeNameTakenError, EdgeNoRoleToReceiveError, EdgeNotFoundError } from './edge.errors';
import { EdgeRepository } from './edge.repository';

/** Minimal edges: list what the caller's roles reach, register a new one. The edge issue adds activation. */
@Injectable()
export class EdgesService {
  constructor(
    private readonly edges: EdgeRepository,
    private readonly roles: RolesService,
    private readonly clock: Clock,
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
}
