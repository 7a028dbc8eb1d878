import type { DeviceGroupResponse, DeviceSummaryResponse, Page } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../common/audit/audit.decorator';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { DeviceGroupMembersDto, DeviceGroupResponseDto } from '../device-groups/device-group.dto';
import { DevicePageResponseDto, GroupDeviceListQueryDto } from './device.dto';
import { DevicesService } from './devices.service';

/** Device membership of a group (Device Group Management). Lives here because it needs the device records. */
@ApiTags('device-groups')
@Controller('device-groups/:id/devices')
export class DeviceGroupDevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @RequirePermission(Permission.DeviceGroupManagement, Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'Devices of a group you reach (paged).' })
  @ApiOkResponse({ type: DevicePageResponseDto })
  list(
    @Param('id') id: string,
    @Query() query: GroupDeviceListQueryDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<Page<DeviceSummaryResponse>> {
    return this.devices.listInGroup(id, access, query);
  }

  @Post()
  @HttpCode(200)
  @Audit('device-groups.add-devices')
  @RequirePermission(Permission.DeviceGroupManagement)
  @ApiOperation({ summary: 'Add devices you can see to a group you reach (devices already in it are kept).' })
  @ApiOkResponse({ type: DeviceGroupResponseDto })
  add(
    @Param('id') id: string,
    @Body() body: DeviceGroupMembersDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<DeviceGroupResponse> {
    return this.devices.addToGroup(id, body.deviceIds, access);
  }

  @Delete(':deviceId')
  @HttpCode(204)
  @Audit('device-groups.remove-device')
  @RequirePermission(Permission.DeviceGroupManagement)
  @ApiOperation({ summary: 'Remove a device from a group (the device itself stays).' })
  async remove(
    @Param('id') id: string,
    @Param('deviceId') deviceId: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<void> {
    await this.devices.removeFromGroup(id, deviceId, access);
  }
}
