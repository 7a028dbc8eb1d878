import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRecorder } from './audit-recorder';
import { AuditTargetInterceptor } from './audit-target.interceptor';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity])],
  controllers: [AuditController],
  providers: [
    AuditRepository,
    AuditRecorder,
    AuditService,
    { provide: APP_INTERCEPTOR, useClass: AuditTargetInterceptor },
  ],
  exports: [AuditRecorder, AuditService],
})
export class AuditModule {}
