import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** A personal API token (`fwp_…`). Only its SHA-256 and a short prefix are stored. */
@Entity('api_tokens')
export class ApiTokenEntity {
  @UuidPrimaryColumn() id!: string;
  @UuidColumn({ name: 'user_id' }) userId!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) prefix!: string;
  @Column({ name: 'token_hash', type: 'varchar', length: 64 }) tokenHash!: string;
  @DateTimeColumn({ name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @DateTimeColumn({ name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
  @DateTimeColumn({ name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @DateTimeColumn({ name: 'created_at' }) createdAt!: Date;
}
