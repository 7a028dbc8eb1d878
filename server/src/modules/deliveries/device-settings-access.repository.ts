import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DeviceSettingsAccessEntity } from './device-settings-access.entity';

/** The only code that touches device_settings_access (callers check the device's scope first). */
@Injectable()
export class DeviceSettingsAccessRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(deviceId: string): Promise<string | null> {
    const row = await this.dataSource.getRepository(DeviceSettingsAccessEntity).findOne({ where: { deviceId } });
    return row?.accessEncrypted ?? null;
  }

  /** `em`: inside a caller's transaction. */
  async save(deviceId: string, accessEncrypted: string, at: Date, em?: EntityManager): Promise<void> {
    await (em ?? this.dataSource.manager)
      .getRepository(DeviceSettingsAccessEntity)
      .save({ deviceId, accessEncrypted, updatedAt: at });
  }
}
