import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { dateTimeColumn, driverType, intColumn, textColumn, uuidColumn, varcharColumn } from '../column-types';

/** `drift_results` as 1764000007100 created it (SQL Server: TypeORM need not read it back). */
function driftResultsBefore(queryRunner: QueryRunner): Table {
  return new Table({
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
  });
}

/**
 * Keys of a template that do not apply to the device checked (its driver or the device does not support them), kept
 * apart from the keys that could not be read (docs/decisions/0020). Nullable: results written before read as none.
 * On SQLite plain `ALTER TABLE … ADD COLUMN` (TypeORM would rebuild the table).
 */
export class AddNotApplicableToDriftResults1764000020000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const column = textColumn(queryRunner, 'not_applicable', { nullable: true });
    const driver = driverType(queryRunner);
    if (driver === 'better-sqlite3') {
      await queryRunner.query(`ALTER TABLE "drift_results" ADD COLUMN "not_applicable" text NULL`);
    } else {
      await queryRunner.addColumn(
        driver === 'mssql' ? driftResultsBefore(queryRunner) : 'drift_results',
        new TableColumn(column),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('drift_results', 'not_applicable');
  }
}
