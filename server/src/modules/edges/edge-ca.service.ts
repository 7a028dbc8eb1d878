import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { SecretBox } from '../../infra/crypto/secret-box';
import { createEdgeCa, signEdgeCsr } from './edge-ca';
import { EdgeCaRepository } from './edge-ca.repository';

/** What the server presents to an edge and trusts from it (keys decrypted in memory only, never logged). */
export interface EdgeClientCredentials {
  caCertificatePem: string;
  certificatePem: string;
  keyPem: string;
}

/**
 * The server's edge CA: created at the first start (keys SecretBox-encrypted in the database, so a copy of the
 * database reveals neither key and `rotate-key` re-encrypts them), loaded at every start after.
 */
@Injectable()
export class EdgeCaService implements OnModuleInit {
  private readonly logger = new Logger('EdgeCa');
  private loaded: { caCertificatePem: string; client: EdgeClientCredentials } | null = null;

  constructor(
    private readonly repository: EdgeCaRepository,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  get caCertificatePem(): string {
    return this.material().caCertificatePem;
  }

  /** The server's client certificate and key, and the CA every activated edge's certificate chains to. */
  clientCredentials(): EdgeClientCredentials {
    return this.material().client;
  }

  /** Signs an edge's CSR (throws EdgeCsrInvalidError for a bad one). The CA key is read and decrypted per use. */
  async signEdge(csrPem: string, edgeId: string): Promise<string> {
    const stored = await this.repository.find();
    if (!stored) throw new Error('The edge CA is missing');
    return signEdgeCsr({
      caCertificatePem: stored.caCertificatePem,
      caKeyPem: this.secretBox.decrypt(stored.caKeyEncrypted),
      csrPem,
      edgeId,
      now: this.clock.now(),
    });
  }

  private material(): NonNullable<EdgeCaService['loaded']> {
    if (!this.loaded) throw new Error('The edge CA is not loaded yet');
    return this.loaded;
  }

  private async load(): Promise<void> {
    let stored = await this.repository.find();
    if (!stored) {
      const created = createEdgeCa(this.clock.now());
      const inserted = await this.repository.insertIfAbsent(
        {
          caCertificatePem: created.ca.certificatePem,
          caKeyEncrypted: this.secretBox.encrypt(created.ca.keyPem),
          serverCertificatePem: created.server.certificatePem,
          serverKeyEncrypted: this.secretBox.encrypt(created.server.keyPem),
        },
        this.clock.now(),
      );
      if (inserted) this.logger.log('Created the edge certificate authority');
      stored = await this.repository.find();
      if (!stored) throw new Error('The edge CA could not be stored');
    }
    this.loaded = {
      caCertificatePem: stored.caCertificatePem,
      client: {
        caCertificatePem: stored.caCertificatePem,
        certificatePem: stored.serverCertificatePem,
        keyPem: this.secretBox.decrypt(stored.serverKeyEncrypted),
      },
    };
  }
}
