import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../infra/database/column-types';

/** One settings document: `key` → JSON text. */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 }) key!: string;
  @Column({ type: 'text' }) value!: string;
  @DateTimeColumn({ name: 'updated_at' }) updatedAt!: Date;
}
