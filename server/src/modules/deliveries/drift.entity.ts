import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BooleanColumn, DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** A template assigned to devices and groups for a periodic drift check (optionally auto-enforced). */
@Entity({ name: 'template_assignments' })
export class TemplateAssignmentEntity {
  @UuidPrimaryColumn()
  id!: string;

  @UuidColumn({ name: 'template_id' })
  templateId!: string;

  @Column({ name: 'device_ids', type: 'text' })
  deviceIds!: string;

  @Column({ name: 'group_ids', type: 'text' })
  groupIds!: string;

  @Column({ name: 'every_seconds', type: 'int' })
  everySeconds!: number;

  @BooleanColumn({ name: 'auto_enforce', default: false })
  autoEnforce!: boolean;

  @DateTimeColumn({ name: 'next_check_at' })
  nextCheckAt!: Date;

  @DateTimeColumn({ name: 'last_checked_at', nullable: true })
  lastCheckedAt?: Date | null;

  @UuidColumn({ name: 'last_delivery_id', nullable: true })
  lastDeliveryId?: string | null;

  @UuidColumn({ name: 'created_by' })
  createdBy!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}

/** The latest drift check result of one device for one assignment (no secrets: they are never compared). */
@Entity({ name: 'drift_results' })
export class DriftResultEntity {
  @PrimaryColumn({ name: 'assignment_id', type: 'varchar', length: 36 })
  assignmentId!: string;

  @PrimaryColumn({ name: 'device_id', type: 'varchar', length: 36 })
  deviceId!: string;

  /** inSync | drifted | unreadable | notApplicable */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  /** JSON DriftDifference[] */
  @Column({ type: 'text' })
  differences!: string;

  /** JSON {key, reason}[]: keys read and failed */
  @Column({ type: 'text' })
  unreadable!: string;

  /** JSON {key, reason}[]: keys the device does not support (null in results written before this column) */
  @Column({ name: 'not_applicable', type: 'text', nullable: true })
  notApplicable?: string | null;

  @Column({ name: 'template_version', type: 'int' })
  templateVersion!: number;

  @DateTimeColumn({ name: 'checked_at' })
  checkedAt!: Date;
}
