import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ActivationCodeFormatError,
  base32Decode,
  base32Encode,
  formatActivationCode,
  parseActivationCode,
} from './activation-code';

describe('activation codes', () => {
  const fingerprint = createHash('sha256').update('server certificate').digest('hex');

  it('round-trips base32 for every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = randomBytes(n);
      expect(Buffer.from(base32Decode(base32Encode(bytes)))).toEqual(bytes);
    }
    expect(base32Encode(Buffer.from('foobar'))).toBe('mzxw6ytboi'); // RFC 4648 test vector, lower case
  });

  it('carries the secret and the server fingerprint, shell-safe', () => {
    const secret = randomBytes(20);
    const code = formatActivationCode(secret, fingerprint);
    expect(code).toMatch(/^FWA1-[a-z2-7]{32}-[a-z2-7]{52}$/);
    const parts = parseActivationCode(code);
    expect(parts.fingerprintHex).toBe(fingerprint);
    expect(Buffer.from(base32Decode(parts.secret))).toEqual(secret);
    // Colon-separated fingerprints (as openssl prints them) are accepted, upper-case codes too.
    const colon = fingerprint.toUpperCase().match(/../g)!.join(':');
    expect(parseActivationCode(formatActivationCode(secret, colon).toUpperCase()).fingerprintHex).toBe(fingerprint);
  });

  it('two codes never share a secret', () => {
    const a = parseActivationCode(formatActivationCode(randomBytes(20), fingerprint));
    const b = parseActivationCode(formatActivationCode(randomBytes(20), fingerprint));
    expect(a.secret).not.toBe(b.secret);
  });

  it.each([
    '',
    'FWA1',
    'FWA2-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-aaaa',
    'FWA1-abc-' + 'a'.repeat(52),
    'FWA1-' + 'a'.repeat(32) + '-' + 'a'.repeat(20),
    'FWA1-' + 'a'.repeat(32) + '-' + '1'.repeat(52),
    'FWA1-' + 'a'.repeat(32) + '-' + 'a'.repeat(52) + '-x',
  ])('refuses the malformed code %j', (code) => {
    expect(() => parseActivationCode(code)).toThrow(ActivationCodeFormatError);
  });

  it('refuses a secret below 128 bits when formatting', () => {
    expect(() => formatActivationCode(randomBytes(15), fingerprint)).toThrow(ActivationCodeFormatError);
  });
});
