/**
 * Edge activation codes: `FWA1-<secret>-<fingerprint>`, both parts RFC 4648 base32 (lower case, no padding).
 *
 * - `secret`: 20 random bytes (160 bits) → 32 characters. The server stores only its SHA-256.
 * - `fingerprint`: SHA-256 of the DER of the server's TLS certificate (32 bytes → 52 characters). The edge
 *   pins the server with it on first contact, so it needs no CA file.
 *
 * Only the characters `a-z2-7` and `-` occur: the code survives a shell, a URL and a copy from a mail.
 */
export const ACTIVATION_CODE_PREFIX = 'FWA1';
export const ACTIVATION_SECRET_BYTES = 20;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export interface ActivationCodeParts {
  /** The secret part as written in the code (base32). */
  secret: string;
  /** SHA-256 fingerprint of the server certificate, lower-case hex. */
  fingerprintHex: string;
}

export class ActivationCodeFormatError extends Error {
  readonly code = 'ACTIVATION_CODE_MALFORMED';
  constructor(reason: string) {
    super(`Malformed activation code: ${reason} (expected ${ACTIVATION_CODE_PREFIX}-<secret>-<fingerprint>)`);
  }
}

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text.toLowerCase()) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new ActivationCodeFormatError(`"${char}" is not a base32 character`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/:/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(clean)) throw new ActivationCodeFormatError('the fingerprint must be 32 bytes of hex');
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bytesToHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Builds a code from random secret bytes and the server certificate's SHA-256 fingerprint (hex, colons allowed). */
export function formatActivationCode(secretBytes: Uint8Array, fingerprintHex: string): string {
  if (secretBytes.length < 16) throw new ActivationCodeFormatError('the secret must have at least 128 bits');
  return `${ACTIVATION_CODE_PREFIX}-${base32Encode(secretBytes)}-${base32Encode(hexToBytes(fingerprintHex))}`;
}

/** Splits a code into its secret and the pinned fingerprint; throws ActivationCodeFormatError when malformed. */
export function parseActivationCode(code: string): ActivationCodeParts {
  const parts = code.trim().split('-');
  if (parts.length !== 3 || parts[0]!.toUpperCase() !== ACTIVATION_CODE_PREFIX) {
    throw new ActivationCodeFormatError('wrong number of parts or prefix');
  }
  const secret = parts[1]!.toLowerCase();
  const fingerprint = base32Decode(parts[2]!);
  if (base32Decode(secret).length < 16) throw new ActivationCodeFormatError('the secret is too short');
  if (fingerprint.length !== 32) throw new ActivationCodeFormatError('the fingerprint must be 32 bytes');
  return { secret, fingerprintHex: bytesToHex(fingerprint) };
}
