import type { CopyRoleRequest, RoleResponse, SetRoleUsersRequest, UpdateRoleRequest } from '@fleetward/contracts';
import { GRANTABLE_PERMISSIONS, Permission } from '@fleetward/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';

const NAME_PATTERN = /\S/;
const MAX_IDS = 10_000;

export class CopyRoleDto implements CopyRoleRequest {
  @ApiProperty({ maxLength: 100, description: 'Unique (case-insensitive) name of the copy.' })
  @IsString()
  @IsNotEmpty()
  @Matches(NAME_PATTERN, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ maxLength: 500, description: "Absent: the source's description." })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ enum: GRANTABLE_PERMISSIONS, isArray: true, description: "Absent: the source's functions." })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(GRANTABLE_PERMISSIONS, {
    each: true,
    message: `each permission must be one of: ${GRANTABLE_PERMISSIONS.join(', ')}`,
  })
  permissions?: Permission[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allDeviceGroups?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  deviceGroupIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allEdges?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  edgeIds?: string[];
}

export class UpdateRoleDto implements UpdateRoleRequest {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(NAME_PATTERN, { message: 'name must not be blank' })
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ enum: GRANTABLE_PERMISSIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(GRANTABLE_PERMISSIONS, {
    each: true,
    message: `each permission must be one of: ${GRANTABLE_PERMISSIONS.join(', ')}`,
  })
  permissions?: Permission[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allDeviceGroups?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  deviceGroupIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allEdges?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  edgeIds?: string[];
}

export class SetRoleUsersDto implements SetRoleUsersRequest {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsUUID('all', { each: true })
  userIds!: string[];
}

/** OpenAPI shape of RoleResponse (libs/contracts). */
export class RoleResponseDto implements RoleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'The built-in Super Admin role: cannot be edited or deleted, may be copied.' })
  builtIn!: boolean;
  @ApiProperty({ enum: Permission, isArray: true }) permissions!: Permission[];
  @ApiProperty() allDeviceGroups!: boolean;
  @ApiProperty({ type: [String] }) deviceGroupIds!: string[];
  @ApiProperty() allEdges!: boolean;
  @ApiProperty({ type: [String] }) edgeIds!: string[];
  @ApiProperty({ type: [String] }) administratorIds!: string[];
  @ApiProperty({ type: [String] }) memberIds!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'The caller may copy it (he is a member).' }) canCopy!: boolean;
  @ApiProperty({ description: 'The caller may edit / delete it (he is an administrator and it is not built-in).' })
  canEdit!: boolean;
}
