import type {
  CreatedEdgeResponse,
  CreateEdgeRequest,
  EdgeActivationCodeResponse,
  EdgeActivationRequest,
  EdgeActivationResponse,
  EdgeDetailResponse,
  EdgeStatus,
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

export class EdgeActivationCodeResponseDto implements EdgeActivationCodeResponse {
  @ApiProperty({
    description: 'FWA1-<secret>-<server certificate fingerprint>: shown only once; the server keeps its hash.',
    example: 'FWA1-…',
  })
  code!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class CreatedEdgeResponseDto extends EdgeSummaryResponseDto implements CreatedEdgeResponse {
  @ApiProperty({ type: EdgeActivationCodeResponseDto }) activation!: EdgeActivationCodeResponseDto;
}

export class EdgeActivationDto implements EdgeActivationRequest {
  @ApiProperty({ maxLength: 200, description: 'The activation code from POST /api/v1/edges.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  code!: string;

  @ApiProperty({ maxLength: 20000, description: "PKCS#10 CSR (PEM) of the edge's own key." })
  @IsString()
  @Matches(/-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----/, {
    message: 'csrPem must be a PEM certificate request',
  })
  @MaxLength(20000)
  csrPem!: string;

  @ApiProperty({ maxLength: 500, example: 'https://10.0.0.5:5000', description: 'How the server reaches the edge.' })
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: false }, { message: 'url must be an https URL' })
  @MaxLength(500)
  url!: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  version!: string;
}

export class EdgeActivationResponseDto implements EdgeActivationResponse {
  @ApiProperty({ format: 'uuid' }) edgeId!: string;
  @ApiProperty({ description: 'The certificate issued to the edge (CN = edge id, URI SAN urn:fleetward:edge:<id>).' })
  certificatePem!: string;
  @ApiProperty({ description: "The server's edge CA certificate." }) caPem!: string;
}

export class UpdateEdgeConnectionDto implements UpdateEdgeConnectionRequest {
  @ApiPropertyOptional({ maxLength: 100, description: 'New name (unique, case-insensitive).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(100)
  name?: string;

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
  @ApiProperty({ enum: ['pending', 'online', 'offline'] }) status!: EdgeStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) activatedAt!: string | null;
  @ApiProperty() deviceCount!: number;
}
