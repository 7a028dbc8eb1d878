import type { CreatedEdgeResponse, EdgeActivationCodeResponse, EdgeDetailResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import {
  CreateEdgeDto,
  CreatedEdgeResponseDto,
  EdgeActivationCodeResponseDto,
  EdgeDetailResponseDto,
  UpdateEdgeConnectionDto,
} from './edge.dto';
import { EdgesService } from './edges.service';

@ApiTags('edges')
@Controller('edges')
export class EdgesController {
  constructor(private readonly edges: EdgesService) {}

  @Get()
  @RequirePermission(Permission.Public)
  @ApiOperation({
    summary: 'Edges your roles reach (an empty list when they reach none), with status, last contact and devices.',
  })
  @ApiOkResponse({ type: [EdgeDetailResponseDto] })
  list(@CurrentAccess() access: AccessScope): Promise<EdgeDetailResponse[]> {
    return this.edges.list(access);
  }

  @Post()
  @RequirePermission(Permission.SystemManagement)
  @ApiOperation({
    summary: 'Register a new edge.',
    description:
      'Unless you reach every edge, the new edge is added to your roles that grant System Management and that ' +
      'you administer; without such a role the request is refused. The answer carries the one-time activation ' +
      'code (shown only here) to start the edge with.',
  })
  @ApiCreatedResponse({ type: CreatedEdgeResponseDto })
  create(@Body() body: CreateEdgeDto, @CurrentAccess() access: AccessScope): Promise<CreatedEdgeResponse> {
    return this.edges.create(body, access);
  }

  @Post(':id/activation-code')
  @RequirePermission(Permission.SystemManagement)
  @ApiOperation({
    summary:
      'Issue a new one-time activation code (e.g. for a reinstalled edge); the previous unused one stops working.',
  })
  @ApiCreatedResponse({ type: EdgeActivationCodeResponseDto })
  issueActivationCode(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
  ): Promise<EdgeActivationCodeResponse> {
    return this.edges.issueActivationCode(access, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.SystemManagement)
  @ApiOperation({ summary: 'Delete an edge that has no devices.' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'EDGE_HAS_DEVICES: devices are still assigned to the edge.' })
  delete(@Param('id', new UuidParamPipe()) id: string, @CurrentAccess() access: AccessScope): Promise<void> {
    return this.edges.delete(access, id);
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
    summary:
      'Rename the edge, or set how the server reaches it: URL, and for a manually connected edge the API token ' +
      "(write-only) and the edge's certificate to pin.",
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
