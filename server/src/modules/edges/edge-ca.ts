import forge from 'node-forge';
import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';

/**
 * The server's edge certificate authority (docs/decisions/0007): RSA 2048 keys from Node's crypto (native, fast),
 * X.509 built with node-forge. It issues one client certificate for the server (CN `fleetward-server`) and one
 * certificate per activated edge (CN = edge id, URI SAN `urn:fleetward:edge:<id>`, server + client auth).
 */
export const SERVER_CLIENT_CN = 'fleetward-server';
export const EDGE_URI_PREFIX = 'urn:fleetward:edge:';

const DAY_MS = 86_400_000;
/** Validity of the CA (20 years) and of issued certificates (5 years; re-activation issues a new one). */
const CA_DAYS = 20 * 365;
const LEAF_DAYS = 5 * 365;

export interface KeyAndCertificate {
  certificatePem: string;
  keyPem: string;
}

export interface EdgeCaMaterial {
  ca: KeyAndCertificate;
  server: KeyAndCertificate;
}

export class EdgeCsrInvalidError extends Error {
  constructor(reason: string) {
    super(`Invalid certificate signing request: ${reason}`);
  }
}

function rsaKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function serial(): string {
  return '01' + randomBytes(15).toString('hex'); // positive: first byte below 0x80
}

function validity(cert: forge.pki.Certificate, now: Date, days: number): void {
  cert.validity.notBefore = new Date(now.getTime() - 5 * 60_000);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
}

/** A new CA and the server's client certificate signed by it. */
export function createEdgeCa(now: Date): EdgeCaMaterial {
  const caKeys = rsaKeyPair();
  const caKey = forge.pki.privateKeyFromPem(caKeys.privateKeyPem);
  const ca = forge.pki.createCertificate();
  ca.publicKey = forge.pki.publicKeyFromPem(caKeys.publicKeyPem);
  ca.serialNumber = serial();
  validity(ca, now, CA_DAYS);
  const caSubject = [
    { name: 'commonName', value: 'Fleetward edge CA' },
    { name: 'organizationName', value: 'Fleetward' },
  ];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey, forge.md.sha256.create());

  const serverKeys = rsaKeyPair();
  const server = leaf({
    ca,
    caKey,
    publicKey: forge.pki.publicKeyFromPem(serverKeys.publicKeyPem),
    commonName: SERVER_CLIENT_CN,
    uri: null,
    serverAuth: false,
    now,
  });
  return {
    ca: { certificatePem: forge.pki.certificateToPem(ca), keyPem: caKeys.privateKeyPem },
    server: { certificatePem: server, keyPem: serverKeys.privateKeyPem },
  };
}

/**
 * Signs an edge's CSR: only its public key is used (after checking the CSR's own signature); subject and
 * extensions are ours: CN = edge id, URI SAN `urn:fleetward:edge:<id>`, server and client authentication.
 */
export function signEdgeCsr(options: {
  caCertificatePem: string;
  caKeyPem: string;
  csrPem: string;
  edgeId: string;
  now: Date;
}): string {
  const publicKey = parseEdgeCsr(options.csrPem);
  return leaf({
    ca: forge.pki.certificateFromPem(options.caCertificatePem),
    caKey: forge.pki.privateKeyFromPem(options.caKeyPem),
    publicKey,
    commonName: options.edgeId,
    uri: `${EDGE_URI_PREFIX}${options.edgeId}`,
    serverAuth: true,
    now: options.now,
  });
}

/** The RSA public key of a well-formed, self-consistent CSR (≥ 2048 bits); throws EdgeCsrInvalidError. */
export function parseEdgeCsr(csrPem: string): forge.pki.rsa.PublicKey {
  let csr: forge.pki.CertificateSigningRequest;
  try {
    csr = forge.pki.certificationRequestFromPem(csrPem);
  } catch (error) {
    throw new EdgeCsrInvalidError(error instanceof Error ? error.message : 'not a PEM CSR');
  }
  if (!csr.publicKey) throw new EdgeCsrInvalidError('no public key');
  let valid = false;
  try {
    valid = csr.verify();
  } catch {
    valid = false;
  }
  if (!valid) throw new EdgeCsrInvalidError('its signature does not match its key');
  const publicKey = csr.publicKey as forge.pki.rsa.PublicKey;
  if (typeof publicKey.n?.bitLength !== 'function' || publicKey.n.bitLength() < 2048) {
    throw new EdgeCsrInvalidError('the key must be RSA with at least 2048 bits');
  }
  return publicKey;
}

function leaf(options: {
  ca: forge.pki.Certificate;
  caKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.PublicKey;
  commonName: string;
  uri: string | null;
  serverAuth: boolean;
  now: Date;
}): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = options.publicKey;
  cert.serialNumber = serial();
  validity(cert, options.now, LEAF_DAYS);
  cert.setSubject([
    { name: 'commonName', value: options.commonName },
    { name: 'organizationName', value: 'Fleetward' },
  ]);
  cert.setIssuer(options.ca.subject.attributes);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true, serverAuth: options.serverAuth },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: options.ca.generateSubjectKeyIdentifier().getBytes() },
  ];
  if (options.uri) extensions.push({ name: 'subjectAltName', altNames: [{ type: 6, value: options.uri }] });
  cert.setExtensions(extensions);
  cert.sign(options.caKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** SHA-256 of a certificate's DER, lower-case hex (what activation codes carry). */
export function certificateFingerprint(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('hex');
}
