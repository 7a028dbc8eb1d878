import type { HealthResponse, SystemInfoResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission, Unauthenticated } from '../../common/auth/require-permission.decorator';
import { SystemService } from './system.service';

/** Served at `/api/health` (outside the versioned prefix, for load balancers and monitoring). */
@ApiTags('system')
@Controller('api/health')
export class HealthController {
  constructor(private readonly system: SystemService) {}

  @Get()
  @Unauthenticated()
  @ApiOperation({ summary: 'Liveness and database ping (503 when the database is down)' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const health = await this.system.health();
    if (health.status !== 'ok') res.status(503);
    return health;
  }
}

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  @Get('info')
  @RequirePermission(Permission.Public)
  @ApiOperation({ summary: 'Product, version and database type' })
  info(): SystemInfoResponse {
    return this.system.info();
  }
}
