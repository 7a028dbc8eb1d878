import type { EdgeActivationResponse } from '@fleetward/contracts';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FleetwardRequest } from '../../common/auth/request-context';
import { Unauthenticated } from '../../common/auth/require-permission.decorator';
import { EdgeActivationService } from './edge-activation.service';
import { EdgeActivationDto, EdgeActivationResponseDto } from './edge.dto';

/** Edge → server: an edge activates itself with its one-time code (no user session; the code is the credential). */
@ApiTags('edges')
@Controller('edge-activation')
export class EdgeActivationController {
  constructor(private readonly activation: EdgeActivationService) {}

  @Post()
  @HttpCode(200)
  @Unauthenticated()
  @ApiOperation({
    summary: 'Activate an edge: one-time code + CSR → the edge certificate and the server edge CA.',
    description: 'Rate-limited per source address. Every attempt is audit-logged.',
  })
  @ApiOkResponse({ type: EdgeActivationResponseDto })
  @ApiUnauthorizedResponse({ description: 'EDGE_ACTIVATION_REFUSED: unknown, expired or already used code.' })
  @ApiBadRequestResponse({ description: 'Malformed body or certificate request.' })
  @ApiTooManyRequestsResponse({ description: 'EDGE_ACTIVATION_RATE_LIMITED' })
  async activate(@Req() req: FleetwardRequest, @Body() body: EdgeActivationDto): Promise<EdgeActivationResponse> {
    req.audit = { ...req.audit, action: 'edges.activate', targetType: 'edges', targetId: null, actorName: 'edge' };
    const result = await this.activation.activate(body, req.socket.remoteAddress ?? 'unknown');
    req.audit = { ...req.audit, targetId: result.edgeId };
    return result;
  }
}
