import { Column, Entity } from 'typeorm';
import { BooleanColumn, DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** A delivery of one template version to devices and groups, now, once at a time, or recurring. */
@Entity({ name: 'deliveries' })
export class DeliveryEntity {
  @UuidPrimaryColumn()
  id!: string;

  @UuidColumn({ name: 'template_id' })
  templateId!: string;

  @Column({ name: 'template_version', type: 'int' })
  templateVersion!: number;

  /** scheduled | running | completed | cancelled */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  /** JSON DeliverySchedule, null = now. */
  @Column({ type: 'text', nullable: true })
  schedule?: string | null;

  @DateTimeColumn({ name: 'next_run_at', nullable: true })
  nextRunAt?: Date | null;

  @Column({ type: 'int', default: 0 })
  runs!: number;

  /** JSON arrays of the requested targets (expanded at each run within the creator's scope). */
  @Column({ name: 'device_ids', type: 'text' })
  deviceIds!: string;

  @Column({ name: 'group_ids', type: 'text' })
  groupIds!: string;

  @Column({ name: 'retry_max_attempts', type: 'int' })
  retryMaxAttempts!: number;

  @Column({ name: 'retry_backoff_seconds', type: 'int' })
  retryBackoffSeconds!: number;

  /**
   * The creator chose to deliver although the template takes Fleetward's own SNMP access away from some devices
   * (docs/decisions/0021); otherwise such devices are refused at creation and not sent at later runs.
   */
  @BooleanColumn({ name: 'accept_access_loss', default: false })
  acceptAccessLoss!: boolean;

  /** Whose scope the targets are expanded in (and re-checked at every send). */
  @UuidColumn({ name: 'created_by' })
  createdBy!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/**
 * One device of one run of a delivery: what was sent (keys only: values and secrets stay in the encrypted
 * template version), the status, attempts, the edge operation id of the current attempt and the device's answer.
 */
@Entity({ name: 'delivery_devices' })
export class DeliveryDeviceEntity {
  @UuidPrimaryColumn()
  id!: string;

  @UuidColumn({ name: 'delivery_id' })
  deliveryId!: string;

  @Column({ type: 'int' })
  run!: number;

  @UuidColumn({ name: 'device_id' })
  deviceId!: string;

  /** pending | sending | applied | partiallyApplied | failed | unsupported | unreachable | cancelled */
  @Column({ type: 'varchar', length: 24 })
  status!: string;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'operation_id', type: 'varchar', length: 200, nullable: true })
  operationId?: string | null;

  /** JSON array of the keys sent. */
  @Column({ name: 'sent_keys', type: 'text' })
  sentKeys!: string;

  /** JSON SettingApplyOutcome[] of the last answer (no values). */
  @Column({ type: 'text', nullable: true })
  outcomes?: string | null;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode?: string | null;

  @Column({ name: 'error_message', type: 'varchar', length: 500, nullable: true })
  errorMessage?: string | null;

  /** Pending: when to send; after a failure: when the policy (or a retry request) sends again. */
  @DateTimeColumn({ name: 'next_attempt_at', nullable: true })
  nextAttemptAt?: Date | null;

  @DateTimeColumn({ name: 'started_at', nullable: true })
  startedAt?: Date | null;

  @DateTimeColumn({ name: 'finished_at', nullable: true })
  finishedAt?: Date | null;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
