import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/**
 * How the settings transports reach one device beyond its SNMP credentials and administrator password (which the
 * devices table holds): XML API port/TLS, SMB share account, SNMP write credentials — SecretBox(JSON), never
 * returned in clear. Its own table so the devices table stays as the devices module made it.
 */
@Entity({ name: 'device_settings_access' })
export class DeviceSettingsAccessEntity {
  @UuidPrimaryColumn({ name: 'device_id' })
  deviceId!: string;

  @Column({ name: 'access_encrypted', type: 'text' })
  accessEncrypted!: string;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
