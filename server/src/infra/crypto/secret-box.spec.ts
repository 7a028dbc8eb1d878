import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretDecryptionError } from './crypto.errors';
import { loadMasterKeys, nextKeyFile } from './master-key';
import { deriveKey, keyIdOf, SecretBox } from './secret-box';

const key = (fill: number) => Buffer.alloc(32, fill);

describe('SecretBox', () => {
  it('round-trips and never repeats a ciphertext (random IV)', () => {
    const sut = new SecretBox({ primaryKey: key(1) });
    const a = sut.encrypt('alice@example.com');
    const b = sut.encrypt('alice@example.com');
    expect(a).not.toBe(b);
    expect(sut.decrypt(a)).toBe('alice@example.com');
    expect(a).toMatch(new RegExp(`^v1:${keyIdOf(key(1))}:[A-Za-z0-9+/]+=*$`));
    expect(a).not.toContain('alice');
  });

  it('handles empty and non-ASCII plaintexts', () => {
    const sut = new SecretBox({ primaryKey: key(1) });
    for (const text of ['', 'パスワード🔑', 'x'.repeat(10_000)]) expect(sut.decrypt(sut.encrypt(text))).toBe(text);
  });

  it('rejects tampered values', () => {
    const sut = new SecretBox({ primaryKey: key(1) });
    const [v, id, payload] = sut.encrypt('secret').split(':') as [string, string, string];
    const raw = Buffer.from(payload, 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => sut.decrypt(`${v}:${id}:${raw.toString('base64')}`)).toThrow(SecretDecryptionError);
  });

  it('rejects values of unknown keys, other formats and truncated payloads with clear errors', () => {
    const sut = new SecretBox({ primaryKey: key(1) });
    const foreign = new SecretBox({ primaryKey: key(2) }).encrypt('x');
    expect(() => sut.decrypt(foreign)).toThrow(/unknown key/);
    expect(() => sut.decrypt('plain text')).toThrow(/Not a Fleetward encrypted value/);
    expect(() => sut.decrypt(`v1:${sut.primaryKeyId}:AAAA`)).toThrow(/truncated/);
  });

  it('decrypts with any key of the ring and encrypts with the primary', () => {
    const old = new SecretBox({ primaryKey: key(1) });
    const sut = new SecretBox({ primaryKey: key(2), otherKeys: [key(1)] });
    expect(sut.decrypt(old.encrypt('kept'))).toBe('kept');
    expect(sut.isCurrent(sut.encrypt('x'))).toBe(true);
    expect(sut.isCurrent(old.encrypt('x'))).toBe(false);
  });

  it('computes a keyed HMAC that depends on the key', () => {
    const a = new SecretBox({ primaryKey: key(1) });
    expect(a.hmac('a@b.c')).toBe(a.hmac('a@b.c'));
    expect(a.hmac('a@b.c')).not.toBe(new SecretBox({ primaryKey: key(2) }).hmac('a@b.c'));
    expect(deriveKey(key(1), 'jwt')).not.toEqual(deriveKey(key(1), 'other'));
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new SecretBox({ primaryKey: Buffer.alloc(16) })).toThrow(/32 bytes/);
  });
});

describe('loadMasterKeys', () => {
  it('creates master.key with mode 0600 on first use and reuses it after', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fw-key-'));
    const file = path.join(dir, 'master.key');
    const first = loadMasterKeys({ file });
    expect(first.source).toBe('file');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(first.primary);
    expect(loadMasterKeys({ file }).primary).toEqual(first.primary);
  });

  it('prefers the environment key and also reads an interrupted rotation key', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fw-key-'));
    const file = path.join(dir, 'master.key');
    expect(loadMasterKeys({ file, fromEnv: key(9) })).toEqual({ primary: key(9), others: [], source: 'env' });
    loadMasterKeys({ file });
    const next = randomBytes(32);
    writeFileSync(nextKeyFile(file), next.toString('base64'), { mode: 0o600 });
    expect(loadMasterKeys({ file }).others).toEqual([next]);
  });

  it('fails clearly on a malformed key file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fw-key-'));
    const file = path.join(dir, 'master.key');
    writeFileSync(file, 'not-a-key');
    expect(() => loadMasterKeys({ file })).toThrow(/must hold 32 bytes/);
  });
});
