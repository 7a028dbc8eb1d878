import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SettingEntity } from './setting.entity';

/** The only code that touches `settings`. Values are JSON documents. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectRepository(SettingEntity) private readonly repo: Repository<SettingEntity>) {}

  async get(key: string): Promise<unknown> {
    const row = await this.repo.findOne({ where: { key } });
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  async put(key: string, value: unknown, now: Date): Promise<void> {
    await this.repo.save({ key, value: JSON.stringify(value), updatedAt: now });
  }
}
