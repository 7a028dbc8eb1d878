import { Column, Entity } from 'typeorm';
import { BooleanColumn, DateTimeColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

@Entity('users')
export class UserEntity {
  @UuidPrimaryColumn() id!: string;
  @Column({ type: 'varchar', length: 64 }) username!: string;
  @Column({ name: 'username_normalized', type: 'varchar', length: 64 }) usernameNormalized!: string;
  @Column({ name: 'display_name', type: 'varchar', length: 200 }) displayName!: string;
  /** SecretBox value (never the plain address). */
  @Column({ name: 'email_encrypted', type: 'text', nullable: true }) emailEncrypted!: string | null;
  @Column({ name: 'email_hmac', type: 'varchar', length: 64, nullable: true }) emailHmac!: string | null;
  @Column({ name: 'password_hash', type: 'varchar', length: 255 }) passwordHash!: string;
  @BooleanColumn({ name: 'is_super_admin', default: false }) isSuperAdmin!: boolean;
  @BooleanColumn({ name: 'disabled', default: false }) disabled!: boolean;
  @BooleanColumn({ name: 'must_change_password', default: false }) mustChangePassword!: boolean;
  @DateTimeColumn({ name: 'last_login_at', nullable: true }) lastLoginAt!: Date | null;
  @DateTimeColumn({ name: 'created_at' }) createdAt!: Date;
  @DateTimeColumn({ name: 'updated_at' }) updatedAt!: Date;
}
