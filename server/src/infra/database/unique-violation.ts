import { QueryFailedError } from 'typeorm';

/**
 * True when a query failed on a UNIQUE / primary-key constraint, on any supported driver:
 * SQLite (better-sqlite3 `SQLITE_CONSTRAINT_UNIQUE` / `_PRIMARYKEY`), PostgreSQL (`23505`),
 * SQL Server (error numbers 2601 / 2627). Repositories turn it into a domain "name taken" error
 * when two requests race past the service's own check.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: unknown; number?: unknown } }).driverError;
  const code = driverError?.code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  const number = driverError?.number;
  return number === 2601 || number === 2627;
}
