import forge from 'node-forge';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import type { AppConfig } from '../../infra/config/app-config';
import { hashToken } from '../../infra/crypto/token-hash';
import { createSelfSignedCertificate } from '../../infra/tls/tls-certificate';
import { EdgeActivationService } from './edge-activation.service';
import { certificateFingerprint } from './edge-ca';
import type { EdgeCaService } from './edge-ca.service';
import { EdgeActivationRateLimitedError, EdgeActivationRefusedError, EdgeCsrRejectedError } from './edge.errors';
import type { EdgeRepository } from './edge.repository';

const dir = mkdtempSync(path.join(tmpdir(), 'fleetward-activation-'));
const cert = createSelfSignedCertificate({ host: 'localhost' }).cert;
writeFileSync(path.join(dir, 'cert.pem'), cert);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The service over an in-memory code table and a CA stand-in that only checks what it is asked to sign. */
function setup() {
  const clock = new FakeClock('2026-06-01T08:00:00.000Z');
  const codes = new Map<string, { edgeId: string; expiresAt: Date }>();
  const activations: string[] = [];
  const repo = {
    consumeActivationCode: (hash: string, now: Date) => {
      const code = codes.get(hash);
      if (!code || code.expiresAt <= now) return Promise.resolve(null);
      codes.delete(hash);
      return Promise.resolve(code.edgeId);
    },
    recordActivation: (id: string) => Promise.resolve(void activations.push(id)),
  } as unknown as EdgeRepository;
  const ca = {
    caCertificatePem: 'CA PEM',
    signEdge: (_csr: string, edgeId: string) => Promise.resolve(`CERT FOR ${edgeId}`),
  } as unknown as EdgeCaService;
  const config = {
    tls: { certFile: path.join(dir, 'cert.pem') },
    edgeActivation: { ttlHours: 24, ratePerMinute: 3 },
  } as unknown as AppConfig;
  const sut = new EdgeActivationService(config, clock, repo, ca);
  const issue = (edgeId: string) => {
    const code = sut.newCode();
    codes.set(code.hash, { edgeId, expiresAt: code.expiresAt });
    return code;
  };
  return { sut, clock, issue, activations };
}

// A real CSR is needed because the service checks it before using the code.
const keys = forge.pki.rsa.generateKeyPair(2048);
const csr = forge.pki.createCertificationRequest();
csr.publicKey = keys.publicKey;
csr.sign(keys.privateKey, forge.md.sha256.create());
const csrPem = forge.pki.certificationRequestToPem(csr);
const body = (code: string) => ({ code, csrPem, url: 'https://10.0.0.5:5000/', version: '0.1.0' });

describe('EdgeActivationService', () => {
  it('issues codes carrying the server fingerprint, stores only their hash, expiring after the TTL', () => {
    const { sut, clock } = setup();
    const code = sut.newCode();
    expect(code.code.split('-')).toHaveLength(3);
    expect(code.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(code.hash).not.toContain(code.code.split('-')[1]);
    expect(code.hash).toBe(hashToken(code.code.split('-')[1]!));
    expect(code.expiresAt.getTime() - clock.now().getTime()).toBe(24 * 3_600_000);
    expect(sut.serverFingerprint()).toBe(certificateFingerprint(cert));
  });

  it('activates once; a replay, an unknown, a malformed or an expired code get the same refusal', async () => {
    const { sut, clock, issue, activations } = setup();
    const code = issue('edge-1').code;
    await expect(sut.activate(body(code), '10.0.0.5')).resolves.toEqual({
      edgeId: 'edge-1',
      certificatePem: 'CERT FOR edge-1',
      caPem: 'CA PEM',
    });
    expect(activations).toEqual(['edge-1']);
    await expect(sut.activate(body(code), '10.0.0.5')).rejects.toThrow(EdgeActivationRefusedError);
    await expect(sut.activate(body('FWA1-nonsense'), '10.0.0.6')).rejects.toThrow(EdgeActivationRefusedError);
    const unknown = code.replace(/-[a-z2-7]{32}-/, `-${'a'.repeat(32)}-`);
    await expect(sut.activate(body(unknown), '10.0.0.6')).rejects.toThrow(EdgeActivationRefusedError);
    const late = issue('edge-2').code;
    clock.advanceMinutes(24 * 60);
    await expect(sut.activate(body(late), '10.0.0.7')).rejects.toThrow(EdgeActivationRefusedError);
    expect(activations).toEqual(['edge-1']);
  });

  it('refuses a broken CSR with 400 and leaves the code usable', async () => {
    const { sut, issue } = setup();
    const code = issue('edge-3').code;
    const bad = {
      ...body(code),
      csrPem: `-----BEGIN CERTIFICATE REQUEST-----\n${randomBytes(30).toString('base64')}\n-----END CERTIFICATE REQUEST-----`,
    };
    await expect(sut.activate(bad, '10.0.0.8')).rejects.toThrow(EdgeCsrRejectedError);
    await expect(sut.activate(body(code), '10.0.0.8')).resolves.toMatchObject({ edgeId: 'edge-3' });
  });

  it('limits attempts per source address and minute', async () => {
    const { sut, clock } = setup();
    for (let i = 0; i < 3; i++) {
      await expect(sut.activate(body('FWA1-x-y'), '10.0.0.9')).rejects.toThrow(EdgeActivationRefusedError);
    }
    await expect(sut.activate(body('FWA1-x-y'), '10.0.0.9')).rejects.toThrow(EdgeActivationRateLimitedError);
    await expect(sut.activate(body('FWA1-x-y'), '10.0.0.10')).rejects.toThrow(EdgeActivationRefusedError);
    clock.advanceMinutes(1);
    await expect(sut.activate(body('FWA1-x-y'), '10.0.0.9')).rejects.toThrow(EdgeActivationRefusedError);
  });
});
