import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceSettingsModule } from '../deliveries/device-settings.module';
import { DevicesModule } from '../devices/devices.module';
import { TemplateEntity, TemplateVersionEntity } from './template.entity';
import { TemplateRepository } from './template.repository';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/** Settings templates with versions, password protection, import/export and capture from a device. */
@Module({
  imports: [TypeOrmModule.forFeature([TemplateEntity, TemplateVersionEntity]), DevicesModule, DeviceSettingsModule],
  controllers: [TemplatesController],
  providers: [TemplateRepository, TemplatesService],
  exports: [TemplatesService],
})
export class TemplatesModule {}
