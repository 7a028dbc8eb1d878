import type { EdgeActivationResponse } from '@fleetward/contracts';
import { ActivationCodeFormatError, parseActivationCode } from '@fleetward/domain/edge-activation';
import forge from 'node-forge';
import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, request } from 'undici';

/** What activation left in `<dataDir>/activation/` (the key file is 0600). */
export interface StoredActivation {
  edgeId: string;
  serverUrl: string;
  activatedAt: string;
  keyPem: string;
  certificatePem: string;
  /** The server's edge CA: only client certificates it issued are accepted (CN fleetward-server). */
  caPem: string;
}

/** Activation failed; the message is one line, fit for the CLI, and never contains the code. */
export class EdgeActivationError extends Error {
  constructor(message: string) {
    super(`Edge activation failed: ${message}`);
  }
}

const FILES = {
  meta: 'activation.json',
  key: 'edge-key.pem',
  cert: 'edge-cert.pem',
  ca: 'server-ca.pem',
} as const;

function dirOf(dataDir: string): string {
  return path.join(dataDir, 'activation');
}

/** The stored activation, or null when this edge was never activated. */
export function loadActivation(dataDir: string): StoredActivation | null {
  const dir = dirOf(dataDir);
  if (!existsSync(path.join(dir, FILES.meta))) return null;
  const meta = JSON.parse(readFileSync(path.join(dir, FILES.meta), 'utf8')) as {
    edgeId: string;
    serverUrl: string;
    activatedAt: string;
  };
  return {
    ...meta,
    keyPem: readFileSync(path.join(dir, FILES.key), 'utf8'),
    certificatePem: readFileSync(path.join(dir, FILES.cert), 'utf8'),
    caPem: readFileSync(path.join(dir, FILES.ca), 'utf8'),
  };
}

function storeActivation(dataDir: string, activation: StoredActivation): void {
  const dir = dirOf(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, FILES.key), activation.keyPem, { mode: 0o600 });
  chmodSync(path.join(dir, FILES.key), 0o600);
  writeFileSync(path.join(dir, FILES.cert), activation.certificatePem, { mode: 0o644 });
  writeFileSync(path.join(dir, FILES.ca), activation.caPem, { mode: 0o644 });
  // Written last: its presence means the activation is complete.
  const meta = { edgeId: activation.edgeId, serverUrl: activation.serverUrl, activatedAt: activation.activatedAt };
  writeFileSync(path.join(dir, FILES.meta), JSON.stringify(meta, null, 2) + '\n', { mode: 0o644 });
}

/** A new RSA 2048 key (Node's crypto) and a PKCS#10 CSR for it (node-forge). The server sets the subject. */
export function createKeyAndCsr(): { keyPem: string; csrPem: string } {
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

/**
 * An undici connector that accepts the server only if its certificate's SHA-256 is `fingerprintHex` (the pin in
 * the activation code): no CA file needed on first contact, and no request is sent to anyone else.
 */
function pinnedConnector(fingerprintHex: string): buildConnector.connector {
  const base = buildConnector({ rejectUnauthorized: false });
  return (options, callback) => {
    base(options, (error, socket) => {
      if (error) return callback(error, null);
      const raw = (socket as TLSSocket).getPeerCertificate().raw;
      const actual = raw ? createHash('sha256').update(raw).digest('hex') : '';
      if (actual !== fingerprintHex) {
        socket.destroy();
        return callback(
          new Error(`the server's certificate does not match the fingerprint in the activation code`),
          null,
        );
      }
      callback(null, socket);
    });
  };
}

/**
 * Activates this edge: new key + CSR, `POST <serverUrl>/api/v1/edge-activation` over HTTPS pinned by the code's
 * fingerprint, then stores key, certificate, CA and server URL in the data dir.
 */
export async function activateEdge(options: {
  dataDir: string;
  serverUrl: string;
  code: string;
  publicUrl: string;
  version: string;
  timeoutMs?: number;
}): Promise<StoredActivation> {
  let fingerprintHex: string;
  try {
    fingerprintHex = parseActivationCode(options.code).fingerprintHex;
  } catch (error) {
    if (error instanceof ActivationCodeFormatError) throw new EdgeActivationError(error.message);
    throw error;
  }
  const { keyPem, csrPem } = createKeyAndCsr();
  const agent = new Agent({ connect: pinnedConnector(fingerprintHex) });
  let status: number;
  let text: string;
  try {
    const res = await request(`${options.serverUrl}/api/v1/edge-activation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code: options.code, csrPem, url: options.publicUrl, version: options.version }),
      dispatcher: agent,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : null;
    throw new EdgeActivationError(
      `cannot reach the server at ${options.serverUrl}: ${cause ? cause.message : String(error)}`,
    );
  } finally {
    await agent.close();
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (status !== 200) {
    const b = (body ?? {}) as { code?: unknown; message?: unknown };
    const code = typeof b.code === 'string' ? b.code : `HTTP ${status}`;
    const message = typeof b.message === 'string' ? b.message : text.slice(0, 200);
    throw new EdgeActivationError(`the server refused it (${code}): ${message}`.replace(/\s+/g, ' '));
  }
  const answer = body as Partial<EdgeActivationResponse> | null;
  if (
    !answer ||
    typeof answer.edgeId !== 'string' ||
    typeof answer.certificatePem !== 'string' ||
    typeof answer.caPem !== 'string'
  ) {
    throw new EdgeActivationError('the server answer is not {edgeId, certificatePem, caPem}');
  }
  const issued = new X509Certificate(answer.certificatePem);
  if (!issued.checkPrivateKey(createPrivateKey(keyPem))) {
    throw new EdgeActivationError('the issued certificate is not for this edge key');
  }
  const activation: StoredActivation = {
    edgeId: answer.edgeId,
    serverUrl: options.serverUrl,
    activatedAt: new Date().toISOString(),
    keyPem,
    certificatePem: answer.certificatePem,
    caPem: answer.caPem,
  };
  storeActivation(options.dataDir, activation);
  return activation;
}
