import forge from 'node-forge';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Loads the configured certificate, or a self-signed one kept in `<dataDir>/tls/` (created on first start). */
export function loadOrCreateTls(options: {
  dataDir: string;
  files: { certFile: string; keyFile: string } | null;
  now?: Date;
}): {
  cert: string;
  key: string;
  selfSigned: boolean;
} {
  if (options.files) {
    return {
      cert: readFileSync(options.files.certFile, 'utf8'),
      key: readFileSync(options.files.keyFile, 'utf8'),
      selfSigned: false,
    };
  }
  const dir = path.join(options.dataDir, 'tls');
  const certFile = path.join(dir, 'edge-cert.pem');
  const keyFile = path.join(dir, 'edge-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), selfSigned: true };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  const now = options.now ?? new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * 24 * 3600 * 1000);
  const attrs = [
    { name: 'commonName', value: 'fleetward-edge' },
    { name: 'organizationName', value: 'Fleetward' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const keyPem = forge.pki.privateKeyToPem(keys.privateKey);
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  writeFileSync(certFile, certPem, { mode: 0o644 });
  return { cert: certPem, key: keyPem, selfSigned: true };
}
