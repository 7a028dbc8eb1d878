import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../infra/database/column-types';

/** The one row of the server's edge CA: certificates in the clear, private keys SecretBox-encrypted. */
@Entity({ name: 'edge_certificate_authority' })
export class EdgeCertificateAuthorityEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  id!: string;

  @Column({ name: 'ca_certificate_pem', type: 'text' })
  caCertificatePem!: string;

  @Column({ name: 'ca_key_encrypted', type: 'text' })
  caKeyEncrypted!: string;

  @Column({ name: 'server_certificate_pem', type: 'text' })
  serverCertificatePem!: string;

  @Column({ name: 'server_key_encrypted', type: 'text' })
  serverKeyEncrypted!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
