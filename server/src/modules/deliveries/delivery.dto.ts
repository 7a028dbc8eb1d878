import {
  type CreateDeliveryRequest,
  type CreateTemplateAssignmentRequest,
  DELIVERY_DEVICE_STATUSES,
  type DeliveryDevicesQuery,
  type DeliveryDeviceStatus,
  type DeliveryRetryPolicy,
  type DeliverySchedule,
  type DeviceSettingsAccessRequest,
  type SnmpCredentials,
} from '@fleetward/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class DeliveryRetryDto implements DeliveryRetryPolicy {
  @ApiProperty({ minimum: 1, maximum: 10, description: 'Attempts per device in total, including the first.' })
  @IsInt()
  @Min(1)
  @Max(10)
  maxAttempts!: number;

  @ApiProperty({ minimum: 0, maximum: 86_400, description: 'Wait before an automatic retry (s).' })
  @IsInt()
  @Min(0)
  @Max(86_400)
  backoffSeconds!: number;
}

export class CreateDeliveryDto implements CreateDeliveryRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  templateId!: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Template version (default: current).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  deviceIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Absent: now. `{at}` once; `{start, everySeconds}` recurring (at least 300 s).',
  })
  @IsOptional()
  @IsObject()
  schedule?: DeliverySchedule;

  @ApiPropertyOptional({ type: DeliveryRetryDto, description: 'Default: one attempt.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliveryRetryDto)
  retry?: DeliveryRetryDto;

  @ApiPropertyOptional({
    description:
      "Deliver even where the template takes Fleetward's own SNMP access away from a device (else 409 DELIVERY_CUTS_OFF_ACCESS).",
  })
  @IsOptional()
  @IsBoolean()
  acceptAccessLoss?: boolean;
}

export class DeliveryDevicesQueryDto implements DeliveryDevicesQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;

  @ApiPropertyOptional({ enum: DELIVERY_DEVICE_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_DEVICE_STATUSES)
  status?: DeliveryDeviceStatus;
}

export class DeviceSettingsAccessDto implements DeviceSettingsAccessRequest {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '{port?, tls?, caPem?}',
  })
  @IsOptional()
  @IsObject()
  xmlApi?: DeviceSettingsAccessRequest['xmlApi'];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      '{share: "\\\\\\\\host\\\\share", path?, domain?, user, password, port?}; the password is stored encrypted.',
  })
  @IsOptional()
  @IsObject()
  smb?: DeviceSettingsAccessRequest['smb'];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'SNMP credentials allowed to SET (default: the read credentials). Stored encrypted.',
  })
  @IsOptional()
  @IsObject()
  snmpWrite?: SnmpCredentials | null;
}

export class CreateTemplateAssignmentDto implements CreateTemplateAssignmentRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  templateId!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  deviceIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiProperty({ minimum: 300, maximum: 366 * 86_400, description: 'Check period (s).' })
  @IsInt()
  @Min(300)
  @Max(366 * 86_400)
  everySeconds!: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'First check (default: now).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  start?: string;

  @ApiPropertyOptional({ default: false, description: 'Deliver the template to the devices found drifted.' })
  @IsOptional()
  @IsBoolean()
  autoEnforce?: boolean;
}
