import type { DeviceSummaryResponse, Page } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { CreateDeviceDto, DeviceListQueryDto, DevicePageResponseDto, DeviceSummaryResponseDto } from './device.dto';
import { DevicesService } from './devices.service';

@ApiTags('devices')
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'Devices in the device groups your roles reach (paged).' })
  @ApiOkResponse({ type: DevicePageResponseDto })
  list(@Query() query: DeviceListQueryDto, @CurrentAccess() access: AccessScope): Promise<Page<DeviceSummaryResponse>> {
    return this.devices.list(access, query);
  }

  @Get(':id')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOkResponse({ type: DeviceSummaryResponseDto })
  get(@Param('id') id: string, @CurrentAccess() access: AccessScope): Promise<DeviceSummaryResponse> {
    return this.devices.get(id, access);
  }

  @Post()
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Add a device to your device groups.' })
  @ApiCreatedResponse({ type: DeviceSummaryResponseDto })
  create(@Body() body: CreateDeviceDto, @CurrentAccess() access: AccessScope): Promise<DeviceSummaryResponse> {
    return this.devices.create(body, access);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Delete a device (only if you reach every group it belongs to).' })
  async delete(@Param('id') id: string, @CurrentAccess() access: AccessScope): Promise<void> {
    await this.devices.delete(id, access);
  }
}
