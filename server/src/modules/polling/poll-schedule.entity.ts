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

  /** When the device was last polled (any kind); null for rows from before 1764000006000. */
  @DateTimeColumn({ name: 'last_polled_at', nullable: true })
  lastPolledAt?: Date | null;

  /** When the device last had a full poll; null for rows from before 1764000006000. */
  @DateTimeColumn({ name: 'last_full_poll_at', nullable: true })
  lastFullPollAt?: Date | null;
}
