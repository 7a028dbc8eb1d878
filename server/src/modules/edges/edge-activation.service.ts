import type { EdgeActivationRequest, EdgeActivationResponse } from '@fleetward/contracts';
import {
  ACTIVATION_SECRET_BYTES,
  ActivationCodeFormatError,
  formatActivationCode,
  parseActivationCode,
} from '@fleetward/domain/edge-activation';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../infra/config/app-config';
import { hashToken } from '../../infra/crypto/token-hash';
import { certificateFingerprint, EdgeCsrInvalidError, parseEdgeCsr } from './edge-ca';
import { EdgeCaService } from './edge-ca.service';
import { EdgeActivationRateLimitedError, EdgeActivationRefusedError, EdgeCsrRejectedError } from './edge.errors';
import { EdgeRepository } from './edge.repository';

const MINUTE_MS = 60_000;

/** A fresh code; only `hash` is stored. */
export interface IssuedActivationCode {
  code: string;
  hash: string;
  expiresAt: Date;
}

/**
 * Edge activation (docs/decisions/0007): one-time codes (160 random bits, stored as SHA-256, expiring, single use)
 * that carry the fingerprint of the server's TLS certificate; an edge presenting a valid code and a CSR gets a
 * certificate from the edge CA and the CA certificate. Attempts are limited per source address.
 */
@Injectable()
export class EdgeActivationService {
  private readonly logger = new Logger('EdgeActivation');
  private fingerprint: string | null = null;
  private readonly attempts = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly edges: EdgeRepository,
    private readonly ca: EdgeCaService,
  ) {}

  /** SHA-256 (hex) of the certificate the server presents on HTTPS. */
  serverFingerprint(): string {
    this.fingerprint ??= certificateFingerprint(readFileSync(this.config.tls.certFile, 'utf8'));
    return this.fingerprint;
  }

  newCode(): IssuedActivationCode {
    const secret = randomBytes(ACTIVATION_SECRET_BYTES);
    const code = formatActivationCode(secret, this.serverFingerprint());
    const expiresAt = new Date(this.clock.now().getTime() + this.config.edgeActivation.ttlHours * 3_600_000);
    return { code, hash: hashToken(parseActivationCode(code).secret), expiresAt };
  }

  /**
   * Activates the edge the code belongs to. Unknown, expired, used or malformed codes all answer
   * EdgeActivationRefusedError; a malformed CSR (with a valid code) is a 400 and leaves the code usable.
   */
  async activate(request: EdgeActivationRequest, sourceAddress: string): Promise<EdgeActivationResponse> {
    this.limit(sourceAddress);
    let hash: string;
    try {
      hash = hashToken(parseActivationCode(request.code).secret);
    } catch (error) {
      if (error instanceof ActivationCodeFormatError) throw new EdgeActivationRefusedError();
      throw error;
    }
    const now = this.clock.now();
    // Check the CSR before using up the code, so that a broken edge can retry with the same code.
    try {
      parseEdgeCsr(request.csrPem);
    } catch (error) {
      if (error instanceof EdgeCsrInvalidError) throw new EdgeCsrRejectedError(error.message);
      throw error;
    }
    const edgeId = await this.edges.consumeActivationCode(hash, now);
    if (edgeId === null) throw new EdgeActivationRefusedError();
    const certificatePem = await this.ca.signEdge(request.csrPem, edgeId);
    const url = request.url.trim().replace(/\/+$/, '');
    await this.edges.recordActivation(edgeId, { url, version: request.version, certificatePem, now });
    this.logger.log(`Edge ${edgeId} activated from ${sourceAddress} (${url}, version ${request.version})`);
    return { edgeId, certificatePem, caPem: this.ca.caCertificatePem };
  }

  /** Fixed one-minute window per source address. */
  private limit(sourceAddress: string): void {
    const now = this.clock.now().getTime();
    for (const [address, entry] of this.attempts) {
      if (now - entry.windowStart >= MINUTE_MS) this.attempts.delete(address);
    }
    const entry = this.attempts.get(sourceAddress) ?? { windowStart: now, count: 0 };
    entry.count += 1;
    this.attempts.set(sourceAddress, entry);
    if (entry.count > this.config.edgeActivation.ratePerMinute) throw new EdgeActivationRateLimitedError();
  }
}
