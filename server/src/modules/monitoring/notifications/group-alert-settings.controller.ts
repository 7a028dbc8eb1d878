import type { GroupAlertPolicyResponse, GroupAlertRecipientsResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccess } from '../../../common/auth/current-access.decorator';
import { RequirePermission } from '../../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe';
import { PutGroupAlertRecipientsDto } from '../alerts/alert.dto';
import { parseAlertPolicyBody } from './alert-policy-body';
import { GroupAlertSettingsService } from './group-alert-settings.service';

/** A device group's alert policy and recipients (Device Group Management, your groups only). */
@ApiTags('device-groups')
@Controller('device-groups/:id')
export class GroupAlertSettingsController {
  constructor(private readonly settings: GroupAlertSettingsService) {}

  @Get('alert-policy')
  @RequirePermission(Permission.DeviceGroupManagement)
  @ApiOperation({ summary: "The group's alert policy override and the resulting policy" })
  getPolicy(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<GroupAlertPolicyResponse> {
    return this.settings.getPolicy(id, access);
  }

  @Put('alert-policy')
  @RequirePermission(Permission.DeviceGroupManagement)
  @ApiOperation({ summary: "Replace the group's alert policy override ({} = the defaults)" })
  @ApiBody({ schema: { type: 'object' } })
  putPolicy(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: unknown,
    @CurrentAccess() access: AccessScope,
  ): Promise<GroupAlertPolicyResponse> {
    return this.settings.putPolicy(id, parseAlertPolicyBody(body), access);
  }

  @Get('recipients')
  @RequirePermission(Permission.DeviceGroupManagement)
  @ApiOperation({ summary: "The group's alert recipients (webhook secret never returned)" })
  getRecipients(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<GroupAlertRecipientsResponse> {
    return this.settings.getRecipients(id, access);
  }

  @Put('recipients')
  @RequirePermission(Permission.DeviceGroupManagement)
  @ApiOperation({ summary: "Replace the group's alert recipients (mail addresses, optional signed webhook)" })
  putRecipients(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: PutGroupAlertRecipientsDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<GroupAlertRecipientsResponse> {
    return this.settings.putRecipients(id, body, access);
  }
}
