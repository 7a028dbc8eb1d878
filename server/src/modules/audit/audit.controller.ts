import type { AuditEntryResponse, Page } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'Audit log of state-changing requests (newest first; filter by actor, action, outcome, time)',
  })
  @RequirePermission(Permission.SystemManagement)
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEntryResponse>> {
    return this.audit.list(query);
  }
}
