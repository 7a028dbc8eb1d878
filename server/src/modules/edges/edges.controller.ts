import type { EdgeSummaryResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { CreateEdgeDto, EdgeSummaryResponseDto } from './edge.dto';
import { EdgesService } from './edges.service';

@ApiTags('edges')
@Controller('edges')
export class EdgesController {
  constructor(private readonly edges: EdgesService) {}

  @Get()
  @RequirePermission(Permission.Public)
  @ApiOperation({ summary: 'Edges your roles reach (an empty list when they reach none).' })
  @ApiOkResponse({ type: [EdgeSummaryResponseDto] })
  list(@CurrentAccess() access: AccessScope): Promise<EdgeSummaryResponse[]> {
    return this.edges.list(access);
  }

  @Post()
  @RequirePermission(Permission.SystemManagement)
  @ApiOperation({
    summary: 'Register a new edge.',
    description:
      'Unless you reach every edge, the new edge is added to your roles that grant System Management and that ' +
      'you administer; without such a role the request is refused.',
  })
  @ApiCreatedResponse({ type: EdgeSummaryResponseDto })
  create(@Body() body: CreateEdgeDto, @CurrentAccess() access: AccessScope): Promise<EdgeSummaryResponse> {
    return this.edges.create(body, access);
  }
}
