import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** Minimal edge record; the edge issue adds address, certificate, activation and health. */
@Entity({ name: 'edges' })
export class EdgeEntity {
  @UuidPrimaryColumn()
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Lower-cased name: uniqueness is case-insensitive on every driver. */
  @Column({ name: 'name_normalized', type: 'varchar', length: 100 })
  nameNormalized!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
