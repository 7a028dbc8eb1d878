import type { AuditEntryResponse, AuditQuery, Page } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { AuditRecorder } from './audit-recorder';
import { AuditRepository } from './audit.repository';

@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly recorder: AuditRecorder,
  ) {}

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
