import type { DeliveryDetailResponse, DeliveryResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import { DeliveriesService } from './deliveries.service';
import { CreateDeliveryDto, DeliveryDevicesQueryDto } from './delivery.dto';

/** Deliveries of templates to devices and groups (Device Management RW; RO sees them). */
@ApiTags('deliveries')
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'Your deliveries (all of them if you reach every device group), newest first.' })
  @ApiOkResponse({ description: 'DeliveryResponse[]' })
  list(@CurrentAccess() access: AccessScope): Promise<DeliveryResponse[]> {
    return this.deliveries.list(access);
  }

  @Post()
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({
    summary: 'Deliver a template version to devices and groups of yours, now or on a schedule.',
    description: 'Targets are expanded at each run within your device groups; a device outside them is refused.',
  })
  @ApiCreatedResponse({ description: 'DeliveryDetailResponse' })
  create(@Body() body: CreateDeliveryDto, @CurrentAccess() access: AccessScope): Promise<DeliveryDetailResponse> {
    return this.deliveries.create(body, access);
  }

  @Get(':id')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'A delivery with its per-device progress of the latest run (counts and paged rows).' })
  @ApiOkResponse({ description: 'DeliveryDetailResponse' })
  get(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: DeliveryDevicesQueryDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<DeliveryDetailResponse> {
    return this.deliveries.get(id, access, query);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Cancel: pending devices are not sent, no further runs.' })
  cancel(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<DeliveryDetailResponse> {
    return this.deliveries.cancel(id, access);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Send the failed, unreachable and partially applied devices of the latest run again.' })
  retry(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<DeliveryDetailResponse> {
    return this.deliveries.retry(id, access);
  }
}
