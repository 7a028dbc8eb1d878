import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { booleanColumn, dateTimeColumn, intColumn, textColumn, uuidColumn, varcharColumn } from '../column-types';

/** Template assignments for the periodic drift check and the latest result per device (issue 5). */
export class CreateDriftCheckTables1764000007100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'template_assignments',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('template_id'),
          textColumn(queryRunner, 'device_ids'),
          textColumn(queryRunner, 'group_ids'),
          intColumn('every_seconds'),
          booleanColumn(queryRunner, 'auto_enforce', false),
          dateTimeColumn('next_check_at'),
          dateTimeColumn('last_checked_at', { nullable: true }),
          uuidColumn('last_delivery_id', { nullable: true }),
          uuidColumn('created_by'),
          dateTimeColumn('created_at'),
        ],
        foreignKeys: [
          { columnNames: ['template_id'], referencedTableName: 'templates', referencedColumnNames: ['id'] },
        ],
        indices: [new TableIndex({ name: 'IDX_template_assignments_next_check', columnNames: ['next_check_at'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'drift_results',
        columns: [
          uuidColumn('assignment_id', { primary: true }),
          uuidColumn('device_id', { primary: true }),
          varcharColumn('status', 16),
          textColumn(queryRunner, 'differences'),
          textColumn(queryRunner, 'unreadable'),
          intColumn('template_version'),
          dateTimeColumn('checked_at'),
        ],
        foreignKeys: [
          {
            columnNames: ['assignment_id'],
            referencedTableName: 'template_assignments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('drift_results');
    await queryRunner.dropTable('template_assignments');
  }
}
