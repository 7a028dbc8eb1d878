import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../infra/database/column-types';

/** Failed-login counter per (lower-cased) username, known or not. */
@Entity('login_failures')
export class LoginFailureEntity {
  @PrimaryColumn({ name: 'username_normalized', type: 'varchar', length: 64 }) usernameNormalized!: string;
  @Column({ name: 'failure_count', type: 'int' }) failureCount!: number;
  @DateTimeColumn({ name: 'window_started_at' }) windowStartedAt!: Date;
  @DateTimeColumn({ name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
}
