import forge from 'node-forge';
import { generateKeyPairSync } from 'node:crypto';

export interface DeviceCertificate {
  certPem: string;
  keyPem: string;
}

let shared: DeviceCertificate | null = null;

/**
 * The self-signed certificate every simulated device presents on its TLS faces, generated once per simulator
 * process (real MFPs ship with a self-signed certificate too). Subject alternative name: the whole 127.0.0.0/8
 * range cannot be listed, so clients pin this certificate (caPem) and check it, not the host name.
 */
export function deviceCertificate(): DeviceCertificate {
  if (shared) return shared;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const attrs = [
    { name: 'commonName', value: 'fleetward-simulated-mfp' },
    { name: 'organizationName', value: 'Fleetward simulator' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  shared = { certPem: forge.pki.certificateToPem(cert), keyPem };
  return shared;
}
