import type {
  CreateEdgeRequest,
  EdgeDetailResponse,
  EdgeSummaryResponse,
  UpdateEdgeConnectionRequest,
} from '@fleetward/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

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

export class UpdateEdgeConnectionDto implements UpdateEdgeConnectionRequest {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'https://10.0.0.5:5000' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: false }, { message: 'url must be an https URL' })
  @MaxLength(500)
  url?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    minLength: 16,
    maxLength: 1000,
    description: "The edge's API token (FLEETWARD_EDGE_TOKEN). Stored encrypted, never returned.",
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(16)
  @MaxLength(1000)
  token?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 20000,
    description: "The edge's certificate (or its CA), PEM: the only certificate trusted when calling the edge.",
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, {
    message: 'caPem must be a PEM certificate',
  })
  @MaxLength(20000)
  caPem?: string | null;
}

export class EdgeDetailResponseDto extends EdgeSummaryResponseDto implements EdgeDetailResponse {
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty() hasToken!: boolean;
  @ApiProperty() hasCaPem!: boolean;
  @ApiProperty({ type: String, nullable: true }) version!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSeenAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastErrorAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
}
