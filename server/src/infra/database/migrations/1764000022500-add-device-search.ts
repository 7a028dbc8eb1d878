import type { MigrationInterface, QueryRunner } from 'typeorm';
import { driverType } from '../column-types';

/** The columns the device list's text search looks in (DeviceInventoryRepository.pageInScope). */
const SEARCHED = ['name', 'address', 'serial_number', 'model'] as const;

const lowered = (prefix: string): string => SEARCHED.map((c) => `lower(${prefix}.${c})`).join(', ');
const changed = SEARCHED.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');

/**
 * A search copy of the device columns the list's text search reads, lower-cased, kept in step by triggers
 * (decision record 0018), so a substring search no longer reads every 1 KB device row.
 * - SQLite: an FTS5 table with the trigram tokenizer (case-sensitive, over the lower-cased text), contentless,
 *   keyed by the device's rowid: a phrase of 3 or more characters finds exactly the rows whose lower-cased column
 *   contains it, i.e. what `LOWER(column) LIKE '%…%'` finds.
 * - PostgreSQL: a narrow table (one row per device) with a pg_trgm GIN index per column when the extension can be
 *   had; without it the same LIKE runs over the narrow table, still far fewer pages than the devices table.
 * - SQL Server: nothing; the search keeps its LIKE over the devices table.
 */
export class AddDeviceSearch1764000022500 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const type = driverType(queryRunner);
    if (type === 'better-sqlite3') await this.upSqlite(queryRunner);
    else if (type === 'postgres') await this.upPostgres(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const type = driverType(queryRunner);
    if (type === 'better-sqlite3') {
      for (const t of ['insert', 'update', 'delete'])
        await queryRunner.query(`DROP TRIGGER IF EXISTS device_search_${t}`);
      await queryRunner.query('DROP TABLE IF EXISTS device_search');
    } else if (type === 'postgres') {
      await queryRunner.query('DROP TABLE IF EXISTS device_search');
      for (const t of ['insert', 'update', 'delete'])
        await queryRunner.query(`DROP TRIGGER IF EXISTS device_search_${t} ON devices`);
      await queryRunner.query('DROP FUNCTION IF EXISTS device_search_sync()');
      // pg_trgm stays: other objects may use it, and creating it needed rights a rollback should not assume.
    }
  }

  private async upSqlite(queryRunner: QueryRunner): Promise<void> {
    const columns = SEARCHED.join(', ');
    await queryRunner.query(
      `CREATE VIRTUAL TABLE device_search USING fts5(${columns}, content='', contentless_delete=1, tokenize='trigram case_sensitive 1')`,
    );
    await queryRunner.query(
      `INSERT INTO device_search (rowid, ${columns}) SELECT d.rowid, ${lowered('d')} FROM devices d`,
    );
    await queryRunner.query(
      `CREATE TRIGGER device_search_insert AFTER INSERT ON devices BEGIN ` +
        `INSERT INTO device_search (rowid, ${columns}) VALUES (new.rowid, ${lowered('new')}); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER device_search_update AFTER UPDATE OF ${columns} ON devices WHEN ${changed} BEGIN ` +
        `DELETE FROM device_search WHERE rowid = old.rowid; ` +
        `INSERT INTO device_search (rowid, ${columns}) VALUES (new.rowid, ${lowered('new')}); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER device_search_delete AFTER DELETE ON devices BEGIN DELETE FROM device_search WHERE rowid = old.rowid; END`,
    );
  }

  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    const columns = SEARCHED.join(', ');
    await queryRunner.query(
      `CREATE TABLE device_search (device_id varchar(36) PRIMARY KEY NOT NULL, ${SEARCHED.map((c) => `${c} text`).join(', ')})`,
    );
    await queryRunner.query(
      `INSERT INTO device_search (device_id, ${columns}) SELECT d.id, ${lowered('d')} FROM devices d`,
    );
    const values = SEARCHED.map((c) => `lower(NEW.${c})`).join(', ');
    const set = SEARCHED.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    await queryRunner.query(`CREATE FUNCTION device_search_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM device_search WHERE device_id = OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  INSERT INTO device_search (device_id, ${columns}) VALUES (NEW.id, ${values})
    ON CONFLICT (device_id) DO UPDATE SET ${set};
  RETURN NEW;
END
$fn$`);
    const run = 'FOR EACH ROW EXECUTE FUNCTION device_search_sync()';
    await queryRunner.query(`CREATE TRIGGER device_search_insert AFTER INSERT ON devices ${run}`);
    await queryRunner.query(
      `CREATE TRIGGER device_search_update AFTER UPDATE OF id, ${columns} ON devices ` +
        `FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR ${SEARCHED.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')}) ` +
        `EXECUTE FUNCTION device_search_sync()`,
    );
    await queryRunner.query(`CREATE TRIGGER device_search_delete AFTER DELETE ON devices ${run}`);
    const trgm = await this.trigramSchema(queryRunner);
    if (trgm !== null) {
      for (const c of SEARCHED) {
        await queryRunner.query(
          `CREATE INDEX "IDX_device_search_${c}_trgm" ON device_search USING gin (${c} "${trgm}".gin_trgm_ops)`,
        );
      }
    }
    // Statistics now, not when autovacuum gets to the new table: without them the planner joins every match to
    // the devices and sorts (the bench's "bizhub" search: p50 95 ms before its settle step analysed the copy, 28 after).
    await queryRunner.query('ANALYZE device_search');
  }

  /**
   * The schema holding pg_trgm, creating the extension when it is missing and allowed (superuser, or a database
   * owner: pg_trgm is a trusted extension since PostgreSQL 13). null: not available, the search stays a LIKE over
   * the narrow table.
   */
  private async trigramSchema(queryRunner: QueryRunner): Promise<string | null> {
    const installed = async (): Promise<string | null> => {
      const rows = (await queryRunner.query(
        `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
      )) as { schema: string }[];
      return rows[0]?.schema ?? null;
    };
    const found = await installed();
    if (found !== null) return found;
    // In `public` when there is one (it outlives the schemas tests and benches create and drop), else in the
    // current schema. A refused CREATE EXTENSION must not abort the migration's transaction: a savepoint each.
    for (const sql of [
      'CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public',
      'CREATE EXTENSION IF NOT EXISTS pg_trgm',
    ]) {
      if (!queryRunner.isTransactionActive) {
        try {
          await queryRunner.query(sql);
          break;
        } catch {
          continue;
        }
      }
      await queryRunner.query('SAVEPOINT device_search_trgm');
      try {
        await queryRunner.query(sql);
        await queryRunner.query('RELEASE SAVEPOINT device_search_trgm');
        break;
      } catch {
        await queryRunner.query('ROLLBACK TO SAVEPOINT device_search_trgm');
      }
    }
    return installed();
  }
}
