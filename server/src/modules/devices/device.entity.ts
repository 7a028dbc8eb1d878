import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/**
 * A device: what an administrator set (name, address, port, edge, location, encrypted credentials) and
 * what the last polls found (identity, status, supplies, trays, counters). JSON parts are text columns
 * holding JSON (portable); values the device did not give stay null.
 */
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

  @Column({ type: 'int', default: 161 })
  port!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location?: string | null;

  /** JSON `DeviceSnmpSettings` (no secrets). */
  @Column({ name: 'snmp_settings', type: 'text', nullable: true })
  snmpSettings?: string | null;

  /** SecretBox(JSON of the full SNMP credentials). */
  @Column({ name: 'snmp_secret_encrypted', type: 'text', nullable: true })
  snmpSecretEncrypted?: string | null;

  @Column({ name: 'admin_password_encrypted', type: 'text', nullable: true })
  adminPasswordEncrypted?: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  vendor?: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  model?: string | null;

  @Column({ name: 'serial_number', type: 'varchar', length: 100, nullable: true })
  serialNumber?: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  firmware?: string | null;

  @Column({ name: 'sys_name', type: 'varchar', length: 255, nullable: true })
  sysName?: string | null;

  @Column({ name: 'sys_location', type: 'varchar', length: 255, nullable: true })
  sysLocation?: string | null;

  /** ok | warning | error | unknown | unreachable */
  @Column({ type: 'varchar', length: 16, default: 'unknown' })
  status!: string;

  /** JSON array of PrinterErrorName. */
  @Column({ name: 'status_errors', type: 'text', nullable: true })
  statusErrors?: string | null;

  @Column({ type: 'text', nullable: true })
  supplies?: string | null;

  @Column({ type: 'text', nullable: true })
  trays?: string | null;

  @Column({ type: 'text', nullable: true })
  counters?: string | null;

  @Column({ name: 'printer_alerts', type: 'text', nullable: true })
  printerAlerts?: string | null;

  @Column({ type: 'text', nullable: true })
  unreadable?: string | null;

  @Column({ name: 'driver_id', type: 'varchar', length: 100, nullable: true })
  driverId?: string | null;

  /** Last successful read. */
  @DateTimeColumn({ name: 'last_seen_at', nullable: true })
  lastSeenAt?: Date | null;

  @DateTimeColumn({ name: 'last_poll_at', nullable: true })
  lastPollAt?: Date | null;

  @Column({ name: 'last_poll_outcome', type: 'varchar', length: 16, nullable: true })
  lastPollOutcome?: string | null;

  @Column({ name: 'last_poll_error_code', type: 'varchar', length: 64, nullable: true })
  lastPollErrorCode?: string | null;

  @Column({ name: 'last_poll_error_message', type: 'varchar', length: 500, nullable: true })
  lastPollErrorMessage?: string | null;

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
