import type { DeliveryDeviceStatus } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, type EntityManager } from 'typeorm';
import { RETRYABLE } from './delivery-rules';
import { DeliveryDeviceEntity, DeliveryEntity } from './delivery.entity';

/**
 * The only code that touches deliveries and delivery_devices. Deliveries are visible to their creator, and to
 * callers reaching every device group (the service decides; the list takes the filter as a required parameter).
 */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get deliveries() {
    return this.dataSource.getRepository(DeliveryEntity);
  }

  private get rows() {
    return this.dataSource.getRepository(DeliveryDeviceEntity);
  }

  /** `createdBy` null: every delivery (a caller who reaches every group). */
  list(visibleTo: { createdBy: string | null }): Promise<DeliveryEntity[]> {
    return this.deliveries.find({
      where: visibleTo.createdBy === null ? {} : { createdBy: visibleTo.createdBy },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
  }

  find(id: string): Promise<DeliveryEntity | null> {
    return this.deliveries.findOne({ where: { id } });
  }

  async insert(delivery: DeliveryEntity): Promise<void> {
    await this.deliveries.insert(delivery);
  }

  async update(id: string, changes: Partial<DeliveryEntity>): Promise<void> {
    await this.deliveries.update({ id }, changes);
  }

  /** Deliveries whose next run is due (scheduled or running, not cancelled or completed). */
  dueRuns(now: Date): Promise<DeliveryEntity[]> {
    return this.deliveries
      .createQueryBuilder('d')
      .where('d.status IN (:...active)', { active: ['scheduled', 'running'] })
      .andWhere('d.next_run_at IS NOT NULL')
      .andWhere('d.next_run_at <= :now', { now: now.toISOString() })
      .orderBy('d.next_run_at', 'ASC')
      .getMany();
  }

  /** Starts a run: the delivery's run counter and next run, and one pending row per device (one transaction). */
  async startRun(
    deliveryId: string,
    changes: Partial<DeliveryEntity>,
    devices: Omit<DeliveryDeviceEntity, 'deliveryId'>[],
  ): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(DeliveryEntity).update({ id: deliveryId }, changes);
      for (let i = 0; i < devices.length; i += 200) {
        await em
          .getRepository(DeliveryDeviceEntity)
          .insert(devices.slice(i, i + 200).map((d) => ({ ...d, deliveryId })));
      }
    });
  }

  /**
   * Rows to send now: pending or retry-due rows whose time has come, and rows left `sending` by a server that
   * stopped between sending and recording (sent again with the same operation id), of deliveries still active.
   */
  async dueRows(now: Date): Promise<DeliveryDeviceEntity[]> {
    return this.rows
      .createQueryBuilder('r')
      .innerJoin(DeliveryEntity, 'd', 'd.id = r.delivery_id')
      .where("d.status <> 'cancelled'")
      .andWhere(
        new Brackets((w) => {
          w.where("r.status = 'sending'").orWhere(
            new Brackets((w2) => {
              w2.where('r.status IN (:...sendable)', { sendable: ['pending', ...RETRYABLE] })
                .andWhere('r.next_attempt_at IS NOT NULL')
                .andWhere('r.next_attempt_at <= :now', { now: now.toISOString() });
            }),
          );
        }),
      )
      .orderBy('r.delivery_id', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }

  async updateRow(id: string, changes: Partial<DeliveryDeviceEntity>): Promise<void> {
    await this.rows.update({ id }, changes);
  }

  /**
   * Records a device's outcome and, in the same transaction, what else the outcome changed (`also`: the
   * credentials a delivery changed on the device, and their audit entries), so neither is stored without the other.
   */
  async finishRow(
    id: string,
    changes: Partial<DeliveryDeviceEntity>,
    also: ((em: EntityManager) => Promise<void>) | null,
  ): Promise<void> {
    if (!also) {
      await this.rows.update({ id }, changes);
      return;
    }
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(DeliveryDeviceEntity).update({ id }, changes);
      await also(em);
    });
  }

  /** Rows of a delivery's run, paged, optionally by status. */
  async pageRows(
    deliveryId: string,
    run: number,
    query: { page: number; pageSize: number; status?: DeliveryDeviceStatus | undefined },
  ): Promise<{ items: DeliveryDeviceEntity[]; total: number }> {
    const [items, total] = await this.rows.findAndCount({
      where: { deliveryId, run, ...(query.status ? { status: query.status } : {}) },
      order: { deviceId: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total };
  }

  async countsByStatus(deliveryId: string, run: number): Promise<Map<string, number>> {
    const raw = await this.rows
      .createQueryBuilder('r')
      .select('r.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('r.delivery_id = :deliveryId AND r.run = :run', { deliveryId, run })
      .groupBy('r.status')
      .getRawMany<{ status: string; count: string | number }>();
    return new Map(raw.map((r) => [r.status, Number(r.count)]));
  }

  /** True while a run of the delivery still has work: rows pending, sending, or waiting for a retry. */
  async hasOpenRows(deliveryId: string): Promise<boolean> {
    const open = await this.rows
      .createQueryBuilder('r')
      .where('r.delivery_id = :deliveryId', { deliveryId })
      .andWhere(
        new Brackets((w) => {
          w.where("r.status IN ('pending', 'sending')").orWhere(
            new Brackets((w2) => {
              w2.where('r.status IN (:...retryable)', { retryable: [...RETRYABLE] }).andWhere(
                'r.next_attempt_at IS NOT NULL',
              );
            }),
          );
        }),
      )
      .getCount();
    return open > 0;
  }

  /** Cancel: pending rows become cancelled, waiting retries are dropped (rows being sent finish as they are). */
  async cancelRows(deliveryId: string, at: Date): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(DeliveryDeviceEntity);
      await repo.update(
        { deliveryId, status: 'pending' },
        { status: 'cancelled', nextAttemptAt: null, finishedAt: at, updatedAt: at },
      );
      await repo.update({ deliveryId, status: In([...RETRYABLE]) }, { nextAttemptAt: null, updatedAt: at });
    });
  }

  /** Retry on request: failed rows of the latest run are due at `at` (attempts are not limited). */
  async retryRows(deliveryId: string, run: number, at: Date): Promise<number> {
    const result = await this.rows.update(
      { deliveryId, run, status: In([...RETRYABLE]) },
      { nextAttemptAt: at, updatedAt: at },
    );
    return result.affected ?? 0;
  }
}
