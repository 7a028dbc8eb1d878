import { type MigrationInterface, type QueryRunner, Table, type TableForeignKeyOptions, TableIndex } from 'typeorm';
import { booleanColumn, dateTimeColumn, uuidColumn, varcharColumn } from '../column-types';

function fk(name: string, column: string, table: string, onDelete: 'CASCADE' | 'SET NULL'): TableForeignKeyOptions {
  return { name, columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete };
}

/**
 * Roles (with their functions, device groups, edges, members and administrators), device groups,
 * minimal devices and minimal edges (SPEC §3). Names are unique case-insensitively through a
 * lower-cased `name_normalized` column, the same way users.username is.
 */
export class CreateAccessTables1764000001000 implements MigrationInterface {
  name = 'CreateAccessTables1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'edges',
        columns: [
          uuidColumn('id', { primary: true }),
          varcharColumn('name', 100),
          varcharColumn('name_normalized', 100),
          dateTimeColumn('created_at'),
          dateTimeColumn('updated_at'),
        ],
        uniques: [{ name: 'UQ_edges_name_normalized', columnNames: ['name_normalized'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'device_groups',
        columns: [
          uuidColumn('id', { primary: true }),
          varcharColumn('name', 100),
          varcharColumn('name_normalized', 100),
          varcharColumn('description', 500),
          dateTimeColumn('created_at'),
          dateTimeColumn('updated_at'),
        ],
        uniques: [{ name: 'UQ_device_groups_name_normalized', columnNames: ['name_normalized'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'devices',
        columns: [
          uuidColumn('id', { primary: true }),
          varcharColumn('name', 200),
          varcharColumn('address', 255),
          uuidColumn('edge_id', { nullable: true }),
          dateTimeColumn('created_at'),
          dateTimeColumn('updated_at'),
        ],
        foreignKeys: [fk('FK_devices_edge', 'edge_id', 'edges', 'SET NULL')],
        indices: [new TableIndex({ name: 'IDX_devices_edge', columnNames: ['edge_id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'device_group_members',
        columns: [uuidColumn('device_group_id', { primary: true }), uuidColumn('device_id', { primary: true })],
        foreignKeys: [
          fk('FK_device_group_members_group', 'device_group_id', 'device_groups', 'CASCADE'),
          fk('FK_device_group_members_device', 'device_id', 'devices', 'CASCADE'),
        ],
        indices: [new TableIndex({ name: 'IDX_device_group_members_device', columnNames: ['device_id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'roles',
        columns: [
          uuidColumn('id', { primary: true }),
          varcharColumn('name', 100),
          varcharColumn('name_normalized', 100),
          varcharColumn('description', 500),
          booleanColumn(queryRunner, 'built_in', false),
          booleanColumn(queryRunner, 'all_device_groups', false),
          booleanColumn(queryRunner, 'all_edges', false),
          dateTimeColumn('created_at'),
          dateTimeColumn('updated_at'),
        ],
        uniques: [{ name: 'UQ_roles_name_normalized', columnNames: ['name_normalized'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'role_permissions',
        columns: [uuidColumn('role_id', { primary: true }), varcharColumn('permission', 64, { primary: true })],
        foreignKeys: [fk('FK_role_permissions_role', 'role_id', 'roles', 'CASCADE')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'role_device_groups',
        columns: [uuidColumn('role_id', { primary: true }), uuidColumn('device_group_id', { primary: true })],
        foreignKeys: [
          fk('FK_role_device_groups_role', 'role_id', 'roles', 'CASCADE'),
          fk('FK_role_device_groups_group', 'device_group_id', 'device_groups', 'CASCADE'),
        ],
        indices: [new TableIndex({ name: 'IDX_role_device_groups_group', columnNames: ['device_group_id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'role_edges',
        columns: [uuidColumn('role_id', { primary: true }), uuidColumn('edge_id', { primary: true })],
        foreignKeys: [
          fk('FK_role_edges_role', 'role_id', 'roles', 'CASCADE'),
          fk('FK_role_edges_edge', 'edge_id', 'edges', 'CASCADE'),
        ],
        indices: [new TableIndex({ name: 'IDX_role_edges_edge', columnNames: ['edge_id'] })],
      }),
    );

    for (const table of ['role_members', 'role_administrators']) {
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [uuidColumn('role_id', { primary: true }), uuidColumn('user_id', { primary: true })],
          foreignKeys: [
            fk(`FK_${table}_role`, 'role_id', 'roles', 'CASCADE'),
            fk(`FK_${table}_user`, 'user_id', 'users', 'CASCADE'),
          ],
          indices: [new TableIndex({ name: `IDX_${table}_user`, columnNames: ['user_id'] })],
        }),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'role_administrators',
      'role_members',
      'role_edges',
      'role_device_groups',
      'role_permissions',
      'roles',
      'device_group_members',
      'devices',
      'device_groups',
      'edges',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
