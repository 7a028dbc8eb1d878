import type { AuditEntryResponse, AuditQuery, Page } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId } from '../../infra/database/column-types';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRecorder } from './audit-recorder';
import { AuditRepository } from './audit.repository';

@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly recorder: AuditRecorder,
  ) {}

  /**
   * Records an action the server took on its own (no HTTP request: the delivery runner changing a device's stored
   * credentials after a delivery changed them on the device), inside the caller's transaction. `method` is
   * `SYSTEM`; `path` names what caused it (e.g. the delivery); `correlationId` ties it to the operation.
   */
  async recordSystem(
    em: EntityManager,
    entry: {
      at: Date;
      actorId: string | null;
      actorName: string | null;
      action: string;
      path: string;
      targetType: string;
      targetId: string;
      correlationId: string;
    },
  ): Promise<void> {
    await this.repository.insert(
      Object.assign(new AuditEntryEntity(), {
        id: newId(),
        at: entry.at,
        actorId: entry.actorId,
        actorName: entry.actorName?.slice(0, 200) ?? null,
        action: entry.action.slice(0, 100),
        method: 'SYSTEM',
        path: entry.path.slice(0, 500),
        targetType: entry.targetType,
        targetId: entry.targetId.slice(0, 200),
        outcome: 'success',
        statusCode: 200,
        correlationId: entry.correlationId.slice(0, 100),
        ip: null,
      }),
      em,
    );
  }

  async list(query: AuditQuery): Promise<Page<AuditEntryResponse>> {
    await this.recorder.flush();
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const filter: Parameters<AuditRepository['list']>[0] = { page, pageSize };
    if (query.actorId !== undefined) filter.actorId = query.actorId;
    if (query.action !== undefined) filter.action = query.action;
    if (query.outcome !== undefined) filter.outcome = query.outcome;
    if (query.from !== undefined) filter.from = new Date(query.from);
    if (query.to !== undefined) filter.to = new Date(query.to);
    const { items, total } = await this.repository.list(filter);
    return {
      items: items.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actorId: e.actorId,
        actorName: e.actorName,
        action: e.action,
        method: e.method,
        path: e.path,
        targetType: e.targetType,
        targetId: e.targetId,
        outcome: e.outcome,
        statusCode: e.statusCode,
        correlationId: e.correlationId,
        ip: e.ip,
      })),
      total,
      page,
      pageSize,
    };
  }
}
