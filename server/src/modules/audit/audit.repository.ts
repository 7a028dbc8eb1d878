import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditFilter {
  page: number;
  pageSize: number;
  actorId?: string;
  action?: string;
  outcome?: 'success' | 'failure';
  from?: Date;
  to?: Date;
}

/** The only code that touches `audit_log` (append-only: no update, no delete). */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly repo: Repository<AuditEntryEntity>) {}

  /** `em`: inside a caller's transaction (an action the server takes on its own, recorded with its effect). */
  insert(entry: AuditEntryEntity, em?: EntityManager): Promise<unknown> {
    return (em ? em.getRepository(AuditEntryEntity) : this.repo).insert(entry);
  }

  async list(filter: AuditFilter): Promise<{ items: AuditEntryEntity[]; total: number }> {
    const qb = this.repo.createQueryBuilder('a').where('1 = 1');
    if (filter.actorId !== undefined) qb.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.action !== undefined) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.outcome !== undefined) qb.andWhere('a.outcome = :outcome', { outcome: filter.outcome });
    // ISO strings of one fixed format compare in time order.
    if (filter.from !== undefined) qb.andWhere('a.at >= :from', { from: filter.from.toISOString() });
    if (filter.to !== undefined) qb.andWhere('a.at <= :to', { to: filter.to.toISOString() });
    const [items, total] = await qb
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
    return { items, total };
  }
}
