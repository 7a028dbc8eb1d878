import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceSettingsModule } from '../deliveries/device-settings.module';
import { DevicesModule } from '../devices/devices.module';
import { TemplatePasswordChecker } from './template-password-checker';
import { TemplatePasswordFailureEntity } from './template-password-failure.entity';
import { TemplatePasswordFailureRepository } from './template-password-failure.repository';
import { TemplateEntity, TemplateVersionEntity } from './template.entity';
import { TemplateRepository } from './template.repository';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/** Settings templates with versions, password protection, import/export and capture from a device. */
@Module({
  imports: [
    TypeOrmModule.forFeature([TemplateEntity, TemplateVersionEntity, TemplatePasswordFailureEntity]),
    DevicesModule,
    DeviceSettingsModule,
  ],
  controllers: [TemplatesController],
  providers: [TemplateRepository, TemplatePasswordFailureRepository, TemplatePasswordChecker, TemplatesService],
  exports: [TemplatesService],
})
export class TemplatesModule {}
