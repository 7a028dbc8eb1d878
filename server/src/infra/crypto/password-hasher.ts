import argon2 from 'argon2';

/** Password hashing with argon2id (OWASP parameters: m=19 MiB, t=2, p=1). */
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real verification (unknown usernames must not answer faster). */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('fleetward-dummy-password-for-timing');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
