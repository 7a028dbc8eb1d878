import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LockoutState } from '../../common/lockout/lockout-policy';
import { isUniqueViolation } from '../../infra/database/unique-violation';
import { TemplatePasswordFailureEntity } from './template-password-failure.entity';

/** The failure state of one user on one template as read, with the revision a write must name. */
export interface StoredTemplatePasswordFailures {
  state: LockoutState;
  revision: number;
}

/**
 * The only code that touches `template_password_failures`. Writes are compare-and-set on `revision` (an insert for
 * a first failure), so concurrent requests, in one process or several on the same database, never lose a failure:
 * the loser of a race reads again and decides again.
 */
@Injectable()
export class TemplatePasswordFailureRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(userId: string, templateId: string): Promise<StoredTemplatePasswordFailures | null> {
    const row = await this.dataSource
      .getRepository(TemplatePasswordFailureEntity)
      .findOne({ where: { userId, templateId } });
    if (!row) return null;
    return {
      state: { failureCount: row.failureCount, windowStartedAt: row.windowStartedAt, lockedUntil: row.lockedUntil },
      revision: row.revision,
    };
  }

  /**
   * Stores `next` if the row is still at `expectedRevision` (null: there is no row yet). False when another request
   * wrote first; the caller then reads again.
   */
  async replace(
    userId: string,
    templateId: string,
    expectedRevision: number | null,
    next: LockoutState,
  ): Promise<boolean> {
    const values = {
      failureCount: next.failureCount,
      windowStartedAt: next.windowStartedAt,
      lockedUntil: next.lockedUntil,
    };
    if (expectedRevision === null) {
      try {
        await this.dataSource
          .getRepository(TemplatePasswordFailureEntity)
          .insert({ userId, templateId, ...values, revision: 1 });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    }
    const result = await this.dataSource
      .createQueryBuilder()
      .update(TemplatePasswordFailureEntity)
      .set({ ...values, revision: () => 'revision + 1' })
      .where('user_id = :userId AND template_id = :templateId AND revision = :expectedRevision', {
        userId,
        templateId,
        expectedRevision,
      })
      .execute();
    return result.affected === 1;
  }

  /** A right password: the user starts again from no failure. */
  async clear(userId: string, templateId: string): Promise<void> {
    await this.dataSource.getRepository(TemplatePasswordFailureEntity).delete({ userId, templateId });
  }
}
