import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from './unique-violation';

const failed = (driverError: Record<string, unknown>): QueryFailedError =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error('driver'), driverError));

describe('isUniqueViolation', () => {
  it('recognises SQLite, PostgreSQL and SQL Server unique / primary-key violations', () => {
    expect(isUniqueViolation(failed({ code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(true);
    expect(isUniqueViolation(failed({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }))).toBe(true);
    expect(isUniqueViolation(failed({ code: '23505' }))).toBe(true);
    expect(isUniqueViolation(failed({ number: 2627 }))).toBe(true);
    expect(isUniqueViolation(failed({ number: 2601 }))).toBe(true);
  });

  it('leaves other failures alone (foreign keys, plain errors)', () => {
    expect(isUniqueViolation(failed({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }))).toBe(false);
    expect(isUniqueViolation(failed({ code: '23503' }))).toBe(false);
    expect(isUniqueViolation(failed({ number: 547 }))).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
