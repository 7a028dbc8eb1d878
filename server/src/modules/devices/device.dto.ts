import type { CreateDeviceRequest, DeviceListQuery, DeviceSummaryResponse, Page } from '@fleetward/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { isIP } from 'node:net';
import { MAX_PAGE_SIZE } from './devices.service';

const HOST_NAME =
  /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** An IPv4 / IPv6 address or an RFC 1123 host name. */
export function isDeviceAddress(value: unknown): boolean {
  return typeof value === 'string' && (isIP(value) !== 0 || HOST_NAME.test(value));
}

function IsDeviceAddress(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDeviceAddress',
      validator: {
        validate: isDeviceAddress,
        defaultMessage: () => '$property must be an IPv4 or IPv6 address or a host name',
      },
    },
    options,
  );
}

export class CreateDeviceDto implements CreateDeviceRequest {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ maxLength: 255, description: 'IPv4 / IPv6 address or host name the edge reaches the device at.' })
  @IsString()
  @MaxLength(255)
  @IsDeviceAddress()
  address!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An edge you reach.' })
  @IsOptional()
  @IsUUID('all')
  edgeId?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Device groups you reach; at least one unless your roles reach every group.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  groupIds?: string[];
}

export class DeviceListQueryDto implements DeviceListQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;

  @ApiPropertyOptional({ maxLength: 200, description: 'Part of the name or address (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only devices of this group.' })
  @IsOptional()
  @IsUUID('all')
  groupId?: string;
}

/** Query of GET /device-groups/:id/devices (the group comes from the path). */
export class GroupDeviceListQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class DeviceSummaryResponseDto implements DeviceSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() address!: string;
  @ApiProperty({ type: String, nullable: true }) edgeId!: string | null;
  @ApiProperty({ type: [String], description: 'Groups of the device that you reach.' }) groupIds!: string[];
}

export class DevicePageResponseDto implements Page<DeviceSummaryResponse> {
  @ApiProperty({ type: [DeviceSummaryResponseDto] }) items!: DeviceSummaryResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
