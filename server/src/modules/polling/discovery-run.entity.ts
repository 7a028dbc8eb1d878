import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** One discovery scan through an edge, kept until `expiresAt` so its devices can be adopted. */
@Entity({ name: 'discovery_runs' })
export class DiscoveryRunEntity {
  @UuidPrimaryColumn()
  id!: string;

  @UuidColumn({ name: 'edge_id' })
  edgeId!: string;

  @Column({ name: 'address_range', type: 'varchar', length: 64 })
  range!: string;

  @Column({ type: 'int', default: 161 })
  port!: number;

  /** SecretBox(JSON of the submitted SnmpCredentials[]); never returned. */
  @Column({ name: 'credentials_encrypted', type: 'text' })
  credentialsEncrypted!: string;

  /** JSON `StoredDiscoveredDevice[]` (no secrets). */
  @Column({ type: 'text' })
  devices!: string;

  @UuidColumn({ name: 'created_by', nullable: true })
  createdBy?: string | null;

  @DateTimeColumn({ name: 'started_at' })
  startedAt!: Date;

  @DateTimeColumn({ name: 'finished_at' })
  finishedAt!: Date;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;
}
