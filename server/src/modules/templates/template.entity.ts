import { Column, Entity } from 'typeorm';
import { DateTimeColumn, UuidColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

/** A settings template: its name, kind, optional password (argon2 hash) and current version number. */
@Entity({ name: 'templates' })
export class TemplateEntity {
  @UuidPrimaryColumn()
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Lower-cased name (unique); the id once deleted, so the name can be used again. */
  @Column({ name: 'name_normalized', type: 'varchar', length: 100 })
  nameNormalized!: string;

  @Column({ type: 'varchar', length: 500 })
  description!: string;

  /** admin | service */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash?: string | null;

  @Column({ name: 'current_version', type: 'int' })
  currentVersion!: number;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @UuidColumn({ name: 'created_by', nullable: true })
  createdBy?: string | null;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @UuidColumn({ name: 'updated_by', nullable: true })
  updatedBy?: string | null;

  /** Deleted templates stay (their versions are what deliveries sent) but are no longer listed. */
  @DateTimeColumn({ name: 'deleted_at', nullable: true })
  deletedAt?: Date | null;
}

/** One immutable saved state of a template: the values (SecretBox(JSON), secrets included) and their keys. */
@Entity({ name: 'template_versions' })
export class TemplateVersionEntity {
  @UuidPrimaryColumn()
  id!: string;

  @UuidColumn({ name: 'template_id' })
  templateId!: string;

  @Column({ type: 'int' })
  version!: number;

  /** JSON array of the setting keys (readable without decrypting). */
  @Column({ name: 'setting_keys', type: 'text' })
  settingKeys!: string;

  @Column({ name: 'values_encrypted', type: 'text' })
  valuesEncrypted!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @UuidColumn({ name: 'created_by', nullable: true })
  createdBy?: string | null;
}
