import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailSettingsController } from './mail-settings.controller';
import { MailSettingsService } from './mail-settings.service';
import { SecretSettingEntity } from './secret-setting.entity';
import { SettingEntity } from './setting.entity';
import { SettingsController } from './settings.controller';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

@Module({
  imports: [TypeOrmModule.forFeature([SettingEntity, SecretSettingEntity])],
  controllers: [SettingsController, MailSettingsController],
  providers: [SettingsRepository, SettingsService, MailSettingsService],
  exports: [SettingsService, MailSettingsService],
})
export class SettingsModule {}
