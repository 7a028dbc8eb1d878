import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import {
  booleanColumn,
  dateTimeColumn,
  driverType,
  intColumn,
  textColumn,
  uuidColumn,
  varcharColumn,
} from '../column-types';

/**
 * Alerts and their notifications, per-device watch state of the unreachable rule, per-group alert policy and
 * recipients (encrypted), and `secret_settings` for encrypted settings (the SMTP password).
 *
 * One open alert per condition: `alerts.open_key` holds the condition key while the alert is open or acknowledged
 * and NULL once resolved, under a UNIQUE index. SQLite and PostgreSQL allow many NULLs in a unique index; SQL Server
 * treats NULLs as equal, so there the index is filtered (`WHERE open_key IS NOT NULL`).
 */
export class CreateAlertTables1764000003000 implements MigrationInterface {
  name = 'CreateAlertTables1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mssql = driverType(queryRunner) === 'mssql';
    const text = (name: string, nullable = true) => textColumn(queryRunner, name, { nullable });
    await queryRunner.createTable(
      new Table({
        name: 'alerts',
        columns: [
          uuidColumn('id', { primary: true }),
          varcharColumn('condition_key', 300),
          varcharColumn('open_key', 300, { nullable: true }),
          varcharColumn('target_kind', 16),
          uuidColumn('target_id'),
          varcharColumn('rule', 32),
          varcharColumn('subject', 200),
          varcharColumn('severity', 16),
          varcharColumn('summary', 500),
          text('detail'),
          varcharColumn('state', 16),
          dateTimeColumn('opened_at'),
          dateTimeColumn('last_seen_at'),
          dateTimeColumn('acknowledged_at', { nullable: true }),
          varcharColumn('acknowledged_by', 100, { nullable: true }),
          dateTimeColumn('resolved_at', { nullable: true }),
          varcharColumn('resolved_by', 100, { nullable: true }),
          varcharColumn('resolution', 16, { nullable: true }),
          intColumn('reopen_count', { default: 0 }),
          dateTimeColumn('last_notified_at', { nullable: true }),
          intColumn('mail_count', { default: 0 }),
          booleanColumn(queryRunner, 'mail_pending', false),
          varcharColumn('mail_pending_kind', 16, { nullable: true }),
          dateTimeColumn('last_mail_attempt_at', { nullable: true }),
          varcharColumn('last_mail_error', 1000, { nullable: true }),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_alerts_open_key',
            columnNames: ['open_key'],
            isUnique: true,
            ...(mssql ? { where: 'open_key IS NOT NULL' } : {}),
          }),
          new TableIndex({ name: 'IDX_alerts_target', columnNames: ['target_kind', 'target_id', 'state'] }),
          new TableIndex({ name: 'IDX_alerts_opened', columnNames: ['opened_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'alert_notifications',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('alert_id'),
          varcharColumn('target_kind', 16),
          uuidColumn('target_id'),
          varcharColumn('channel', 16),
          dateTimeColumn('sent_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_alert_notifications_target',
            columnNames: ['target_kind', 'target_id', 'sent_at'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'device_alert_watch',
        columns: [
          uuidColumn('device_id', { primary: true }),
          intColumn('consecutive_failures', { default: 0 }),
          dateTimeColumn('first_failure_at', { nullable: true }),
          dateTimeColumn('last_success_at', { nullable: true }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'device_group_alert_settings',
        columns: [
          uuidColumn('device_group_id', { primary: true }),
          text('policy'),
          text('recipients_encrypted'),
          text('webhook_url_encrypted'),
          text('webhook_secret_encrypted'),
          dateTimeColumn('updated_at'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'secret_settings',
        columns: [
          varcharColumn('setting_key', 100, { primary: true }),
          text('value_encrypted', false),
          dateTimeColumn('updated_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('secret_settings');
    await queryRunner.dropTable('device_group_alert_settings');
    await queryRunner.dropTable('device_alert_watch');
    await queryRunner.dropTable('alert_notifications');
    await queryRunner.dropTable('alerts');
  }
}
