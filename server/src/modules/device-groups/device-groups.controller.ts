import type { DeviceGroupResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { CreateDeviceGroupDto, DeviceGroupResponseDto, UpdateDeviceGroupDto } from './device-group.dto';
import { DeviceGroupsService } from './device-groups.service';

@ApiTags('device-groups')
@RequirePermission(Permission.DeviceGroupManagement)
@Controller('device-groups')
export class DeviceGroupsController {
  constructor(private readonly groups: DeviceGroupsService) {}

  @Get()
  @ApiOperation({ summary: 'Device groups your roles reach, with their device counts.' })
  @ApiOkResponse({ type: [DeviceGroupResponseDto] })
  list(@CurrentAccess() access: AccessScope): Promise<DeviceGroupResponse[]> {
    return this.groups.list(access);
  }

  @Get(':id')
  @ApiOkResponse({ type: DeviceGroupResponseDto })
  get(@Param('id') id: string, @CurrentAccess() access: AccessScope): Promise<DeviceGroupResponse> {
    return this.groups.get(id, access);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a device group.',
    description:
      'Unless you reach every group, the new group is added to your roles that grant Device Group Management ' +
      'and that you administer (so you can see it); without such a role the request is refused.',
  })
  @ApiCreatedResponse({ type: DeviceGroupResponseDto })
  create(@Body() body: CreateDeviceGroupDto, @CurrentAccess() access: AccessScope): Promise<DeviceGroupResponse> {
    return this.groups.create(body, access);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or describe a device group.' })
  @ApiOkResponse({ type: DeviceGroupResponseDto })
  update(
    @Param('id') id: string,
    @Body() body: UpdateDeviceGroupDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<DeviceGroupResponse> {
    return this.groups.update(id, body, access);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a device group (its devices stay).' })
  async delete(@Param('id') id: string, @CurrentAccess() access: AccessScope): Promise<void> {
    await this.groups.delete(id, access);
  }
}
