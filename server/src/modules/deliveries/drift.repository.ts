import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DriftResultEntity, TemplateAssignmentEntity } from './drift.entity';

/** The only code that touches template_assignments and drift_results. */
@Injectable()
export class DriftRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get assignments() {
    return this.dataSource.getRepository(TemplateAssignmentEntity);
  }

  /** `createdBy` null: every assignment (a caller who reaches every group). */
  list(visibleTo: { createdBy: string | null }): Promise<TemplateAssignmentEntity[]> {
    return this.assignments.find({
      where: visibleTo.createdBy === null ? {} : { createdBy: visibleTo.createdBy },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  find(id: string): Promise<TemplateAssignmentEntity | null> {
    return this.assignments.findOne({ where: { id } });
  }

  async insert(row: TemplateAssignmentEntity): Promise<void> {
    await this.assignments.insert(row);
  }

  async update(id: string, changes: Partial<TemplateAssignmentEntity>): Promise<void> {
    await this.assignments.update({ id }, changes);
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(DriftResultEntity).delete({ assignmentId: id });
      await em.getRepository(TemplateAssignmentEntity).delete({ id });
    });
  }

  due(now: Date): Promise<TemplateAssignmentEntity[]> {
    return this.assignments
      .createQueryBuilder('a')
      .where('a.next_check_at <= :now', { now: now.toISOString() })
      .orderBy('a.next_check_at', 'ASC')
      .getMany();
  }

  /** Replaces the results of one check (devices no longer targeted drop out). */
  async replaceResults(assignmentId: string, results: DriftResultEntity[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(DriftResultEntity);
      await repo.delete({ assignmentId });
      for (let i = 0; i < results.length; i += 200) await repo.insert(results.slice(i, i + 200));
    });
  }

  results(assignmentId: string): Promise<DriftResultEntity[]> {
    return this.dataSource
      .getRepository(DriftResultEntity)
      .find({ where: { assignmentId }, order: { deviceId: 'ASC' } });
  }
}
