import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

@Entity('audit_log')
export class AuditEntryEntity {
  @UuidPrimaryColumn() id!: string;
  @DateTimeColumn() at!: Date;
  @UuidColumn({ name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column({ name: 'actor_name', type: 'varchar', length: 200, nullable: true }) actorName!: string | null;
  @Column({ type: 'varchar', length: 100 }) action!: string;
  @Column({ type: 'varchar', length: 10 }) method!: string;
  @Column({ type: 'varchar', length: 500 }) path!: string;
  @Column({ name: 'target_type', type: 'varchar', length: 100, nullable: true }) targetType!: string | null;
  @Column({ name: 'target_id', type: 'varchar', length: 200, nullable: true }) targetId!: string | null;
  @Column({ type: 'varchar', length: 16 }) outcome!: 'success' | 'failure';
  @Column({ name: 'status_code', type: 'int' }) statusCode!: number;
  @Column({ name: 'correlation_id', type: 'varchar', length: 100 }) correlationId!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip!: string | null;
}
