import { type MigrationInterface, type QueryRunner, Table, TableIndex, TableUnique } from 'typeorm';
import { dateTimeColumn, intColumn, textColumn, uuidColumn, varcharColumn } from '../column-types';

/**
 * Settings templates with immutable versions (values SecretBox-encrypted), the per-device settings-transport
 * access (encrypted), deliveries and their per-device records (issue 5). New tables only: nothing existing changes.
 */
export class CreateTemplateAndDeliveryTables1764000007000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'templates',
        columns: [
          uuidColumn('id', { primary: true }),
          varcharColumn('name', 100),
          varcharColumn('name_normalized', 100),
          varcharColumn('description', 500),
          varcharColumn('kind', 16),
          varcharColumn('password_hash', 255, { nullable: true }),
          intColumn('current_version'),
          dateTimeColumn('created_at'),
          uuidColumn('created_by', { nullable: true }),
          dateTimeColumn('updated_at'),
          uuidColumn('updated_by', { nullable: true }),
          dateTimeColumn('deleted_at', { nullable: true }),
        ],
        uniques: [new TableUnique({ name: 'UQ_templates_name_normalized', columnNames: ['name_normalized'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'template_versions',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('template_id'),
          intColumn('version'),
          textColumn(queryRunner, 'setting_keys'),
          textColumn(queryRunner, 'values_encrypted'),
          dateTimeColumn('created_at'),
          uuidColumn('created_by', { nullable: true }),
        ],
        uniques: [new TableUnique({ name: 'UQ_template_versions_version', columnNames: ['template_id', 'version'] })],
        foreignKeys: [
          { columnNames: ['template_id'], referencedTableName: 'templates', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'device_settings_access',
        columns: [
          uuidColumn('device_id', { primary: true }),
          textColumn(queryRunner, 'access_encrypted'),
          dateTimeColumn('updated_at'),
        ],
        foreignKeys: [
          {
            columnNames: ['device_id'],
            referencedTableName: 'devices',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'deliveries',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('template_id'),
          intColumn('template_version'),
          varcharColumn('status', 16),
          textColumn(queryRunner, 'schedule', { nullable: true }),
          dateTimeColumn('next_run_at', { nullable: true }),
          intColumn('runs', { default: 0 }),
          textColumn(queryRunner, 'device_ids'),
          textColumn(queryRunner, 'group_ids'),
          intColumn('retry_max_attempts'),
          intColumn('retry_backoff_seconds'),
          uuidColumn('created_by'),
          dateTimeColumn('created_at'),
          dateTimeColumn('updated_at'),
        ],
        foreignKeys: [
          { columnNames: ['template_id'], referencedTableName: 'templates', referencedColumnNames: ['id'] },
        ],
        indices: [
          new TableIndex({ name: 'IDX_deliveries_next_run', columnNames: ['status', 'next_run_at'] }),
          new TableIndex({ name: 'IDX_deliveries_created_by', columnNames: ['created_by'] }),
        ],
      }),
    );
    // Device rows keep no foreign key to devices: the record of what was sent outlives a deleted device.
    await queryRunner.createTable(
      new Table({
        name: 'delivery_devices',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('delivery_id'),
          intColumn('run'),
          uuidColumn('device_id'),
          varcharColumn('status', 24),
          intColumn('attempts', { default: 0 }),
          varcharColumn('operation_id', 200, { nullable: true }),
          textColumn(queryRunner, 'sent_keys'),
          textColumn(queryRunner, 'outcomes', { nullable: true }),
          varcharColumn('error_code', 64, { nullable: true }),
          varcharColumn('error_message', 500, { nullable: true }),
          dateTimeColumn('next_attempt_at', { nullable: true }),
          dateTimeColumn('started_at', { nullable: true }),
          dateTimeColumn('finished_at', { nullable: true }),
          dateTimeColumn('updated_at'),
        ],
        uniques: [
          new TableUnique({ name: 'UQ_delivery_devices_run_device', columnNames: ['delivery_id', 'run', 'device_id'] }),
        ],
        foreignKeys: [
          {
            columnNames: ['delivery_id'],
            referencedTableName: 'deliveries',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [new TableIndex({ name: 'IDX_delivery_devices_due', columnNames: ['status', 'next_attempt_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('delivery_devices');
    await queryRunner.dropTable('deliveries');
    await queryRunner.dropTable('device_settings_access');
    await queryRunner.dropTable('template_versions');
    await queryRunner.dropTable('templates');
  }
}
