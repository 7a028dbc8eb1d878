import {
  ALERT_SEVERITIES,
  ALERT_STATES,
  type AlertListQuery,
  type AlertSeverityName,
  type AlertStateName,
  type PutGroupAlertRecipientsRequest,
} from '@fleetward/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export const MAX_ALERT_PAGE_SIZE = 500;

export class AlertListQueryDto implements AlertListQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_ALERT_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ALERT_PAGE_SIZE)
  pageSize?: number;

  @ApiPropertyOptional({ enum: ALERT_STATES })
  @IsOptional()
  @IsIn(ALERT_STATES)
  state?: AlertStateName;

  @ApiPropertyOptional({ enum: ALERT_SEVERITIES })
  @IsOptional()
  @IsIn(ALERT_SEVERITIES)
  severity?: AlertSeverityName;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  deviceId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  groupId?: string;
}

export class PutGroupAlertRecipientsDto implements PutGroupAlertRecipientsRequest {
  @ApiProperty({ type: [String], description: 'Mail addresses (stored encrypted).' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(254, { each: true })
  emails!: string[];

  @ApiPropertyOptional({ nullable: true, description: 'http(s) URL for a signed JSON POST (stored encrypted).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  webhookUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Write-only HMAC secret (16+ characters); absent keeps it.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  webhookSecret?: string | null;
}
