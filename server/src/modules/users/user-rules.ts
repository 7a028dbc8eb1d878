import { randomInt } from 'node:crypto';
import { InvalidUsernameError, PasswordPolicyError } from './user.errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
export const USERNAME_PATTERN = /^[a-zA-Z0-9._@-]{3,64}$/;

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Usernames: 3–64 characters of letters, digits and `. _ @ -`. */
export function assertValidUsername(username: string): void {
  if (!USERNAME_PATTERN.test(username)) {
    throw new InvalidUsernameError('A username has 3 to 64 characters: letters, digits and . _ @ - only');
  }
}

/** Passwords: at least 12 characters (at most 256), not the username. */
export function assertPasswordPolicy(password: string, username: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new PasswordPolicyError(`The password must have at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new PasswordPolicyError(`The password must have at most ${PASSWORD_MAX_LENGTH} characters`);
  }
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) {
    throw new PasswordPolicyError('The password must not be the username');
  }
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A strong random password (20 characters from an unambiguous alphabet, ~115 bits). */
export function generatePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
