import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

@Entity({ name: 'device_groups' })
export class DeviceGroupEntity {
  @UuidPrimaryColumn()
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Lower-cased name: uniqueness is case-insensitive on every driver. */
  @Column({ name: 'name_normalized', type: 'varchar', length: 100 })
  nameNormalized!: string;

  @Column({ type: 'varchar', length: 500 })
  description!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
