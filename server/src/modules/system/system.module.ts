import { Module } from '@nestjs/common';
import { HealthController, SystemController } from './system.controller';
import { SystemService } from './system.service';

@Module({
  controllers: [HealthController, SystemController],
  providers: [SystemService],
})
export class SystemModule {}
