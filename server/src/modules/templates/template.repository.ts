import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { isUniqueViolation } from '../../infra/database/unique-violation';
import { TemplateEntity, TemplateVersionEntity } from './template.entity';
import { TemplateNameTakenError } from './template.errors';

export interface NewTemplateVersion {
  id: string;
  version: number;
  settingKeys: string[];
  valuesEncrypted: string;
  createdAt: Date;
  createdBy: string | null;
}

const normalize = (name: string): string => name.trim().toLowerCase();

/** The only code that touches the templates and template_versions tables. Templates are not device-scoped. */
@Injectable()
export class TemplateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<TemplateEntity[]> {
    return this.dataSource
      .getRepository(TemplateEntity)
      .find({ where: { deletedAt: IsNull() }, order: { nameNormalized: 'ASC' } });
  }

  find(id: string): Promise<TemplateEntity | null> {
    return this.dataSource.getRepository(TemplateEntity).findOne({ where: { id, deletedAt: IsNull() } });
  }

  /** Also a deleted template (deliveries keep referring to it). */
  findIncludingDeleted(id: string): Promise<TemplateEntity | null> {
    return this.dataSource.getRepository(TemplateEntity).findOne({ where: { id } });
  }

  findVersion(templateId: string, version: number): Promise<TemplateVersionEntity | null> {
    return this.dataSource.getRepository(TemplateVersionEntity).findOne({ where: { templateId, version } });
  }

  listVersions(templateId: string): Promise<TemplateVersionEntity[]> {
    return this.dataSource
      .getRepository(TemplateVersionEntity)
      .find({ where: { templateId }, order: { version: 'DESC' } });
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    const row = await this.dataSource
      .getRepository(TemplateEntity)
      .findOne({ where: { nameNormalized: normalize(name) }, select: { id: true } });
    return row !== null && row.id !== exceptId;
  }

  /** Inserts the template with its first version (one transaction). */
  async insert(
    template: Omit<TemplateEntity, 'nameNormalized' | 'deletedAt'>,
    version: NewTemplateVersion,
  ): Promise<void> {
    await this.guardName(template.name, () =>
      this.dataSource.transaction(async (em) => {
        await em.getRepository(TemplateEntity).insert({ ...template, nameNormalized: normalize(template.name) });
        await em.getRepository(TemplateVersionEntity).insert({
          ...version,
          templateId: template.id,
          settingKeys: JSON.stringify(version.settingKeys),
        });
      }),
    );
  }

  /**
   * Updates the template row and, when `version` is given, appends that version and makes it current. The
   * version number is checked against the current one in the same transaction (two saves at once: one wins).
   */
  async update(
    id: string,
    changes: Partial<Pick<TemplateEntity, 'name' | 'description' | 'passwordHash' | 'updatedAt' | 'updatedBy'>>,
    version?: NewTemplateVersion,
  ): Promise<void> {
    const set: Partial<TemplateEntity> = { ...changes };
    if (changes.name !== undefined) set.nameNormalized = normalize(changes.name);
    await this.guardName(changes.name ?? '', () =>
      this.dataSource.transaction(async (em) => {
        if (version) {
          await em.getRepository(TemplateVersionEntity).insert({
            ...version,
            templateId: id,
            settingKeys: JSON.stringify(version.settingKeys),
          });
          set.currentVersion = version.version;
        }
        await em.getRepository(TemplateEntity).update({ id }, set);
      }),
    );
  }

  /** Hides the template and frees its name; its versions stay for the deliveries that sent them. */
  async softDelete(id: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(TemplateEntity).update({ id }, { deletedAt: at, nameNormalized: id });
  }

  private async guardName<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new TemplateNameTakenError(name.trim());
      throw error;
    }
  }
}
