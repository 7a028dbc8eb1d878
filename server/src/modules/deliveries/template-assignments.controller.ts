import type { DriftResultResponse, TemplateAssignmentResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import { CreateTemplateAssignmentDto } from './delivery.dto';
import { DriftService } from './drift.service';

/** Templates assigned to devices and groups for a periodic drift check (Device Management RW; RO sees results). */
@ApiTags('deliveries')
@Controller('template-assignments')
export class TemplateAssignmentsController {
  constructor(private readonly drift: DriftService) {}

  @Get()
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'Your template assignments with the counts of their last drift check.' })
  @ApiOkResponse({ description: 'TemplateAssignmentResponse[]' })
  list(@CurrentAccess() access: AccessScope): Promise<TemplateAssignmentResponse[]> {
    return this.drift.list(access);
  }

  @Post()
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Assign a template to devices and groups of yours for a periodic drift check.' })
  @ApiCreatedResponse({ description: 'TemplateAssignmentResponse' })
  create(
    @Body() body: CreateTemplateAssignmentDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<TemplateAssignmentResponse> {
    return this.drift.create(body, access);
  }

  @Get(':id/results')
  @RequirePermission(Permission.DeviceManagementRo)
  @ApiOperation({ summary: 'The last drift check per device: in sync, drifted (with the differences) or unreadable.' })
  @ApiOkResponse({ description: 'DriftResultResponse[]' })
  results(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<DriftResultResponse[]> {
    return this.drift.results(id, access);
  }

  @Post(':id/check')
  @HttpCode(200)
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Run the drift check now (and auto-enforce when set).' })
  check(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<TemplateAssignmentResponse> {
    return this.drift.checkNow(id, access);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Remove an assignment and its results.' })
  async delete(@Param('id', new UuidParamPipe()) id: string, @CurrentAccess() access: AccessScope): Promise<void> {
    await this.drift.delete(id, access);
  }
}
