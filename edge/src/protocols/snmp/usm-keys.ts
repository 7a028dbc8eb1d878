/**
 * SNMPv3 User-based Security Model keys (RFC 3414 §2.6 and A.2, RFC 7860, RFC 3826, draft-blumenthal-aes-usm-04):
 * password → master key Ku (1 MiB of hashing, the expensive part), Ku → key localised to an engine ID (Kul), and
 * the privacy key derived from the privacy password's Kul for DES, AES-128 and the two AES-256 key extensions
 * net-snmp supports (`aes256b` Blumenthal, as Net-SNMP's "AES-256"; `aes256r` Reeder, as Net-SNMP's "AES-256-C").
 *
 * Master keys are cached per protocol and password (a fleet usually shares one password: one MiB of hashing per
 * password, not per device), keyed by a SHA-256 of the password so the cache holds no password in the clear.
 */
import type { SnmpAuthProtocol, SnmpPrivProtocol } from '@fleetward/contracts';
import { createHash } from 'node:crypto';

export interface AuthAlgorithm {
  readonly name: SnmpAuthProtocol;
  /** Node's hash name. */
  readonly hash: string;
  /** Length of Ku / Kul (the hash output). */
  readonly keyLength: number;
  /** Octets of msgAuthenticationParameters (the truncated HMAC). */
  readonly macLength: number;
}

export const AUTH_ALGORITHMS: Readonly<Record<SnmpAuthProtocol, AuthAlgorithm>> = {
  md5: { name: 'md5', hash: 'md5', keyLength: 16, macLength: 12 },
  sha: { name: 'sha', hash: 'sha1', keyLength: 20, macLength: 12 },
  sha224: { name: 'sha224', hash: 'sha224', keyLength: 28, macLength: 16 },
  sha256: { name: 'sha256', hash: 'sha256', keyLength: 32, macLength: 24 },
  sha384: { name: 'sha384', hash: 'sha384', keyLength: 48, macLength: 32 },
  sha512: { name: 'sha512', hash: 'sha512', keyLength: 64, macLength: 48 },
};

export interface PrivAlgorithm {
  readonly name: SnmpPrivProtocol;
  /** Node's cipher name. */
  readonly cipher: 'des-cbc' | 'aes-128-cfb' | 'aes-256-cfb';
  readonly keyLength: number;
  /** How the key is made longer than the auth protocol's Kul when it must be. */
  readonly extension: 'none' | 'blumenthal' | 'reeder';
}

export const PRIV_ALGORITHMS: Readonly<Record<SnmpPrivProtocol, PrivAlgorithm>> = {
  des: { name: 'des', cipher: 'des-cbc', keyLength: 16, extension: 'none' },
  aes: { name: 'aes', cipher: 'aes-128-cfb', keyLength: 16, extension: 'none' },
  aes256b: { name: 'aes256b', cipher: 'aes-256-cfb', keyLength: 32, extension: 'blumenthal' },
  aes256r: { name: 'aes256r', cipher: 'aes-256-cfb', keyLength: 32, extension: 'reeder' },
};

/** RFC 3414 A.2: the password is repeated over one MiB, which is hashed. */
const EXPANDED_PASSWORD_LENGTH = 1_048_576;
const MASTER_KEYS_MAX = 1_000;
const masterKeys = new Map<string, Buffer>();

/**
 * Ku: the hash of the password repeated over 1 MiB, cached per protocol and password unless `cache` is false (the
 * Reeder extension hashes a per-engine key as a password: caching those would only push the real passwords out).
 */
export function masterKey(auth: AuthAlgorithm, password: string | Buffer, cache = true): Buffer {
  const id = cache ? createHash('sha256').update(auth.name).update('\0').update(password).digest('base64') : '';
  const known = cache ? masterKeys.get(id) : undefined;
  if (known) return known;
  // Buffer.alloc repeats a string or Buffer fill over the whole length (an empty password gives zeros, as net-snmp).
  const ku = createHash(auth.hash).update(Buffer.alloc(EXPANDED_PASSWORD_LENGTH, password)).digest();
  if (!cache) return ku;
  if (masterKeys.size >= MASTER_KEYS_MAX) masterKeys.delete(masterKeys.keys().next().value!);
  masterKeys.set(id, ku);
  return ku;
}

/** Kul = H(Ku | engineID | Ku) (RFC 3414 §2.6). */
export function localizeKey(auth: AuthAlgorithm, ku: Buffer, engineId: Buffer): Buffer {
  return createHash(auth.hash).update(ku).update(engineId).update(ku).digest();
}

/** The localised authentication key for a password and engine. */
export function localizedKey(auth: AuthAlgorithm, password: string | Buffer, engineId: Buffer): Buffer {
  return localizeKey(auth, masterKey(auth, password), engineId);
}

/**
 * The privacy key material for a password and engine: DES takes 16 octets (key 8 + pre-IV 8, RFC 3414 §8.1.1.1),
 * AES-128 the first 16 octets of Kul (RFC 3826 §3.1.2.1). For AES-256 after an auth protocol with a shorter Kul,
 * Blumenthal appends H(Kul) (then H of everything so far), Reeder appends the Kul of the previous Kul used as the
 * password; both exactly as net-snmp 3.29 computes them, so sessions keep working with agents configured for it.
 */
export function privacyKey(auth: AuthAlgorithm, priv: PrivAlgorithm, password: string, engineId: Buffer): Buffer {
  const kul = localizedKey(auth, password, engineId);
  if (kul.length >= priv.keyLength) return Buffer.from(kul.subarray(0, priv.keyLength));
  const parts: Buffer[] = [kul];
  let have = kul.length;
  let last = kul;
  while (have < priv.keyLength) {
    last =
      priv.extension === 'reeder'
        ? localizeKey(auth, masterKey(auth, last, false), engineId)
        : createHash(auth.hash).update(Buffer.concat(parts)).digest();
    parts.push(last);
    have += last.length;
  }
  return Buffer.concat(parts).subarray(0, priv.keyLength);
}

/** For tests: forget the cached master keys. */
export function clearMasterKeyCache(): void {
  masterKeys.clear();
}
