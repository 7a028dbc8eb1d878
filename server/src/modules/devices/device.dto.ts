import {
  type CreateDeviceRequest,
  DEVICE_SORT_FIELDS,
  DEVICE_STATES,
  type DeviceInventoryQuery,
  type DeviceSnmpInput,
  type DeviceSortField,
  type DeviceState,
  type DeviceSummaryResponse,
  type MeterReadsQuery,
  type Page,
  type TimeRangeQuery,
  type UpdateDeviceRequest,
} from '@fleetward/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
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

  @ApiPropertyOptional({ minimum: 1, maximum: 65535, default: 161, description: 'SNMP UDP port.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'SNMP credentials: `{version:"1"|"2c", community}` or `{version:"3", user, level, authProtocol?, authKey?, privProtocol?, privKey?, context?}`. Stored encrypted, never returned.',
  })
  @IsOptional()
  @IsObject()
  snmp?: DeviceSnmpInput | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 256,
    description: 'Stored encrypted, never returned.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  adminPassword?: string | null;
}

export class UpdateDeviceDto implements UpdateDeviceRequest {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsDeviceAddress()
  address?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'An edge you reach; null detaches.',
  })
  @IsOptional()
  @IsUUID('all')
  edgeId?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 65535 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'See create; null removes.',
  })
  @IsOptional()
  @IsObject()
  snmp?: DeviceSnmpInput | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 256, description: 'Null removes it.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  adminPassword?: string | null;
}

export class DeviceInventoryQueryDto implements DeviceInventoryQuery {
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

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Part of the name, address, serial number or model (case-insensitive).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only devices of this group.' })
  @IsOptional()
  @IsUUID('all')
  groupId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only devices served by this edge.' })
  @IsOptional()
  @IsUUID('all')
  edgeId?: string;

  @ApiPropertyOptional({ enum: DEVICE_STATES })
  @IsOptional()
  @IsIn(DEVICE_STATES)
  status?: DeviceState;

  @ApiPropertyOptional({ maxLength: 100, description: 'Vendor name (case-insensitive, exact).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  vendor?: string;

  @ApiPropertyOptional({ enum: DEVICE_SORT_FIELDS, default: 'name', description: 'status sorts by severity.' })
  @IsOptional()
  @IsIn(DEVICE_SORT_FIELDS)
  sort?: DeviceSortField;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class TimeRangeQueryDto implements TimeRangeQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Default: 30 days before `to`.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class MeterReadsQueryDto extends TimeRangeQueryDto implements MeterReadsQuery {
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

export class DeviceLastPollDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['ok', 'failed'] }) outcome!: 'ok' | 'failed';
  @ApiProperty({ type: String, nullable: true }) errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) errorMessage!: string | null;
}

export class DeviceListItemResponseDto extends DeviceSummaryResponseDto {
  @ApiProperty() port!: number;
  @ApiProperty({ type: String, nullable: true }) location!: string | null;
  @ApiProperty({ type: String, nullable: true }) vendor!: string | null;
  @ApiProperty({ type: String, nullable: true }) model!: string | null;
  @ApiProperty({ type: String, nullable: true }) serialNumber!: string | null;
  @ApiProperty({ enum: DEVICE_STATES }) status!: DeviceState;
  @ApiProperty({ type: [String] }) errors!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last successful read.' })
  lastSeen!: string | null;
  @ApiProperty({ type: DeviceLastPollDto, nullable: true }) lastPoll!: DeviceLastPollDto | null;
}

export class DeviceInventoryPageDto {
  @ApiProperty({ type: [DeviceListItemResponseDto] }) items!: DeviceListItemResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

/** Detail of a device (see `DeviceDetailResponse` in libs/contracts for the nested shapes). */
export class DeviceDetailResponseDto extends DeviceListItemResponseDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) identity!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'version, hasCommunity, v3User, level, authProtocol, privProtocol, hasAuthKey, hasPrivKey, context',
  })
  snmp!: Record<string, unknown> | null;
  @ApiProperty() hasAdminPassword!: boolean;
  @ApiProperty({ type: String, nullable: true }) driverId!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) supplies!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) trays!: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) counters!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) alerts!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) unreadable!: unknown[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
