import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  type TableColumnOptions,
  TableIndex,
} from 'typeorm';
import { dateTimeColumn, driverType, intColumn, textColumn, uuidColumn, varcharColumn } from '../column-types';

/** The last-poll times added to `device_poll_schedules` (null for rows written before this migration). */
function scheduleColumns(): TableColumnOptions[] {
  return [
    dateTimeColumn('last_polled_at', { nullable: true }),
    dateTimeColumn('last_full_poll_at', { nullable: true }),
  ];
}

/** `device_poll_schedules` as 1764000004000 created it (SQL Server: TypeORM need not read it back). */
function schedulesTableAsCreated(): Table {
  return new Table({
    name: 'device_poll_schedules',
    columns: [
      uuidColumn('device_id', { primary: true }),
      dateTimeColumn('next_status_poll_at'),
      dateTimeColumn('next_full_poll_at'),
    ],
  });
}

/**
 * Per-group poll interval overrides, the last poll times the scheduler needs to shorten a device's due time when
 * an override is lowered, and edge discovery runs (kept 24 h for adoption; the submitted SNMP credentials are
 * encrypted with the SecretBox).
 *
 * Like 1764000004000: on SQLite plain `ALTER TABLE … ADD COLUMN` (TypeORM's SQLite `addColumn` rebuilds the table).
 */
export class AddGroupPollPoliciesAndDiscoveryRuns1764000006000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = driverType(queryRunner);
    if (driver === 'better-sqlite3') {
      for (const c of scheduleColumns()) {
        await queryRunner.query(
          `ALTER TABLE "device_poll_schedules" ADD COLUMN "${c.name}" ${c.type}(${c.length}) NULL`,
        );
      }
    } else {
      await queryRunner.addColumns(
        driver === 'mssql' ? schedulesTableAsCreated() : 'device_poll_schedules',
        scheduleColumns().map((c) => new TableColumn(c)),
      );
    }
    await queryRunner.createTable(
      new Table({
        name: 'device_group_poll_policies',
        columns: [
          uuidColumn('device_group_id', { primary: true }),
          intColumn('status_interval_seconds', { nullable: true }),
          intColumn('full_interval_seconds', { nullable: true }),
          dateTimeColumn('updated_at'),
        ],
        foreignKeys: [
          {
            columnNames: ['device_group_id'],
            referencedTableName: 'device_groups',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'discovery_runs',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('edge_id'),
          varcharColumn('address_range', 64),
          intColumn('port', { default: 161 }),
          textColumn(queryRunner, 'credentials_encrypted'),
          textColumn(queryRunner, 'devices'),
          uuidColumn('created_by', { nullable: true }),
          dateTimeColumn('started_at'),
          dateTimeColumn('finished_at'),
          dateTimeColumn('expires_at'),
        ],
        foreignKeys: [
          {
            columnNames: ['edge_id'],
            referencedTableName: 'edges',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [new TableIndex({ name: 'IDX_discovery_runs_expires_at', columnNames: ['expires_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('discovery_runs');
    await queryRunner.dropTable('device_group_poll_policies');
    for (const column of scheduleColumns().reverse())
      await queryRunner.dropColumn('device_poll_schedules', column.name);
  }
}
