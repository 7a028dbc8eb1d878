import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../infra/database/unique-violation';
import { EdgeCertificateAuthorityEntity } from './edge-ca.entity';

export const EDGE_CA_ROW_ID = 'edge-ca';

export interface StoredEdgeCa {
  caCertificatePem: string;
  caKeyEncrypted: string;
  serverCertificatePem: string;
  serverKeyEncrypted: string;
}

/** The only code that touches `edge_certificate_authority`. */
@Injectable()
export class EdgeCaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(): Promise<StoredEdgeCa | null> {
    const row = await this.dataSource.getRepository(EdgeCertificateAuthorityEntity).findOneBy({ id: EDGE_CA_ROW_ID });
    return row
      ? {
          caCertificatePem: row.caCertificatePem,
          caKeyEncrypted: row.caKeyEncrypted,
          serverCertificatePem: row.serverCertificatePem,
          serverKeyEncrypted: row.serverKeyEncrypted,
        }
      : null;
  }

  /** Inserts the CA; false when another start inserted one first (then read that one). */
  async insertIfAbsent(ca: StoredEdgeCa, now: Date): Promise<boolean> {
    try {
      await this.dataSource
        .getRepository(EdgeCertificateAuthorityEntity)
        .insert({ id: EDGE_CA_ROW_ID, ...ca, createdAt: now });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
