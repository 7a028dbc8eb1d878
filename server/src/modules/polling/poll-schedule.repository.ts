import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { DeviceEntity } from '../devices/device.entity';
import { PollScheduleEntity } from './poll-schedule.entity';

/** A device the scheduler may poll, with its due times (null = never scheduled: due now). */
export interface PollCandidate {
  readonly deviceId: string;
  readonly edgeId: string;
  readonly nextStatusPollAt: Date | null;
  readonly nextFullPollAt: Date | null;
}

const iso = (value: unknown): Date | null => (typeof value === 'string' && value !== '' ? new Date(value) : null);

/**
 * The only code that touches `device_poll_schedules`. Reads `devices` (edge, address, whether credentials
 * are set) but never writes it: what a poll found goes through `DeviceInventoryService.ingestPoll`.
 */
/** A device's next due times (and, after a poll, when it was polled). */
export interface ScheduleUpdate {
  deviceId: string;
  nextStatusPollAt: Date;
  nextFullPollAt: Date;
  lastPolledAt?: Date;
  lastFullPollAt?: Date;
}

@Injectable()
export class PollScheduleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Devices on one of `edgeIds` with SNMP credentials whose status or full poll is due at `now`. */
  async findDue(edgeIds: readonly string[], now: Date): Promise<PollCandidate[]> {
    if (edgeIds.length === 0) return [];
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('d.id', 'deviceId')
      .addSelect('d.edge_id', 'edgeId')
      .addSelect('s.next_status_poll_at', 'nextStatus')
      .addSelect('s.next_full_poll_at', 'nextFull')
      .from(DeviceEntity, 'd')
      .leftJoin(PollScheduleEntity, 's', 's.device_id = d.id')
      .where('d.edge_id IN (:...edgeIds)', { edgeIds: [...edgeIds] })
      .andWhere('d.snmp_secret_encrypted IS NOT NULL')
      .andWhere('(s.device_id IS NULL OR s.next_status_poll_at <= :now OR s.next_full_poll_at <= :now)', {
        now: now.toISOString(),
      })
      .orderBy('d.id', 'ASC')
      .getRawMany<{ deviceId: string; edgeId: string; nextStatus: unknown; nextFull: unknown }>();
    return rows.map((r) => ({
      deviceId: r.deviceId,
      edgeId: r.edgeId,
      nextStatusPollAt: iso(r.nextStatus),
      nextFullPollAt: iso(r.nextFull),
    }));
  }

  /** The device on `edgeId` at `host` (and `port`), for results the edge pushed after a device notification. */
  async findDeviceByAddress(edgeId: string, host: string, port: number): Promise<string | null> {
    const device = await this.dataSource.getRepository(DeviceEntity).findOne({
      where: { edgeId, address: host, port },
      select: { id: true },
    });
    return device?.id ?? null;
  }

  async get(deviceId: string): Promise<PollScheduleEntity | null> {
    return this.dataSource.getRepository(PollScheduleEntity).findOneBy({ deviceId });
  }

  async getMany(deviceIds: readonly string[]): Promise<PollScheduleEntity[]> {
    if (deviceIds.length === 0) return [];
    return this.dataSource.getRepository(PollScheduleEntity).findBy({ deviceId: In([...deviceIds]) });
  }

  /**
   * Inserts or updates one device's due times (portable: no driver-specific upsert). The last-poll times are
   * written when given (a poll), kept otherwise (a due time shortened by a poll policy change).
   */
  async save(schedule: ScheduleUpdate, em?: EntityManager): Promise<void> {
    const repo = (em ?? this.dataSource.manager).getRepository(PollScheduleEntity);
    const { deviceId, ...values } = schedule;
    const updated = await repo.update({ deviceId }, values);
    if ((updated.affected ?? 0) === 0) await repo.insert(schedule);
  }

  /** `save` of several devices in one transaction (a poll batch's next due times); nothing is saved when one fails. */
  async saveMany(schedules: readonly ScheduleUpdate[]): Promise<void> {
    if (schedules.length === 0) return;
    await this.dataSource.transaction(async (em) => {
      for (const schedule of schedules) await this.save(schedule, em);
    });
  }
}
