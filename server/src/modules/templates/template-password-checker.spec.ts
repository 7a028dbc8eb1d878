import { beforeEach, describe, expect, it } from 'vitest';
import { FakePasswordHasher } from '../../../../test/fakes/in-memory-identity';
import { InMemoryTemplatePasswordFailureRepository } from '../../../../test/fakes/in-memory-template-password-failures';
import { FakeClock } from '../../../../test/support/fake-clock';
import { TemplatePasswordChecker } from './template-password-checker';
import type { TemplatePasswordFailureRepository } from './template-password-failure.repository';
import { TemplatePasswordLockedError } from './template.errors';

const ALICE = 'user-alice';
const BOB = 'user-bob';
const RIGHT = 'template-pw-1';
const template = { id: 'template-1', passwordHash: `fake-hash:${RIGHT}` };
const other = { id: 'template-2', passwordHash: `fake-hash:${RIGHT}` };

describe('TemplatePasswordChecker', () => {
  let clock: FakeClock;
  let failures: InMemoryTemplatePasswordFailureRepository;
  let sut: TemplatePasswordChecker;
  /** argon2 verifications spent. */
  let verified: number;

  beforeEach(() => {
    clock = new FakeClock('2026-01-15T09:00:00.000Z');
    failures = new InMemoryTemplatePasswordFailureRepository();
    verified = 0;
    const hasher = new FakePasswordHasher();
    const counting = Object.assign(hasher, {
      verify: (hash: string, password: string) => {
        verified++;
        return FakePasswordHasher.prototype.verify.call(hasher, hash, password);
      },
    });
    sut = new TemplatePasswordChecker(failures as unknown as TemplatePasswordFailureRepository, counting, clock);
  });

  /** The error code (or 'ok') of one check. */
  async function outcome(password: string | undefined, user = ALICE, t = template): Promise<string> {
    try {
      await sut.check(user, t, password);
      return 'ok';
    } catch (error) {
      return (error as { code: string }).code;
    }
  }

  async function lockError(password: string | undefined, user = ALICE): Promise<TemplatePasswordLockedError> {
    const error: unknown = await sut.check(user, template, password).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TemplatePasswordLockedError);
    return error as TemplatePasswordLockedError;
  }

  async function failTimes(n: number): Promise<string[]> {
    const codes: string[] = [];
    for (let i = 0; i < n; i++) codes.push(await outcome(`wrong-${i}`));
    return codes;
  }

  it('answers wrong four times, locks on the fifth wrong password, then refuses even the right one', async () => {
    expect(await failTimes(4)).toEqual(Array(4).fill('TEMPLATE_PASSWORD_WRONG'));
    clock.advanceMinutes(2);
    const fifth = await lockError('wrong-5');
    expect(fifth).toMatchObject({ status: 429, started: true, retryAfterSeconds: 900 });
    expect(fifth.until.toISOString()).toBe('2026-01-15T09:17:00.000Z');
    expect(fifth.message).toContain('2026-01-15T09:17:00.000Z');

    clock.advanceMinutes(5);
    const right = await lockError(RIGHT);
    expect(right).toMatchObject({ started: false, retryAfterSeconds: 600 });
    expect(right.until.toISOString()).toBe('2026-01-15T09:17:00.000Z');
    // No password while locked: the lock is the answer (nothing to count either).
    expect(await outcome(undefined)).toBe('TEMPLATE_PASSWORD_LOCKED');
  });

  it('lets the right password in again 15 minutes after the last failure, from no failure', async () => {
    await failTimes(5);
    clock.advanceMinutes(14.99);
    expect(await outcome(RIGHT)).toBe('TEMPLATE_PASSWORD_LOCKED');
    clock.advanceMinutes(0.01);
    expect(await outcome(RIGHT)).toBe('ok');
    expect(failures.rows.size).toBe(0);
    expect(await failTimes(4)).toEqual(Array(4).fill('TEMPLATE_PASSWORD_WRONG'));
  });

  it('clears the count on a right password before the limit', async () => {
    await failTimes(4);
    expect(await outcome(RIGHT)).toBe('ok');
    expect(failures.rows.size).toBe(0);
    expect(await failTimes(4)).toEqual(Array(4).fill('TEMPLATE_PASSWORD_WRONG'));
    expect(await outcome('wrong-again')).toBe('TEMPLATE_PASSWORD_LOCKED');
  });

  it('counts only failures inside 15 minutes of the first', async () => {
    await failTimes(4);
    clock.advanceMinutes(15);
    expect(await outcome('late')).toBe('TEMPLATE_PASSWORD_WRONG');
    expect((await failures.get(ALICE, template.id))?.state.failureCount).toBe(1);
    expect(await failTimes(3)).toEqual(Array(3).fill('TEMPLATE_PASSWORD_WRONG'));
    expect(await outcome('fifth-in-the-new-window')).toBe('TEMPLATE_PASSWORD_LOCKED');
  });

  it('does not count a missing password', async () => {
    for (let i = 0; i < 6; i++) expect(await outcome(i % 2 === 0 ? undefined : '')).toBe('TEMPLATE_PASSWORD_REQUIRED');
    expect(failures.rows.size).toBe(0);
  });

  it('locks one user out of one template only', async () => {
    await failTimes(5);
    expect(await outcome(RIGHT)).toBe('TEMPLATE_PASSWORD_LOCKED');
    expect(await outcome(RIGHT, BOB)).toBe('ok');
    expect(await outcome(RIGHT, ALICE, other)).toBe('ok');
  });

  it('counts every one of parallel guesses: a burst gets four wrong answers, the rest are locked', async () => {
    const codes = await Promise.all(Array.from({ length: 9 }, (_, i) => outcome(`burst-${i}`)));
    expect(codes.filter((c) => c === 'TEMPLATE_PASSWORD_WRONG')).toHaveLength(4);
    expect(codes.filter((c) => c === 'TEMPLATE_PASSWORD_LOCKED')).toHaveLength(5);
    expect((await failures.get(ALICE, template.id))?.state.failureCount).toBe(5);
    // Only the five counted guesses were verified; a refused guess costs no verification.
    expect(verified).toBe(5);
    expect(await outcome(RIGHT)).toBe('TEMPLATE_PASSWORD_LOCKED');
    expect(verified).toBe(5);
  });
});
