import type { AdoptDevicesResponse, DiscoveryRunResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../common/audit/audit.decorator';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import { DiscoveryService } from './discovery.service';

const SNMP_CREDENTIALS_SCHEMA = {
  type: 'object',
  description:
    "{version:'1'|'2c', community} or {version:'3', user, level, authProtocol?, authKey?, privProtocol?, privKey?}",
};

/** Discovery through an edge and adoption of the devices it found (Device Management RW, your edges). */
@ApiTags('edges')
@Controller('edges/:id/discoveries')
export class DiscoveryController {
  constructor(private readonly discovery: DiscoveryService) {}

  @Post()
  @Audit('edges.discover')
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({
    summary: 'Scan an address range through the edge with SNMP credentials (tried in order).',
    description:
      'Stores the run for 24 hours for adoption; the credentials are kept encrypted with it and never returned.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['range', 'credentials'],
      properties: {
        range: { type: 'string', example: '10.0.0.0/29' },
        port: { type: 'integer', minimum: 1, maximum: 65535, default: 161 },
        credentials: { type: 'array', minItems: 1, maxItems: 16, items: SNMP_CREDENTIALS_SCHEMA },
      },
    },
  })
  start(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: unknown,
    @CurrentAccess() access: AccessScope,
  ): Promise<DiscoveryRunResponse> {
    return this.discovery.start(id, body, access);
  }

  @Get(':runId')
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'A discovery run of the edge and what it found (no credentials).' })
  get(
    @Param('id', new UuidParamPipe()) id: string,
    @Param('runId', new UuidParamPipe()) runId: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<DiscoveryRunResponse> {
    return this.discovery.get(id, runId, access);
  }

  @Post(':runId/adopt')
  @HttpCode(200)
  @Audit('edges.adopt-devices')
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({
    summary: 'Add discovered devices to your groups, each with the credential that answered.',
    description:
      'One result per host; an address already on the edge is reported (DEVICE_ALREADY_ADDED), not an error.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['hosts', 'groupIds'],
      properties: {
        hosts: {
          type: 'array',
          items: { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' } } },
        },
        groupIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
        namePrefix: { type: 'string', maxLength: 100 },
      },
    },
  })
  adopt(
    @Param('id', new UuidParamPipe()) id: string,
    @Param('runId', new UuidParamPipe()) runId: string,
    @Body() body: unknown,
    @CurrentAccess() access: AccessScope,
  ): Promise<AdoptDevicesResponse> {
    return this.discovery.adopt(id, runId, body, access);
  }
}
