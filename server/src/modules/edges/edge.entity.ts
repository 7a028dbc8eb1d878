import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** Edge record: name, how the server reaches it (URL, encrypted token, pinned certificate) and its last contact. */
@Entity({ name: 'edges' })
export class EdgeEntity {
  @UuidPrimaryColumn()
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Lower-cased name: uniqueness is case-insensitive on every driver. */
  @Column({ name: 'name_normalized', type: 'varchar', length: 100 })
  nameNormalized!: string;

  /** Base URL of the edge API, e.g. `https://10.0.0.5:5000`. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  url?: string | null;

  /** The edge's API token (SecretBox); never returned. */
  @Column({ name: 'token_encrypted', type: 'text', nullable: true })
  tokenEncrypted?: string | null;

  /** Certificate (or CA) PEM the server pins when it calls the edge. */
  @Column({ name: 'ca_pem', type: 'text', nullable: true })
  caPem?: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  version?: string | null;

  @DateTimeColumn({ name: 'last_seen_at', nullable: true })
  lastSeenAt?: Date | null;

  @DateTimeColumn({ name: 'last_error_at', nullable: true })
  lastErrorAt?: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError?: string | null;

  /** Where the server stopped reading the edge's device-events outbox (the edge's opaque cursor). */
  @Column({ name: 'device_events_cursor', type: 'varchar', length: 64, nullable: true })
  deviceEventsCursor?: string | null;

  /** SHA-256 (hex) of the secret of the one usable activation code; null once used (single use). */
  @Column({ name: 'activation_code_hash', type: 'varchar', length: 64, nullable: true })
  activationCodeHash?: string | null;

  @DateTimeColumn({ name: 'activation_code_expires_at', nullable: true })
  activationCodeExpiresAt?: Date | null;

  /** Last successful activation; null = pending (never activated). */
  @DateTimeColumn({ name: 'activated_at', nullable: true })
  activatedAt?: Date | null;

  /** Certificate issued to the edge at activation (public). */
  @Column({ name: 'certificate_pem', type: 'text', nullable: true })
  certificatePem?: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
