import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** One refresh token of a session (family). Only the SHA-256 of the token is stored. */
@Entity('refresh_tokens')
export class RefreshTokenEntity {
  @UuidPrimaryColumn() id!: string;
  @UuidColumn({ name: 'user_id' }) userId!: string;
  @UuidColumn({ name: 'family_id' }) familyId!: string;
  @Column({ name: 'token_hash', type: 'varchar', length: 64 }) tokenHash!: string;
  @DateTimeColumn({ name: 'expires_at' }) expiresAt!: Date;
  @DateTimeColumn({ name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @UuidColumn({ name: 'replaced_by', nullable: true }) replacedBy!: string | null;
  @DateTimeColumn({ name: 'created_at' }) createdAt!: Date;
}
