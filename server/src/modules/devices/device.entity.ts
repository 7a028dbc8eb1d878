import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** Minimal device record; the monitoring issue adds identity, status and counters. */
@Entity({ name: 'devices' })
export class DeviceEntity {
  @UuidPrimaryColumn()
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Host name or IP address the edge reaches the device at. */
  @Column({ type: 'varchar', length: 255 })
  address!: string;

  @UuidColumn({ name: 'edge_id', nullable: true })
  edgeId?: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/** A device's membership in a device group (a device may be in several groups, or in none). */
@Entity({ name: 'device_group_members' })
export class DeviceGroupMemberEntity {
  @PrimaryColumn({ name: 'device_group_id', type: 'varchar', length: 36 })
  deviceGroupId!: string;

  @PrimaryColumn({ name: 'device_id', type: 'varchar', length: 36 })
  deviceId!: string;
}
