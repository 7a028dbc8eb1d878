import { Entity } from 'typeorm';
import { DateTimeColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** When a device is next due for a status poll and for a full poll (survives restarts). */
@Entity({ name: 'device_poll_schedules' })
export class PollScheduleEntity {
  @UuidPrimaryColumn({ name: 'device_id' })
  deviceId!: string;

  @DateTimeColumn({ name: 'next_status_poll_at' })
  nextStatusPollAt!: Date;

  @DateTimeColumn({ name: 'next_full_poll_at' })
  nextFullPollAt!: Date;
}
