import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { dateTimeColumn, intColumn, uuidColumn } from '../column-types';

/**
 * Failed template-password checks per user and template (docs/decisions/0024): the count inside the current
 * window, the lock, and a revision that makes every write a compare-and-set, so several server processes on one
 * database count every failure. A deleted user takes his rows along; templates are only ever soft-deleted.
 */
export class CreateTemplatePasswordFailures1764000024000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'template_password_failures',
        columns: [
          uuidColumn('user_id', { primary: true }),
          uuidColumn('template_id', { primary: true }),
          intColumn('failure_count'),
          dateTimeColumn('window_started_at'),
          dateTimeColumn('locked_until', { nullable: true }),
          intColumn('revision'),
        ],
        foreignKeys: [
          {
            name: 'FK_template_password_failures_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'FK_template_password_failures_template',
            columnNames: ['template_id'],
            referencedTableName: 'templates',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('template_password_failures');
  }
}
