import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { booleanColumn, dateTimeColumn, intColumn, textColumn, uuidColumn, varcharColumn } from '../column-types';

/** Users, sessions (refresh tokens), personal API tokens, login lockout, audit log, settings. */
export class CreateIdentityTables1764000000000 implements MigrationInterface {
  name = 'CreateIdentityTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          uuidColumn('id', { primary: true }),
          varcharColumn('username', 64),
          // Lower-cased username: uniqueness and login lookup are case-insensitive on every driver.
          varcharColumn('username_normalized', 64),
          varcharColumn('display_name', 200),
          textColumn(queryRunner, 'email_encrypted', { nullable: true }),
          // Keyed HMAC of the lower-cased e-mail: exact-match search without storing the address.
          varcharColumn('email_hmac', 64, { nullable: true }),
          varcharColumn('password_hash', 255),
          booleanColumn(queryRunner, 'is_super_admin', false),
          booleanColumn(queryRunner, 'disabled', false),
          booleanColumn(queryRunner, 'must_change_password', false),
          dateTimeColumn('last_login_at', { nullable: true }),
          dateTimeColumn('created_at'),
          dateTimeColumn('updated_at'),
        ],
        uniques: [{ name: 'UQ_users_username_normalized', columnNames: ['username_normalized'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'login_failures',
        columns: [
          varcharColumn('username_normalized', 64, { primary: true }),
          intColumn('failure_count', { default: 0 }),
          dateTimeColumn('window_started_at'),
          dateTimeColumn('locked_until', { nullable: true }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('user_id'),
          uuidColumn('family_id'),
          varcharColumn('token_hash', 64),
          dateTimeColumn('expires_at'),
          dateTimeColumn('revoked_at', { nullable: true }),
          uuidColumn('replaced_by', { nullable: true }),
          dateTimeColumn('created_at'),
        ],
        uniques: [{ name: 'UQ_refresh_tokens_token_hash', columnNames: ['token_hash'] }],
        foreignKeys: [
          {
            name: 'FK_refresh_tokens_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          new TableIndex({ name: 'IDX_refresh_tokens_family', columnNames: ['family_id'] }),
          new TableIndex({ name: 'IDX_refresh_tokens_user', columnNames: ['user_id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          uuidColumn('id', { primary: true }),
          uuidColumn('user_id'),
          varcharColumn('name', 100),
          varcharColumn('prefix', 16),
          varcharColumn('token_hash', 64),
          dateTimeColumn('expires_at', { nullable: true }),
          dateTimeColumn('last_used_at', { nullable: true }),
          dateTimeColumn('revoked_at', { nullable: true }),
          dateTimeColumn('created_at'),
        ],
        uniques: [{ name: 'UQ_api_tokens_token_hash', columnNames: ['token_hash'] }],
        foreignKeys: [
          {
            name: 'FK_api_tokens_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [new TableIndex({ name: 'IDX_api_tokens_user', columnNames: ['user_id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          uuidColumn('id', { primary: true }),
          dateTimeColumn('at'),
          // No foreign key: the trail outlives deleted users (actor_name keeps who it was).
          uuidColumn('actor_id', { nullable: true }),
          varcharColumn('actor_name', 200, { nullable: true }),
          varcharColumn('action', 100),
          varcharColumn('method', 10),
          varcharColumn('path', 500),
          varcharColumn('target_type', 100, { nullable: true }),
          varcharColumn('target_id', 200, { nullable: true }),
          varcharColumn('outcome', 16),
          intColumn('status_code'),
          varcharColumn('correlation_id', 100),
          varcharColumn('ip', 64, { nullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_log_at', columnNames: ['at'] }),
          new TableIndex({ name: 'IDX_audit_log_actor', columnNames: ['actor_id'] }),
          new TableIndex({ name: 'IDX_audit_log_action', columnNames: ['action'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'settings',
        columns: [
          varcharColumn('key', 100, { primary: true }),
          textColumn(queryRunner, 'value'),
          dateTimeColumn('updated_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['settings', 'audit_log', 'api_tokens', 'refresh_tokens', 'login_failures', 'users']) {
      await queryRunner.dropTable(table);
    }
  }
}
