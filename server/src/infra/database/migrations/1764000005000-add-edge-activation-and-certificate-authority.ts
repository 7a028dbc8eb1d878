import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  type TableColumnOptions,
  TableIndex,
} from 'typeorm';
import { dateTimeColumn, driverType, textColumn, uuidColumn, varcharColumn } from '../column-types';

function activationColumns(queryRunner: QueryRunner): TableColumnOptions[] {
  return [
    // SHA-256 (hex) of the secret of the one usable activation code; NULL once used or never issued.
    varcharColumn('activation_code_hash', 64, { nullable: true }),
    dateTimeColumn('activation_code_expires_at', { nullable: true }),
    dateTimeColumn('activated_at', { nullable: true }),
    // The certificate the server issued to the edge at activation (public; for display and audit).
    textColumn(queryRunner, 'certificate_pem', { nullable: true }),
  ];
}

/** `edges` as 1764000004000 left it (SQL Server: TypeORM need not read it back). */
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
    ],
  });
}

/**
 * Edge activation (docs/decisions/0007): per edge the hash and expiry of its one usable activation code, when it
 * activated and the certificate it was issued; and the server's edge certificate authority (one row: CA
 * certificate + SecretBox-encrypted key, and the client certificate + encrypted key the server presents to edges).
 *
 * Like 1764000004000: on SQLite plain `ALTER TABLE … ADD COLUMN` (a table rebuild would null devices.edge_id).
 */
export class AddEdgeActivationAndCertificateAuthority1764000005000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = driverType(queryRunner);
    const added = activationColumns(queryRunner);
    if (driver === 'better-sqlite3') {
      for (const c of added) {
        const length = c.length ? `(${c.length})` : '';
        await queryRunner.query(`ALTER TABLE "edges" ADD COLUMN "${c.name}" ${c.type}${length} NULL`);
      }
    } else {
      await queryRunner.addColumns(
        driver === 'mssql' ? edgesTableBefore(queryRunner) : 'edges',
        added.map((c) => new TableColumn(c)),
      );
    }
    await queryRunner.createIndex(
      driver === 'mssql' ? edgesTableBefore(queryRunner) : 'edges',
      new TableIndex({ name: 'IDX_edges_activation_code_hash', columnNames: ['activation_code_hash'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'edge_certificate_authority',
        columns: [
          varcharColumn('id', 20, { primary: true }),
          textColumn(queryRunner, 'ca_certificate_pem'),
          textColumn(queryRunner, 'ca_key_encrypted'),
          textColumn(queryRunner, 'server_certificate_pem'),
          textColumn(queryRunner, 'server_key_encrypted'),
          dateTimeColumn('created_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('edge_certificate_authority');
    await queryRunner.dropIndex('edges', 'IDX_edges_activation_code_hash');
    for (const column of activationColumns(queryRunner).reverse()) await queryRunner.dropColumn('edges', column.name);
  }
}
