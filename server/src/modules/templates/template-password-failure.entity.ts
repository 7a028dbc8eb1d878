import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../infra/database/column-types';

/** Failed template-password checks of one user on one template (docs/decisions/0024). */
@Entity('template_password_failures')
export class TemplatePasswordFailureEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId!: string;
  @PrimaryColumn({ name: 'template_id', type: 'varchar', length: 36 }) templateId!: string;
  @Column({ name: 'failure_count', type: 'int' }) failureCount!: number;
  @DateTimeColumn({ name: 'window_started_at' }) windowStartedAt!: Date;
  @DateTimeColumn({ name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
  /** Grows by one with every write: a write names the revision it read (compare-and-set). */
  @Column({ type: 'int' }) revision!: number;
}
