import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingsModule } from '../settings/settings.module';
import { HistoryMaintenance } from './history-maintenance.service';
import { HistorySettingsController } from './history-settings.controller';
import { HISTORY_ENTITIES } from './history.entities';
import { HistoryRepository } from './history.repository';

/**
 * Device history (status changes, counter and supply readings): storage, queries, retention and
 * downsampling. Scope checks happen in the devices module, which is the only reader.
 */
@Module({
  imports: [TypeOrmModule.forFeature(HISTORY_ENTITIES), SettingsModule],
  controllers: [HistorySettingsController],
  providers: [HistoryRepository, HistoryMaintenance],
  exports: [HistoryRepository, HistoryMaintenance],
})
export class HistoryModule {}
