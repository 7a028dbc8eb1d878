import type { EdgeDetailResponse, EdgeSummaryResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import { CreateEdgeDto, EdgeDetailResponseDto, EdgeSummaryResponseDto, UpdateEdgeConnectionDto } from './edge.dto';
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

  @Get(':id')
  @RequirePermission(Permission.SystemManagement)
  @ApiOperation({ summary: 'An edge with its connection settings (the token is never returned) and last contact.' })
  @ApiOkResponse({ type: EdgeDetailResponseDto })
  detail(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<EdgeDetailResponse> {
    return this.edges.detail(access, id);
  }

  @Patch(':id')
  @RequirePermission(Permission.SystemManagement)
  @ApiOperation({
    summary: "Set how the server reaches the edge: URL, API token (write-only) and the edge's certificate to pin.",
  })
  @ApiOkResponse({ type: EdgeDetailResponseDto })
  updateConnection(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: UpdateEdgeConnectionDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<EdgeDetailResponse> {
    return this.edges.updateConnection(id, body, access);
  }
}
