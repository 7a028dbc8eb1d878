import { randomUUID } from 'node:crypto';
import {
  Column,
  type ColumnOptions,
  PrimaryColumn,
  type QueryRunner,
  type TableColumnOptions,
  type ValueTransformer,
} from 'typeorm';

/**
 * Portable column choices (STACK.md "Portability traps"), shared by every entity and migration:
 * - ids: application-generated UUID strings in `varchar(36)` (no uuid-ossp, no driver defaults);
 * - date-times: ISO-8601 UTC strings in `varchar(32)` (`2026-01-31T12:00:00.000Z`): they sort and compare
 *   as text on every driver, so no `datetime`/`timestamp` type pinned per driver;
 * - booleans: `bit` on SQL Server, `boolean` elsewhere (an explicit 'boolean' is rejected by SQL Server);
 * - long text: `nvarchar(max)` on SQL Server, `text` elsewhere.
 */

export const newId = (): string => randomUUID();

const isoDate: ValueTransformer = {
  to: (value: Date | null | undefined): string | null | undefined =>
    value === undefined ? undefined : value === null ? null : value.toISOString(),
  from: (value: string | null): Date | null => (value === null || value === undefined ? null : new Date(value)),
};

/** Entity: a `varchar(36)` primary key the application fills with `newId()`. */
export function UuidPrimaryColumn(options: { name?: string } = {}): PropertyDecorator {
  return PrimaryColumn({ type: 'varchar', length: 36, ...options });
}

/** Entity: a `varchar(36)` reference to another row's id. */
export function UuidColumn(options: { name?: string; nullable?: boolean } = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: 36, ...options });
}

/** Entity: a date-time stored as an ISO UTC string; the property is a `Date` (or `Date | null` when nullable). */
export function DateTimeColumn(options: { name?: string; nullable?: boolean } = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: 32, transformer: isoDate, ...options });
}

/**
 * Entity: a boolean. The type is the `Boolean` constructor, which each driver maps itself (`bit` on SQL Server,
 * which rejects an explicit 'boolean'); explicit so it also works where no decorator metadata is emitted (tsx).
 */
export function BooleanColumn(options: { name?: string; default?: boolean } = {}): PropertyDecorator {
  const column: ColumnOptions = { type: Boolean, ...options };
  return Column(column);
}

/** Migrations: ISO date-time string column. */
export function dateTimeColumn(name: string, options: { nullable?: boolean } = {}): TableColumnOptions {
  return { name, type: 'varchar', length: '32', isNullable: options.nullable ?? false };
}

/** Migrations: UUID string column (primary key when `primary`). */
export function uuidColumn(name: string, options: { primary?: boolean; nullable?: boolean } = {}): TableColumnOptions {
  return {
    name,
    type: 'varchar',
    length: '36',
    isPrimary: options.primary ?? false,
    isNullable: options.nullable ?? false,
  };
}

export function driverType(queryRunner: QueryRunner): string {
  return queryRunner.connection.driver.options.type;
}

/** Migrations: portable boolean column with a default. */
export function booleanColumn(queryRunner: QueryRunner, name: string, defaultValue: boolean): TableColumnOptions {
  const type = driverType(queryRunner);
  if (type === 'mssql') return { name, type: 'bit', default: defaultValue ? '1' : '0', isNullable: false };
  if (type === 'postgres')
    return { name, type: 'boolean', default: defaultValue ? 'true' : 'false', isNullable: false };
  return { name, type: 'boolean', default: defaultValue ? '1' : '0', isNullable: false };
}

/** Migrations: long text column (JSON documents, encrypted values). */
export function textColumn(
  queryRunner: QueryRunner,
  name: string,
  options: { nullable?: boolean } = {},
): TableColumnOptions {
  const nullable = options.nullable ?? false;
  if (driverType(queryRunner) === 'mssql') return { name, type: 'nvarchar', length: 'MAX', isNullable: nullable };
  return { name, type: 'text', isNullable: nullable };
}

/** Migrations: bounded string column. */
export function varcharColumn(
  name: string,
  length: number,
  options: { nullable?: boolean; primary?: boolean } = {},
): TableColumnOptions {
  return {
    name,
    type: 'varchar',
    length: String(length),
    isNullable: options.nullable ?? false,
    isPrimary: options.primary ?? false,
  };
}

/** Migrations: integer column. */
export function intColumn(name: string, options: { nullable?: boolean; default?: number } = {}): TableColumnOptions {
  const column: TableColumnOptions = { name, type: 'int', isNullable: options.nullable ?? false };
  if (options.default !== undefined) column.default = String(options.default);
  return column;
}
