import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** One status transition of a device (written only when status or error list changes). */
@Entity({ name: 'device_status_history' })
export class DeviceStatusHistoryEntity {
  @UuidPrimaryColumn() id!: string;
  @UuidColumn({ name: 'device_id' }) deviceId!: string;
  @DateTimeColumn() at!: Date;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  /** JSON array of PrinterErrorName. */
  @Column({ type: 'text' }) errors!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) message?: string | null;
}

/** One counter reading (written when a value changed since the previous reading). */
@Entity({ name: 'device_counter_readings' })
export class DeviceCounterReadingEntity {
  @UuidPrimaryColumn() id!: string;
  @UuidColumn({ name: 'device_id' }) deviceId!: string;
  @DateTimeColumn() at!: Date;
  @Column({ name: 'count_total', type: 'int', nullable: true }) total?: number | null;
  @Column({ name: 'count_black', type: 'int', nullable: true }) black?: number | null;
  @Column({ name: 'count_color', type: 'int', nullable: true }) color?: number | null;
  @Column({ name: 'count_print', type: 'int', nullable: true }) print?: number | null;
  @Column({ name: 'count_copy', type: 'int', nullable: true }) copy?: number | null;
  @Column({ name: 'count_scan', type: 'int', nullable: true }) scan?: number | null;
  @Column({ name: 'count_fax', type: 'int', nullable: true }) fax?: number | null;
}

/** One supply's level at one poll (the device's supplies are written together when any of them changed). */
@Entity({ name: 'device_supply_readings' })
export class DeviceSupplyReadingEntity {
  @UuidPrimaryColumn() id!: string;
  @UuidColumn({ name: 'device_id' }) deviceId!: string;
  @DateTimeColumn() at!: Date;
  @Column({ name: 'supply_index', type: 'int' }) supplyIndex!: number;
  @Column({ type: 'varchar', length: 200, nullable: true }) description?: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) type?: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) color?: string | null;
  @Column({ name: 'remaining_percent', type: 'int', nullable: true }) remainingPercent?: number | null;
  @Column({ type: 'varchar', length: 16 }) state!: string;
}

export const HISTORY_ENTITIES = [DeviceStatusHistoryEntity, DeviceCounterReadingEntity, DeviceSupplyReadingEntity];
