import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  type TableColumnOptions,
  TableIndex,
} from 'typeorm';
import { dateTimeColumn, driverType, intColumn, textColumn, uuidColumn, varcharColumn } from '../column-types';

/** The columns added to `devices`: all nullable or with a default, so existing rows stay valid. */
function deviceColumns(queryRunner: QueryRunner): TableColumnOptions[] {
  const text = (name: string): TableColumnOptions => textColumn(queryRunner, name, { nullable: true });
  return [
    intColumn('port', { default: 161 }),
    varcharColumn('location', 200, { nullable: true }),
    text('snmp_settings'),
    text('snmp_secret_encrypted'),
    text('admin_password_encrypted'),
    varcharColumn('vendor', 100, { nullable: true }),
    varcharColumn('model', 200, { nullable: true }),
    varcharColumn('serial_number', 100, { nullable: true }),
    varcharColumn('firmware', 200, { nullable: true }),
    varcharColumn('sys_name', 255, { nullable: true }),
    varcharColumn('sys_location', 255, { nullable: true }),
    { ...varcharColumn('status', 16), default: "'unknown'" },
    text('status_errors'),
    text('supplies'),
    text('trays'),
    text('counters'),
    text('printer_alerts'),
    text('unreadable'),
    varcharColumn('driver_id', 100, { nullable: true }),
    dateTimeColumn('last_seen_at', { nullable: true }),
    dateTimeColumn('last_poll_at', { nullable: true }),
    varcharColumn('last_poll_outcome', 16, { nullable: true }),
    varcharColumn('last_poll_error_code', 64, { nullable: true }),
    varcharColumn('last_poll_error_message', 500, { nullable: true }),
  ];
}

function devicesTableAsCreated(): Table {
  return new Table({
    name: 'devices',
    columns: [
      uuidColumn('id', { primary: true }),
      varcharColumn('name', 200),
      varcharColumn('address', 255),
      uuidColumn('edge_id', { nullable: true }),
      dateTimeColumn('created_at'),
      dateTimeColumn('updated_at'),
    ],
  });
}

/** `"name" type(length) NULL|NOT NULL [DEFAULT x]` for SQLite's ALTER TABLE … ADD COLUMN. */
function sqliteDefinition(column: TableColumnOptions): string {
  const length = column.length ? `(${column.length})` : '';
  const nullable = column.isNullable ? 'NULL' : 'NOT NULL';
  const fallback = column.default === undefined ? '' : ` DEFAULT ${String(column.default)}`;
  return `"${column.name}" ${column.type}${length} ${nullable}${fallback}`;
}

/**
 * Device inventory (credentials, location, identity, current status, supplies, trays, counters, last poll)
 * and device history (status changes, counter and supply readings).
 *
 * On SQLite the new `devices` columns are added with plain `ALTER TABLE … ADD COLUMN`: TypeORM's SQLite
 * `addColumn` rebuilds the table (copy, drop, rename), and dropping `devices` would cascade-delete the
 * group memberships. PostgreSQL and SQL Server use `addColumns` (SQL Server names its DEFAULT constraints).
 */
export class AddInventoryAndHistoryToDevices1764000002000 implements MigrationInterface {
  name = 'AddInventoryAndHistoryToDevices1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const added = deviceColumns(queryRunner);
    const driver = driverType(queryRunner);
    // SQL Server: the table as 1764000001000 created it, so TypeORM need not read it back (this also lets the
    // DDL be generated without a server in tests). PostgreSQL reads it (the schema may not be `public`).
    const devices: Table | string = driver === 'mssql' ? devicesTableAsCreated() : 'devices';
    if (driver === 'better-sqlite3') {
      for (const column of added)
        await queryRunner.query(`ALTER TABLE "devices" ADD COLUMN ${sqliteDefinition(column)}`);
    } else {
      await queryRunner.addColumns(
        devices,
        added.map((c) => new TableColumn(c)),
      );
    }
    // Sorting and filtering of the device list (SPEC: fast with 10,000 devices).
    for (const column of ['name', 'address', 'model', 'status', 'last_seen_at', 'vendor', 'serial_number']) {
      await queryRunner.createIndex(devices, new TableIndex({ name: `IDX_devices_${column}`, columnNames: [column] }));
    }

    const deviceFk = {
      name: '',
      columnNames: ['device_id'],
      referencedTableName: 'devices',
      referencedColumnNames: ['id'],
      onDelete: 'CASCADE',
    };
    const counterColumns: TableColumnOptions[] = ['total', 'black', 'color', 'print', 'copy', 'scan', 'fax'].map(
      (name) => intColumn(`count_${name}`, { nullable: true }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'device_status_history',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('device_id'),
          dateTimeColumn('at'),
          varcharColumn('status', 16),
          textColumn(queryRunner, 'errors'),
          varcharColumn('message', 500, { nullable: true }),
        ],
        foreignKeys: [{ ...deviceFk, name: 'FK_device_status_history_device' }],
        indices: [new TableIndex({ name: 'IDX_device_status_history_device_at', columnNames: ['device_id', 'at'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'device_counter_readings',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('device_id'),
          dateTimeColumn('at'),
          ...counterColumns,
        ],
        foreignKeys: [{ ...deviceFk, name: 'FK_device_counter_readings_device' }],
        indices: [
          new TableIndex({ name: 'IDX_device_counter_readings_device_at', columnNames: ['device_id', 'at'] }),
          new TableIndex({ name: 'IDX_device_counter_readings_at', columnNames: ['at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'device_supply_readings',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('device_id'),
          dateTimeColumn('at'),
          intColumn('supply_index'),
          varcharColumn('description', 200, { nullable: true }),
          varcharColumn('type', 50, { nullable: true }),
          varcharColumn('color', 50, { nullable: true }),
          intColumn('remaining_percent', { nullable: true }),
          varcharColumn('state', 16),
        ],
        foreignKeys: [{ ...deviceFk, name: 'FK_device_supply_readings_device' }],
        indices: [
          new TableIndex({ name: 'IDX_device_supply_readings_device_at', columnNames: ['device_id', 'at'] }),
          new TableIndex({ name: 'IDX_device_supply_readings_at', columnNames: ['at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['device_supply_readings', 'device_counter_readings', 'device_status_history']) {
      await queryRunner.dropTable(table);
    }
    for (const column of ['name', 'address', 'model', 'status', 'last_seen_at', 'vendor', 'serial_number']) {
      await queryRunner.dropIndex('devices', `IDX_devices_${column}`);
    }
    const added = deviceColumns(queryRunner);
    if (driverType(queryRunner) === 'better-sqlite3') {
      for (const column of added) await queryRunner.query(`ALTER TABLE "devices" DROP COLUMN "${column.name}"`);
    } else {
      await queryRunner.dropColumns(
        'devices',
        added.map((c) => new TableColumn(c)),
      );
    }
  }
}
