import type { CreateEdgeRequest, EdgeSummaryResponse } from '@fleetward/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class CreateEdgeDto implements CreateEdgeRequest {
  @ApiProperty({ maxLength: 100, description: 'Unique (case-insensitive), e.g. the site name.' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;
}

export class EdgeSummaryResponseDto implements EdgeSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}
