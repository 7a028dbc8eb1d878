import type { AlertResponse, Page } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccess, CurrentUser } from '../../../common/auth/current-access.decorator';
import type { AuthenticatedUser } from '../../../common/auth/request-context';
import { RequirePermission } from '../../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe';
import { AlertListQueryDto } from './alert.dto';
import { AlertsService } from './alerts.service';

/** Alerts about the devices (and edges) you reach: RO sees, RW acknowledges and resolves. */
@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({
    summary: 'Alerts of the devices you reach, newest first (filter by state, severity, device, group).',
  })
  list(@Query() query: AlertListQueryDto, @CurrentAccess() access: AccessScope): Promise<Page<AlertResponse>> {
    return this.alerts.list(access, query);
  }

  @Get(':id')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'One alert' })
  get(@Param('id', new UuidParamPipe()) id: string, @CurrentAccess() access: AccessScope): Promise<AlertResponse> {
    return this.alerts.get(id, access);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Acknowledge an open alert (records who and when)' })
  acknowledge(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertResponse> {
    return this.alerts.acknowledge(id, access, user.username);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Resolve an alert by hand (records who and when)' })
  resolve(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertResponse> {
    return this.alerts.resolve(id, access, user.username);
  }
}
