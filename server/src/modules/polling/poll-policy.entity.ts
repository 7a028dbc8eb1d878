import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** A device group's poll interval overrides (null = the server default). */
@Entity({ name: 'device_group_poll_policies' })
export class GroupPollPolicyEntity {
  @UuidPrimaryColumn({ name: 'device_group_id' })
  deviceGroupId!: string;

  @Column({ name: 'status_interval_seconds', type: 'int', nullable: true })
  statusIntervalSeconds?: number | null;

  @Column({ name: 'full_interval_seconds', type: 'int', nullable: true })
  fullIntervalSeconds?: number | null;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
