import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { dateTimeColumn, driverType, textColumn, uuidColumn, varcharColumn } from '../column-types';

const CURSOR = varcharColumn('device_events_cursor', 64, { nullable: true });

/** `edges` as 1764000005000 left it (SQL Server: TypeORM need not read it back). */
function edgesTableBefore(queryRunner: QueryRunner): Table {
  return new Table({
    name: 'edges',
    columns: [
      uuidColumn('id', { primary: true }),
      varcharColumn('name', 100),
      varcharColumn('name_normalized', 100),
      dateTimeColumn('created_at'),
      dateTimeColumn('updated_at'),
      varcharColumn('url', 500, { nullable: true }),
      textColumn(queryRunner, 'token_encrypted', { nullable: true }),
      textColumn(queryRunner, 'ca_pem', { nullable: true }),
      varcharColumn('version', 100, { nullable: true }),
      dateTimeColumn('last_seen_at', { nullable: true }),
      dateTimeColumn('last_error_at', { nullable: true }),
      varcharColumn('last_error', 500, { nullable: true }),
      varcharColumn('activation_code_hash', 64, { nullable: true }),
      dateTimeColumn('activation_code_expires_at', { nullable: true }),
      dateTimeColumn('activated_at', { nullable: true }),
      textColumn(queryRunner, 'certificate_pem', { nullable: true }),
    ],
  });
}

/**
 * Where the server stopped reading each edge's device-events outbox. Kept in memory before, so a restarted server
 * read the whole outbox again and re-applied old notification polls over newer scheduled ones (history flipping,
 * closed alerts reopened). A cursor of an earlier run of the edge is recognised by the edge and reads its new
 * outbox from the start.
 *
 * Like 1764000004000: on SQLite plain `ALTER TABLE … ADD COLUMN` (a table rebuild would null devices.edge_id).
 */
export class AddDeviceEventsCursorToEdges1764000008000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = driverType(queryRunner);
    if (driver === 'better-sqlite3') {
      await queryRunner.query(`ALTER TABLE "edges" ADD COLUMN "${CURSOR.name}" varchar(64) NULL`);
    } else {
      await queryRunner.addColumn(
        driver === 'mssql' ? edgesTableBefore(queryRunner) : 'edges',
        new TableColumn(CURSOR),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('edges', CURSOR.name);
  }
}
