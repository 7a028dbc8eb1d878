import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../infra/database/column-types';

/** One encrypted setting (SecretBox value), e.g. the SMTP password. Registered for key rotation. */
@Entity('secret_settings')
export class SecretSettingEntity {
  @PrimaryColumn({ name: 'setting_key', type: 'varchar', length: 100 }) key!: string;
  @Column({ name: 'value_encrypted', type: 'text' }) valueEncrypted!: string;
  @DateTimeColumn({ name: 'updated_at' }) updatedAt!: Date;
}
