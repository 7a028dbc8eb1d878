import type { PutMailSettingsRequest, SendTestMailRequest } from '@fleetward/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class PutMailSettingsDto implements PutMailSettingsRequest {
  @ApiProperty({ maxLength: 253 })
  @IsString()
  @MaxLength(253)
  host!: string;

  @ApiProperty({ minimum: 1, maximum: 65535 })
  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @ApiProperty({ enum: ['none', 'starttls', 'tls'] })
  @IsIn(['none', 'starttls', 'tls'])
  security!: 'none' | 'starttls' | 'tls';

  @ApiPropertyOptional({ nullable: true, maxLength: 254 })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  user?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    maxLength: 512,
    description: 'Write-only. Absent keeps the stored password; empty or null removes it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  password?: string | null;

  @ApiProperty({ maxLength: 320, example: 'Fleetward <fleetward@example.com>' })
  @IsString()
  @MaxLength(320)
  from!: string;

  @ApiProperty()
  @IsBoolean()
  rejectUnauthorized!: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'Extra trusted CA certificates (PEM).' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  ca?: string | null;
}

export class SendTestMailDto implements SendTestMailRequest {
  @ApiProperty({ maxLength: 254 })
  @IsString()
  @MaxLength(254)
  to!: string;
}
