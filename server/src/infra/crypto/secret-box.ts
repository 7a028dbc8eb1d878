import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { SecretDecryptionError } from './crypto.errors';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Short, stable id of a key (not secret: first 8 hex chars of its SHA-256). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** A key derived from the master key for one purpose (HKDF-SHA256), e.g. the JWT signing key. */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `fleetward:${purpose}`, 32));
}

/**
 * Encryption of secrets at rest: AES-256-GCM with a random 12-byte IV per value.
 * Output: `v1:<keyId>:<base64(iv | tag | ciphertext)>`. Encrypts with the primary key and decrypts
 * with any key of the ring (the previous key stays readable during a rotation).
 */
export class SecretBox {
  private readonly primary: { id: string; key: Buffer };
  private readonly ring = new Map<string, Buffer>();

  constructor(options: { primaryKey: Buffer; otherKeys?: Buffer[] }) {
    for (const key of [options.primaryKey, ...(options.otherKeys ?? [])]) {
      if (key.length !== 32) throw new SecretDecryptionError('Master keys must be 32 bytes');
      this.ring.set(keyIdOf(key), key);
    }
    this.primary = { id: keyIdOf(options.primaryKey), key: options.primaryKey };
  }

  get primaryKeyId(): string {
    return this.primary.id;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.primary.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${VERSION}:${this.primary.id}:${Buffer.concat([iv, tag, ciphertext]).toString('base64')}`;
  }

  decrypt(value: string): string {
    const parts = value.split(':');
    if (parts.length !== 3 || parts[0] !== VERSION) throw new SecretDecryptionError('Not a Fleetward encrypted value');
    const [, keyId, payload] = parts as [string, string, string];
    const key = this.ring.get(keyId);
    if (!key) throw new SecretDecryptionError(`Value was encrypted with an unknown key (${keyId})`);
    const raw = Buffer.from(payload, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretDecryptionError('Encrypted value is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new SecretDecryptionError('Encrypted value failed authentication (tampered or wrong key)', cause);
    }
  }

  /** True when `value` is encrypted with the primary key (rotation skips those). */
  isCurrent(value: string): boolean {
    return value.startsWith(`${VERSION}:${this.primary.id}:`);
  }

  /** Keyed HMAC-SHA256 (hex) for exact-match lookups of a secret value without storing it. */
  hmac(value: string): string {
    return createHmac('sha256', deriveKey(this.primary.key, 'lookup-hmac')).update(value, 'utf8').digest('hex');
  }
}
