import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import {
  booleanColumn,
  dateTimeColumn,
  driverType,
  intColumn,
  textColumn,
  uuidColumn,
  varcharColumn,
} from '../column-types';

/** `deliveries` as 1764000007000 created it (SQL Server: TypeORM need not read it back). */
function deliveriesBefore(queryRunner: QueryRunner): Table {
  return new Table({
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
  });
}

/**
 * Whether a delivery's creator accepted that its template takes Fleetward's own SNMP access away from devices
 * (docs/decisions/0021). Existing deliveries: false, so the runner guards them too. On SQLite plain `ALTER TABLE … ADD
 * COLUMN` (TypeORM would rebuild the table).
 */
export class AddAcceptAccessLossToDeliveries1764000021000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = driverType(queryRunner);
    if (driver === 'better-sqlite3') {
      await queryRunner.query(`ALTER TABLE "deliveries" ADD COLUMN "accept_access_loss" boolean NOT NULL DEFAULT 0`);
    } else {
      await queryRunner.addColumn(
        driver === 'mssql' ? deliveriesBefore(queryRunner) : 'deliveries',
        new TableColumn(booleanColumn(queryRunner, 'accept_access_loss', false)),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('deliveries', 'accept_access_loss');
  }
}
