import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BooleanColumn, DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../../infra/database/column-types';

/**
 * One alert (an `AlertRecord` of the lifecycle) plus its mail bookkeeping. `openKey` equals `conditionKey` while
 * the alert is open or acknowledged and is NULL once resolved; a UNIQUE index on it keeps one open alert per
 * condition even when two polls race.
 */
@Entity({ name: 'alerts' })
export class AlertEntity {
  @UuidPrimaryColumn() id!: string;
  @Column({ name: 'condition_key', type: 'varchar', length: 300 }) conditionKey!: string;
  @Column({ name: 'open_key', type: 'varchar', length: 300, nullable: true }) openKey!: string | null;
  @Column({ name: 'target_kind', type: 'varchar', length: 16 }) targetKind!: 'device' | 'edge';
  @UuidColumn({ name: 'target_id' }) targetId!: string;
  @Column({ type: 'varchar', length: 32 }) rule!: string;
  @Column({ type: 'varchar', length: 200 }) subject!: string;
  @Column({ type: 'varchar', length: 16 }) severity!: string;
  @Column({ type: 'varchar', length: 500 }) summary!: string;
  @Column({ type: 'text', nullable: true }) detail!: string | null;
  @Column({ type: 'varchar', length: 16 }) state!: string;
  @DateTimeColumn({ name: 'opened_at' }) openedAt!: Date;
  @DateTimeColumn({ name: 'last_seen_at' }) lastSeenAt!: Date;
  @DateTimeColumn({ name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column({ name: 'acknowledged_by', type: 'varchar', length: 100, nullable: true }) acknowledgedBy!: string | null;
  @DateTimeColumn({ name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @Column({ name: 'resolved_by', type: 'varchar', length: 100, nullable: true }) resolvedBy!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) resolution!: 'auto' | 'manual' | null;
  @Column({ name: 'reopen_count', type: 'int', default: 0 }) reopenCount!: number;
  @DateTimeColumn({ name: 'last_notified_at', nullable: true }) lastNotifiedAt!: Date | null;
  @Column({ name: 'mail_count', type: 'int', default: 0 }) mailCount!: number;
  /** A notification is owed (the last attempt failed, or there was nobody/no server to send it to). */
  @BooleanColumn({ name: 'mail_pending', default: false }) mailPending!: boolean;
  /** `opened` or `escalated`: which mail is owed. */
  @Column({ name: 'mail_pending_kind', type: 'varchar', length: 16, nullable: true })
  mailPendingKind!: 'opened' | 'escalated' | null;
  @DateTimeColumn({ name: 'last_mail_attempt_at', nullable: true }) lastMailAttemptAt!: Date | null;
  @Column({ name: 'last_mail_error', type: 'varchar', length: 1000, nullable: true }) lastMailError!: string | null;
}

/** One notification sent (mail or webhook) for the per-target hourly cap. */
@Entity({ name: 'alert_notifications' })
export class AlertNotificationEntity {
  @UuidPrimaryColumn() id!: string;
  @UuidColumn({ name: 'alert_id' }) alertId!: string;
  @Column({ name: 'target_kind', type: 'varchar', length: 16 }) targetKind!: string;
  @UuidColumn({ name: 'target_id' }) targetId!: string;
  @Column({ type: 'varchar', length: 16 }) channel!: 'mail' | 'webhook';
  @DateTimeColumn({ name: 'sent_at' }) sentAt!: Date;
}

/** Memory of the unreachable rule between polls (`DeviceWatchState`). */
@Entity({ name: 'device_alert_watch' })
export class DeviceAlertWatchEntity {
  @PrimaryColumn({ name: 'device_id', type: 'varchar', length: 36 }) deviceId!: string;
  @Column({ name: 'consecutive_failures', type: 'int', default: 0 }) consecutiveFailures!: number;
  @DateTimeColumn({ name: 'first_failure_at', nullable: true }) firstFailureAt!: Date | null;
  @DateTimeColumn({ name: 'last_success_at', nullable: true }) lastSuccessAt!: Date | null;
}

/** A device group's alert policy override (JSON) and its recipients, the secrets encrypted with SecretBox. */
@Entity({ name: 'device_group_alert_settings' })
export class DeviceGroupAlertSettingsEntity {
  @PrimaryColumn({ name: 'device_group_id', type: 'varchar', length: 36 }) deviceGroupId!: string;
  @Column({ type: 'text', nullable: true }) policy!: string | null;
  /** SecretBox(JSON array of mail addresses). */
  @Column({ name: 'recipients_encrypted', type: 'text', nullable: true }) recipientsEncrypted!: string | null;
  @Column({ name: 'webhook_url_encrypted', type: 'text', nullable: true }) webhookUrlEncrypted!: string | null;
  @Column({ name: 'webhook_secret_encrypted', type: 'text', nullable: true }) webhookSecretEncrypted!: string | null;
  @DateTimeColumn({ name: 'updated_at' }) updatedAt!: Date;
}
