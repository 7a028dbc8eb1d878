import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate, ensureTlsMaterial } from './tls-certificate';

describe('self-signed TLS certificate', () => {
  it('names the host, localhost and the loopback addresses', () => {
    const now = new Date('2026-01-15T09:00:00Z');
    const { cert, key } = createSelfSignedCertificate({ host: 'printhub01', now });
    const x509 = new X509Certificate(cert);
    expect(x509.subject).toContain('CN=printhub01');
    expect(x509.subjectAltName).toContain('DNS:localhost');
    expect(x509.subjectAltName).toContain('DNS:printhub01');
    expect(x509.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(now.getTime() + 800 * 86_400_000);
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
  });

  it('generates once into the data dir (key 0600) and reuses it after', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fw-tls-'));
    const files = {
      certFile: path.join(dir, 'tls', 'cert.pem'),
      keyFile: path.join(dir, 'tls', 'key.pem'),
      generate: true,
    };
    const first = ensureTlsMaterial(files);
    expect(first.created).toBe(true);
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
    const second = ensureTlsMaterial(files);
    expect(second).toEqual({ cert: first.cert, key: first.key, created: false });
  });

  it('reads configured files and fails clearly when they are missing', () => {
    expect(() =>
      ensureTlsMaterial({ certFile: '/nonexistent/c.pem', keyFile: '/nonexistent/k.pem', generate: false }),
    ).toThrow(/Cannot read the TLS certificate \/nonexistent\/c.pem .*ENOENT/);
  });
});
