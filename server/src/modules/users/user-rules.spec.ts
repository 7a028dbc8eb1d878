import { describe, expect, it } from 'vitest';
import { assertPasswordPolicy, assertValidUsername, generatePassword } from './user-rules';

describe('user rules', () => {
  it('accepts usernames of 3–64 allowed characters', () => {
    for (const name of ['bob', 'j.smith', 'ops_team-1', 'a@b.c', 'x'.repeat(64)])
      expect(() => assertValidUsername(name)).not.toThrow();
  });

  it('refuses short, long and odd usernames', () => {
    for (const name of ['ab', 'x'.repeat(65), 'with space', 'semi;colon', 'ünï', '']) {
      expect(() => assertValidUsername(name)).toThrow(expect.objectContaining({ code: 'INVALID_USERNAME' }));
    }
  });

  it('requires 12+ characters that are not the username', () => {
    expect(() => assertPasswordPolicy('short-pw', 'bob')).toThrow(/at least 12/);
    expect(() => assertPasswordPolicy('Operator.One', 'operator.one')).toThrow(/not be the username/);
    expect(() => assertPasswordPolicy('x'.repeat(257), 'bob')).toThrow(/at most 256/);
    expect(() => assertPasswordPolicy('a-good-long-password', 'bob')).not.toThrow();
  });

  it('generates passwords that satisfy the policy and differ', () => {
    const a = generatePassword();
    expect(a).toHaveLength(20);
    expect(() => assertPasswordPolicy(a, 'admin')).not.toThrow();
    expect(generatePassword()).not.toBe(a);
  });
});
