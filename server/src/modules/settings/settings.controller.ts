import type { DisplaySettings } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../common/audit/audit.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { DisplaySettingsDto } from './settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('display')
  @ApiOperation({ summary: 'Display formats (dates, times) for every signed-in user' })
  @RequirePermission(Permission.Public)
  getDisplay(): Promise<DisplaySettings> {
    return this.settings.getDisplay();
  }

  @Put('display')
  @Audit('settings.display.update')
  @ApiOperation({ summary: 'Change the display formats' })
  @RequirePermission(Permission.SystemManagement)
  putDisplay(@Body() body: DisplaySettingsDto): Promise<DisplaySettings> {
    return this.settings.putDisplay(body);
  }
}
