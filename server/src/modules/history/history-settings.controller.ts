import type { HistorySettings } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Audit } from '../../common/audit/audit.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { HistoryMaintenance } from './history-maintenance.service';

export class HistorySettingsDto implements HistorySettings {
  @ApiProperty({ minimum: 1, maximum: 3650, default: 400 }) @IsInt() @Min(1) @Max(3650) counterRetentionDays!: number;
  @ApiProperty({ minimum: 1, maximum: 3650, default: 90 }) @IsInt() @Min(1) @Max(3650) supplyRetentionDays!: number;
  @ApiProperty({ minimum: 1, maximum: 3650, default: 90 }) @IsInt() @Min(1) @Max(3650) statusRetentionDays!: number;
  @ApiProperty({ minimum: 1, maximum: 3650, default: 30 }) @IsInt() @Min(1) @Max(3650) downsampleAfterDays!: number;
}

/** Retention and downsampling of device history (System Management). */
@ApiTags('settings')
@Controller('settings/history')
export class HistorySettingsController {
  constructor(private readonly maintenance: HistoryMaintenance) {}

  @Get()
  @RequirePermission(Permission.SystemManagement)
  @ApiOperation({ summary: 'How long device history is kept and when it is thinned to one reading per day.' })
  @ApiOkResponse({ type: HistorySettingsDto })
  get(): Promise<HistorySettings> {
    return this.maintenance.getSettings();
  }

  @Put()
  @Audit('settings.history.update')
  @RequirePermission(Permission.SystemManagement)
  @ApiOkResponse({ type: HistorySettingsDto })
  put(@Body() body: HistorySettingsDto): Promise<HistorySettings> {
    return this.maintenance.putSettings(body);
  }
}
