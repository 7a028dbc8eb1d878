import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { lockedUntil, type LockoutPolicy, type LockoutState, recordFailure } from '../../common/lockout/lockout-policy';
import { PasswordHasher } from '../../infra/crypto/password-hasher';
import {
  type StoredTemplatePasswordFailures,
  TemplatePasswordFailureRepository,
} from './template-password-failure.repository';
import {
  TemplatePasswordLockedError,
  TemplatePasswordRequiredError,
  TemplatePasswordWrongError,
} from './template.errors';

/** 5 wrong passwords inside 15 minutes lock one user out of one template for 15 minutes after the last. */
export const TEMPLATE_PASSWORD_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000 };

/** Reads and compare-and-set writes a race can lose; each lost round means another request's failure was counted. */
const MAX_WRITE_ROUNDS = 20;

/**
 * Checks a protected template's password for one user, with a lockout against guessing (docs/decisions/0024):
 * failures are counted per (user, template) in the database with the login's lockout rules, so the count holds
 * across restarts and server processes. Every guess is counted (compare-and-set) before the slow argon2
 * verification and the count is cleared by a right password: of a burst of parallel guesses only the ones counted
 * below the limit are verified at all, the rest are refused without spending a verification.
 */
@Injectable()
export class TemplatePasswordChecker {
  constructor(
    private readonly failures: TemplatePasswordFailureRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /**
   * Resolves when `given` opens the template (and clears the user's failures on it). Throws
   * TemplatePasswordLockedError while the user is locked out of it (even for the right password),
   * TemplatePasswordRequiredError for no password (not counted), TemplatePasswordWrongError for a wrong one, and
   * TemplatePasswordLockedError (started) for the wrong one that reaches the limit.
   */
  async check(
    userId: string,
    template: { id: string; passwordHash: string },
    given: string | undefined,
  ): Promise<void> {
    const now = this.clock.now();
    const stored = await this.failures.get(userId, template.id);
    const locked = lockedUntil(stored?.state ?? null, now);
    if (locked) throw new TemplatePasswordLockedError(locked, now, false);
    if (given === undefined || given === '') throw new TemplatePasswordRequiredError();
    const counted = await this.countFailure(userId, template.id, stored, now);
    if (await this.hasher.verify(template.passwordHash, given)) {
      await this.failures.clear(userId, template.id);
      return;
    }
    if (counted.lockedUntil) throw new TemplatePasswordLockedError(counted.lockedUntil, now, true);
    throw new TemplatePasswordWrongError();
  }

  /** Counts one failure on what was read; when another request wrote first, decides again on what it wrote. */
  private async countFailure(
    userId: string,
    templateId: string,
    read: StoredTemplatePasswordFailures | null,
    now: Date,
  ): Promise<LockoutState> {
    let stored = read;
    for (let round = 0; round < MAX_WRITE_ROUNDS; round++) {
      const next = recordFailure(stored?.state ?? null, now, TEMPLATE_PASSWORD_LOCKOUT);
      if (await this.failures.replace(userId, templateId, stored?.revision ?? null, next)) return next;
      stored = await this.failures.get(userId, templateId);
      const locked = lockedUntil(stored?.state ?? null, now);
      if (locked) throw new TemplatePasswordLockedError(locked, now, false);
    }
    throw new Error(`The password failures of template ${templateId} kept changing under ${MAX_WRITE_ROUNDS} writes`);
  }
}
