import type { MailSettingsResponse, SendTestMailResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../common/audit/audit.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { PutMailSettingsDto, SendTestMailDto } from './mail-settings.dto';
import { MailSettingsService } from './mail-settings.service';

@ApiTags('settings')
@Controller('settings/mail')
export class MailSettingsController {
  constructor(private readonly mail: MailSettingsService) {}

  @Get()
  @RequirePermission(Permission.SystemManagement)
  @ApiOperation({ summary: 'Mail server settings (the password is never returned)' })
  get(): Promise<MailSettingsResponse> {
    return this.mail.get();
  }

  @Put()
  @Audit('settings.mail.update')
  @RequirePermission(Permission.SystemManagement)
  @ApiOperation({ summary: 'Change the mail server settings (password stored encrypted)' })
  put(@Body() body: PutMailSettingsDto): Promise<MailSettingsResponse> {
    return this.mail.put(body);
  }

  @Post('test')
  @HttpCode(200)
  @Audit('settings.mail.test')
  @RequirePermission(Permission.SystemManagement)
  @ApiOperation({ summary: 'Send a test mail with the stored settings' })
  test(@Body() body: SendTestMailDto): Promise<SendTestMailResponse> {
    return this.mail.sendTest(body.to);
  }
}
