import {
  type CaptureTemplateRequest,
  type CheckTemplatePasswordRequest,
  type CreateTemplateRequest,
  type ImportTemplateRequest,
  SETTING_KEYS,
  type SettingKey,
  type SettingValues,
  type TemplateExportFormat,
  type TemplateKind,
  type TemplateResponse,
  type TemplateValueView,
  type UpdateTemplateRequest,
} from '@fleetward/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { MAX_TEMPLATE_DOCUMENT_LENGTH } from './template-document';

const NOT_BLANK = /\S/;
const KINDS: TemplateKind[] = ['admin', 'service'];
const FORMATS: TemplateExportFormat[] = ['json', 'xml'];
const VALUES_DESCRIPTION =
  'Catalogue key → value (libs/contracts settings catalogue). Secrets are stored encrypted and answered as `{set: true}`.';

export class CreateTemplateDto implements CreateTemplateRequest {
  @ApiProperty({ maxLength: 100, description: 'Unique (case-insensitive).' })
  @IsString()
  @IsNotEmpty()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ enum: KINDS, description: 'admin: admin settings only; service: also service settings.' })
  @IsIn(KINDS)
  kind!: TemplateKind;

  @ApiProperty({ type: 'object', additionalProperties: true, description: VALUES_DESCRIPTION })
  @IsObject()
  values!: SettingValues;

  @ApiPropertyOptional({ minLength: 8, maxLength: 128, description: 'Template password (argon2 hash stored).' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password?: string;
}

export class UpdateTemplateDto implements UpdateTemplateRequest {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: `${VALUES_DESCRIPTION} Replaces the whole set and makes a new version; a \`{set: true}\` secret keeps the stored one.`,
  })
  @IsOptional()
  @IsObject()
  values?: Record<string, unknown>;

  @ApiPropertyOptional({ type: String, nullable: true, minLength: 8, maxLength: 128, description: 'null removes it.' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password?: string | null;

  @ApiPropertyOptional({ maxLength: 128, description: 'Current password of a protected template.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  templatePassword?: string;
}

export class ImportTemplateDto implements ImportTemplateRequest {
  @ApiProperty({ enum: FORMATS })
  @IsIn(FORMATS)
  format!: TemplateExportFormat;

  @ApiProperty({ maxLength: MAX_TEMPLATE_DOCUMENT_LENGTH, description: 'The JSON or XML document text.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TEMPLATE_DOCUMENT_LENGTH)
  document!: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ minLength: 8, maxLength: 128 })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password?: string;
}

export class CaptureTemplateDto implements CaptureTemplateRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  deviceId!: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ type: [String], enum: SETTING_KEYS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsIn(SETTING_KEYS, { each: true })
  keys?: SettingKey[];
}

export class CheckTemplatePasswordDto implements CheckTemplatePasswordRequest {
  @ApiProperty({ maxLength: 128, description: "The template's password." })
  @IsString()
  @MaxLength(128)
  password!: string;
}

export class ExportTemplateQueryDto {
  @ApiPropertyOptional({ enum: FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(FORMATS)
  format?: TemplateExportFormat;
}

export class TemplateResponseDto implements TemplateResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: KINDS }) kind!: TemplateKind;
  @ApiProperty() passwordProtected!: boolean;
  @ApiProperty({ description: 'Current version number (1, 2, …).' }) version!: number;
  @ApiProperty({ type: [String] }) keys!: SettingKey[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Secrets as `{set: true}`.' })
  values!: Partial<Record<SettingKey, TemplateValueView>>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) updatedBy!: string | null;
}
