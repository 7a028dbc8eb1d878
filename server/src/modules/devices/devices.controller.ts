import type {
  CounterReadingResponse,
  DeviceDetailResponse,
  DeviceListItemResponse,
  FleetReportResponse,
  HistoryResponse,
  MeterReadsResponse,
  Page,
  StatusChangeResponse,
  SupplyReadingResponse,
} from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import { DeviceInventoryService } from './device-inventory.service';
import {
  CreateDeviceDto,
  DeviceDetailResponseDto,
  DeviceInventoryPageDto,
  DeviceInventoryQueryDto,
  MeterReadsQueryDto,
  TimeRangeQueryDto,
  UpdateDeviceDto,
} from './device.dto';
import { DevicesService } from './devices.service';

/** Devices you reach through your roles: RO sees, RW changes. Fixed paths come before `:id`. */
@ApiTags('devices')
@Controller('devices')
export class DevicesController {
  constructor(
    private readonly devices: DevicesService,
    private readonly inventory: DeviceInventoryService,
  ) {}

  @Get()
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'Devices in the device groups your roles reach (paged, sorted, filtered, searched).' })
  @ApiOkResponse({ type: DeviceInventoryPageDto })
  list(
    @Query() query: DeviceInventoryQueryDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<Page<DeviceListItemResponse>> {
    return this.inventory.list(access, query);
  }

  @Get('meter-reads.csv')
  @RequirePermission(Permission.DeviceManagementRo)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="meter-reads.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Meter reads of your devices for a period, as CSV (RFC 4180).' })
  meterReadsCsv(@Query() query: MeterReadsQueryDto, @CurrentAccess() access: AccessScope): Promise<string> {
    return this.inventory.meterReadsCsv(access, query);
  }

  @Get('meter-reads')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'Meter reads of your devices for a period: first and last reading, pages per type.' })
  meterReads(@Query() query: MeterReadsQueryDto, @CurrentAccess() access: AccessScope): Promise<MeterReadsResponse> {
    return this.inventory.meterReads(access, query);
  }

  @Get('reports/fleet')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'Devices by status and pages printed per group you reach, for a period.' })
  fleetReport(@Query() query: TimeRangeQueryDto, @CurrentAccess() access: AccessScope): Promise<FleetReportResponse> {
    return this.inventory.fleetReport(access, query);
  }

  @Get(':id')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'A device: identity, status, supplies, trays, counters, last poll (no secrets).' })
  @ApiOkResponse({ type: DeviceDetailResponseDto })
  get(@Param('id') id: string, @CurrentAccess() access: AccessScope): Promise<DeviceDetailResponse> {
    return this.inventory.get(id, access);
  }

  @Get(':id/history/counters')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'Counter readings of a device in a period (oldest first).' })
  counterHistory(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: TimeRangeQueryDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<HistoryResponse<CounterReadingResponse>> {
    return this.inventory.counterHistory(id, access, query);
  }

  @Get(':id/history/supplies')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'Supply levels of a device in a period (oldest first).' })
  supplyHistory(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: TimeRangeQueryDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<HistoryResponse<SupplyReadingResponse>> {
    return this.inventory.supplyHistory(id, access, query);
  }

  @Get(':id/history/status')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'Status changes of a device in a period (oldest first).' })
  statusHistory(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: TimeRangeQueryDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<HistoryResponse<StatusChangeResponse>> {
    return this.inventory.statusHistory(id, access, query);
  }

  @Post()
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Add a device (with its credentials) to your device groups.' })
  @ApiCreatedResponse({ type: DeviceDetailResponseDto })
  create(@Body() body: CreateDeviceDto, @CurrentAccess() access: AccessScope): Promise<DeviceDetailResponse> {
    return this.inventory.create(body, access);
  }

  @Patch(':id')
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Change a device: name, address, port, edge, location, credentials (secrets write-only).' })
  @ApiOkResponse({ type: DeviceDetailResponseDto })
  update(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: UpdateDeviceDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<DeviceDetailResponse> {
    return this.inventory.update(id, body, access);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Delete a device (only if you reach every group it belongs to).' })
  async delete(@Param('id') id: string, @CurrentAccess() access: AccessScope): Promise<void> {
    await this.devices.delete(id, access);
  }
}
