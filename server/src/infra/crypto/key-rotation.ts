import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, unlinkSync } from 'node:fs';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from './encrypted-columns';
import { nextKeyFile, readKeyFile, writeKeyFile } from './master-key';
import { keyIdOf, SecretBox } from './secret-box';

export interface KeyRotationResult {
  /** Values re-encrypted, per `table.column`. */
  reencrypted: Record<string, number>;
  newKeyId: string;
  oldKeyId: string;
  /** Where the previous key was kept (`master.key.<timestamp>.old`). */
  oldKeyFile: string;
}

/**
 * Rotates the master key file: writes the new key as `master.key.next` (0600), re-encrypts every registered
 * column in ONE transaction, and only after the commit renames the old key to `master.key.<timestamp>.old`
 * and the new one to `master.key`. The server reads `master.key.next` too, so a crash between the commit
 * and the renames loses nothing; running the rotation again finishes the job.
 * Stop the server first: a running server keeps the old key in memory.
 */
export async function rotateMasterKey(options: {
  database: DatabaseConfig;
  keyFile: string;
  now?: Date;
  columns?: readonly EncryptedColumn[];
}): Promise<KeyRotationResult> {
  const columns = options.columns ?? ENCRYPTED_COLUMNS;
  const oldKey = readKeyFile(options.keyFile);
  const nextFile = nextKeyFile(options.keyFile);
  const resuming = existsSync(nextFile);
  const newKey = resuming ? readKeyFile(nextFile) : randomBytes(32);
  if (!resuming) writeKeyFile(nextFile, newKey);

  const reader = new SecretBox({ primaryKey: oldKey, otherKeys: [newKey] });
  const writer = new SecretBox({ primaryKey: newKey });
  const dataSource = new DataSource(buildDataSourceOptions(options.database));
  const reencrypted: Record<string, number> = {};
  try {
    await dataSource.initialize();
    await dataSource.transaction(async (em) => {
      for (const col of columns) {
        const rows = await em
          .createQueryBuilder()
          .select(`t.${col.idColumn}`, 'id')
          .addSelect(`t.${col.column}`, 'value')
          .from(col.table, 't')
          .where(`t.${col.column} IS NOT NULL`)
          .getRawMany<{ id: string; value: string }>();
        for (const row of rows) {
          const plaintext = reader.decrypt(row.value);
          const set: Record<string, string> = { [col.column]: writer.encrypt(plaintext) };
          if (col.hmacColumn) set[col.hmacColumn] = writer.hmac(col.normalize ? col.normalize(plaintext) : plaintext);
          await em
            .createQueryBuilder()
            .update(col.table)
            .set(set)
            .where(`${col.idColumn} = :id`, { id: row.id })
            .execute();
        }
        reencrypted[`${col.table}.${col.column}`] = rows.length;
      }
    });
  } catch (error) {
    // Nothing was committed: the old key stays the only key.
    if (!resuming && existsSync(nextFile)) unlinkSync(nextFile);
    throw error;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }

  const stamp = (options.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const oldKeyFile = `${options.keyFile}.${stamp}.old`;
  renameSync(options.keyFile, oldKeyFile);
  renameSync(nextFile, options.keyFile);
  return { reencrypted, newKeyId: keyIdOf(newKey), oldKeyId: keyIdOf(oldKey), oldKeyFile };
}
