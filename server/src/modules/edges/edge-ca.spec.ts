import forge from 'node-forge';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkEdgeIdentity } from '../../edge-client/edge-client';
import { certificateFingerprint, createEdgeCa, EdgeCsrInvalidError, SERVER_CLIENT_CN, signEdgeCsr } from './edge-ca';
import { edgeStatus } from './edges.service';

/** What an edge sends: its own key and a CSR with a subject of its choosing (ignored by the CA). */
function createKeyAndCsr(): { keyPem: string; csrPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey);
  csr.setSubject([{ name: 'commonName', value: 'fleetward-edge' }]);
  csr.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { keyPem: privateKey, csrPem: forge.pki.certificationRequestToPem(csr) };
}

const now = new Date('2026-06-01T08:00:00.000Z');
const EDGE_ID = '6d2f3f57-1b1e-4c53-9a53-1d1a4c6f0e11';

describe('edge CA', () => {
  const material = createEdgeCa(now);
  const ca = new X509Certificate(material.ca.certificatePem);

  it('is a CA (path length 0) and issues the server client certificate CN fleetward-server', () => {
    expect(ca.ca).toBe(true);
    const server = new X509Certificate(material.server.certificatePem);
    expect(server.subject).toContain(`CN=${SERVER_CLIENT_CN}`);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkPrivateKey(createPrivateKey(material.server.keyPem))).toBe(true);
    expect(server.subjectAltName).toBeUndefined(); // names no edge: an edge never accepts it as another edge
  });

  it('signs an edge CSR with its own subject: CN = edge id, URI SAN, 5 years, the CSR key', () => {
    const { keyPem, csrPem } = createKeyAndCsr();
    const pem = signEdgeCsr({
      caCertificatePem: material.ca.certificatePem,
      caKeyPem: material.ca.keyPem,
      csrPem,
      edgeId: EDGE_ID,
      now,
    });
    const cert = new X509Certificate(pem);
    expect(cert.subject).toContain(`CN=${EDGE_ID}`);
    expect(cert.subject).not.toContain('fleetward-edge'); // the CSR's subject is ignored
    expect(cert.subjectAltName).toBe(`URI:urn:fleetward:edge:${EDGE_ID}`);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(Date.parse(cert.validTo) - now.getTime()).toBeGreaterThan(4.9 * 365 * 86_400_000);
    expect(cert.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(checkEdgeIdentity(EDGE_ID, { subjectaltname: cert.subjectAltName! })).toBeUndefined();
    expect(checkEdgeIdentity('another-edge', { subjectaltname: cert.subjectAltName! })?.message).toContain(
      `another edge (${EDGE_ID})`,
    );
  });

  it('refuses a CSR that is not one, or whose signature does not match its key', () => {
    const sign = (csrPem: string) =>
      signEdgeCsr({
        caCertificatePem: material.ca.certificatePem,
        caKeyPem: material.ca.keyPem,
        csrPem,
        edgeId: EDGE_ID,
        now,
      });
    expect(() => sign('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----')).toThrow(
      EdgeCsrInvalidError,
    );
    const { csrPem } = createKeyAndCsr();
    const body = csrPem.split('\n');
    // Flip one character in the middle of the base64 body (inside the signed data).
    const line = body[5]!;
    body[5] = line.slice(0, 10) + (line[10] === 'A' ? 'B' : 'A') + line.slice(11);
    expect(() => sign(body.join('\n'))).toThrow(EdgeCsrInvalidError);
  });

  it('fingerprints the DER like openssl x509 -fingerprint -sha256', () => {
    expect(certificateFingerprint(material.ca.certificatePem)).toBe(ca.fingerprint256.replace(/:/g, '').toLowerCase());
  });
});

describe('edgeStatus', () => {
  const base = { activatedAt: null, tokenEncrypted: null, lastSeenAt: null, lastErrorAt: null };
  const minutes = (m: number) => new Date(now.getTime() - m * 60_000);
  it('pending, online, offline', () => {
    expect(edgeStatus(base, now)).toBe('pending');
    expect(edgeStatus({ ...base, activatedAt: minutes(60), lastSeenAt: minutes(1) }, now)).toBe('online');
    expect(edgeStatus({ ...base, activatedAt: minutes(60), lastSeenAt: minutes(10) }, now)).toBe('offline');
    expect(
      edgeStatus({ ...base, activatedAt: minutes(60), lastSeenAt: minutes(2), lastErrorAt: minutes(1) }, now),
    ).toBe('offline');
    expect(edgeStatus({ ...base, tokenEncrypted: 'x', lastSeenAt: minutes(1), lastErrorAt: minutes(2) }, now)).toBe(
      'online',
    );
  });
});
