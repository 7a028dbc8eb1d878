import type { DeviceSettingsAccessResponse, DeviceSettingsCapabilitiesResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import { DeviceSettingsAccessDto } from './delivery.dto';
import { DeviceSettingsService } from './device-settings.service';

/** A device's settings: transport access (encrypted, write-only secrets) and what its driver offers. */
@ApiTags('devices')
@Controller('devices')
export class DeviceSettingsController {
  constructor(private readonly settings: DeviceSettingsService) {}

  @Get(':id/settings/capabilities')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: "Ask the device's edge which settings its driver can read and write." })
  @ApiOkResponse({ description: 'DeviceSettingsCapabilitiesResponse' })
  capabilities(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<DeviceSettingsCapabilitiesResponse> {
    return this.settings.capabilities(id, access);
  }

  @Get(':id/settings-access')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'How the settings transports reach the device (no secrets).' })
  @ApiOkResponse({ description: 'DeviceSettingsAccessResponse' })
  getAccess(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<DeviceSettingsAccessResponse> {
    return this.settings.getAccess(id, access);
  }

  @Put(':id/settings-access')
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Set XML API, SMB and SNMP write access of a device (secrets stored encrypted).' })
  @ApiOkResponse({ description: 'DeviceSettingsAccessResponse' })
  putAccess(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: DeviceSettingsAccessDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<DeviceSettingsAccessResponse> {
    return this.settings.putAccess(id, body, access);
  }
}
