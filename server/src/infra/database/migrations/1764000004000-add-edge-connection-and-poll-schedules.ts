import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  type TableColumnOptions,
  TableIndex,
} from 'typeorm';
import { dateTimeColumn, driverType, textColumn, uuidColumn, varcharColumn } from '../column-types';

function edgeColumns(queryRunner: QueryRunner): TableColumnOptions[] {
  return [
    varcharColumn('url', 500, { nullable: true }),
    textColumn(queryRunner, 'token_encrypted', { nullable: true }),
    textColumn(queryRunner, 'ca_pem', { nullable: true }),
    varcharColumn('version', 100, { nullable: true }),
    dateTimeColumn('last_seen_at', { nullable: true }),
    dateTimeColumn('last_error_at', { nullable: true }),
    varcharColumn('last_error', 500, { nullable: true }),
  ];
}

/** `edges` as 1764000001000 created it (SQL Server: TypeORM need not read it back). */
function edgesTableAsCreated(): Table {
  return new Table({
    name: 'edges',
    columns: [
      uuidColumn('id', { primary: true }),
      varcharColumn('name', 100),
      varcharColumn('name_normalized', 100),
      dateTimeColumn('created_at'),
      dateTimeColumn('updated_at'),
    ],
  });
}

/**
 * How the server reaches an edge (URL, encrypted API token, pinned certificate, last contact) and the
 * per-device due times of the polling scheduler (their own table, so the devices table stays as it is).
 *
 * Like 1764000002000: on SQLite plain `ALTER TABLE … ADD COLUMN` (TypeORM's SQLite `addColumn` rebuilds the
 * table, and dropping `edges` would set every device's `edge_id` to NULL).
 */
export class AddEdgeConnectionAndPollSchedules1764000004000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = driverType(queryRunner);
    const added = edgeColumns(queryRunner);
    if (driver === 'better-sqlite3') {
      for (const c of added) {
        const length = c.length ? `(${c.length})` : '';
        await queryRunner.query(`ALTER TABLE "edges" ADD COLUMN "${c.name}" ${c.type}${length} NULL`);
      }
    } else {
      await queryRunner.addColumns(
        driver === 'mssql' ? edgesTableAsCreated() : 'edges',
        added.map((c) => new TableColumn(c)),
      );
    }
    await queryRunner.createTable(
      new Table({
        name: 'device_poll_schedules',
        columns: [
          uuidColumn('device_id', { primary: true }),
          dateTimeColumn('next_status_poll_at'),
          dateTimeColumn('next_full_poll_at'),
        ],
        foreignKeys: [
          {
            columnNames: ['device_id'],
            referencedTableName: 'devices',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          new TableIndex({ name: 'IDX_device_poll_schedules_next_status', columnNames: ['next_status_poll_at'] }),
          new TableIndex({ name: 'IDX_device_poll_schedules_next_full', columnNames: ['next_full_poll_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('device_poll_schedules');
    for (const column of edgeColumns(queryRunner).reverse()) await queryRunner.dropColumn('edges', column.name);
  }
}
