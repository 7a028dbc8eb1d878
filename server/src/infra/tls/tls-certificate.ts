import forge from 'node-forge';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** True when this start generated a new self-signed certificate. */
  created: boolean;
}

/**
 * A self-signed certificate for `CN=<hostname>` with SANs localhost, 127.0.0.1, ::1 and the host name,
 * valid for 825 days. RSA 2048 keys come from Node's crypto (native, fast); node-forge builds the X.509.
 */
export function createSelfSignedCertificate(options: { host?: string; now?: Date } = {}): {
  cert: string;
  key: string;
} {
  const host = options.host ?? hostname();
  const now = options.now ?? new Date();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // Positive serial number: first byte below 0x80.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 825 * 86_400_000);
  const attrs = [
    { name: 'commonName', value: host },
    { name: 'organizationName', value: 'Fleetward (self-signed)' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  const altNames: { type: number; value?: string; ip?: string }[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (host !== 'localhost') altNames.push({ type: 2, value: host });
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
  ]);
  const forgeKey = forge.pki.privateKeyFromPem(privateKey);
  cert.sign(forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: privateKey };
}

/** The configured certificate, or the self-signed one in `<dataDir>/tls/` (generated on first start, reused after). */
export function ensureTlsMaterial(options: {
  certFile: string;
  keyFile: string;
  generate: boolean;
  now?: Date;
}): TlsMaterial {
  if (!options.generate || (existsSync(options.certFile) && existsSync(options.keyFile))) {
    return {
      cert: readPem(options.certFile, 'certificate'),
      key: readPem(options.keyFile, 'private key'),
      created: false,
    };
  }
  const generated = createSelfSignedCertificate(options.now ? { now: options.now } : {});
  mkdirSync(path.dirname(options.certFile), { recursive: true, mode: 0o700 });
  writeFileSync(options.keyFile, generated.key, { mode: 0o600 });
  chmodSync(options.keyFile, 0o600);
  writeFileSync(options.certFile, generated.cert, { mode: 0o644 });
  return { ...generated, created: true };
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `Cannot read the TLS ${what} ${file} (FLEETWARD_TLS_CERT_FILE / FLEETWARD_TLS_KEY_FILE): ${reason}`,
      { cause },
    );
  }
}
