import type { GroupPollPolicyResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../common/audit/audit.decorator';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import { GroupPollPolicyService } from './group-poll-policy.service';

/** A device group's poll intervals (Device Group Management, your groups only). */
@ApiTags('device-groups')
@Controller('device-groups/:id')
export class GroupPollPolicyController {
  constructor(private readonly policies: GroupPollPolicyService) {}

  @Get('poll-policy')
  @RequirePermission(Permission.DeviceGroupManagement)
  @ApiOperation({ summary: "The group's poll interval overrides (null = the server default) and the result" })
  get(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<GroupPollPolicyResponse> {
    return this.policies.get(id, access);
  }

  @Put('poll-policy')
  @Audit('device-groups.poll-policy.replace')
  @RequirePermission(Permission.DeviceGroupManagement)
  @ApiOperation({
    summary: "Replace the group's poll interval overrides",
    description:
      'Status 30 s … 1 day, full 60 s … 7 days, full not shorter than status; null = the server default. A device ' +
      'in several groups is polled at the shortest override. A shorter interval moves the next poll earlier at once ' +
      '(last poll + new interval); a longer one applies after the next poll.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['statusIntervalSeconds', 'fullIntervalSeconds'],
      properties: {
        statusIntervalSeconds: { type: 'integer', nullable: true, minimum: 30, maximum: 86_400 },
        fullIntervalSeconds: { type: 'integer', nullable: true, minimum: 60, maximum: 604_800 },
      },
    },
  })
  put(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: unknown,
    @CurrentAccess() access: AccessScope,
  ): Promise<GroupPollPolicyResponse> {
    return this.policies.put(id, body, access);
  }
}
