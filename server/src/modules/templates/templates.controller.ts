import type { CaptureTemplateResponse, TemplateResponse, TemplateVersionResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import type { FleetwardRequest } from '../../common/auth/request-context';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { ValidationFailedError } from '../../common/errors';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import {
  CaptureTemplateDto,
  CheckTemplatePasswordDto,
  CreateTemplateDto,
  ExportTemplateQueryDto,
  ImportTemplateDto,
  TemplateResponseDto,
  UpdateTemplateDto,
} from './template.dto';
import { TemplatePasswordLockedError } from './template.errors';
import { TemplatesService } from './templates.service';

const PASSWORD_HEADER = 'x-template-password';

/** The audit action of the request whose wrong password locks its user out of a template (docs/decisions/0024). */
export const TEMPLATE_PASSWORD_LOCKED_ACTION = 'templates.password-locked';

/** The 429 of the three routes that check a template password. */
const PasswordLockedResponse = ApiTooManyRequestsResponse({
  description:
    'TEMPLATE_PASSWORD_LOCKED: 5 wrong passwords for this template from this user inside 15 minutes; every check ' +
    'of his on it (even with the right password) is refused until 15 minutes after the last failure.',
  headers: { 'Retry-After': { description: 'Seconds until the lock ends.', schema: { type: 'integer' } } },
});

/**
 * Runs a password-checking call; when its failure starts a lock, the request's audit entry is recorded as
 * `templates.password-locked` (a security event, found by action; its path still names the route).
 */
async function auditingLock<T>(req: FleetwardRequest, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TemplatePasswordLockedError && error.started) {
      req.audit = { ...req.audit, action: TEMPLATE_PASSWORD_LOCKED_ACTION };
    }
    throw error;
  }
}

function versionNumber(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new ValidationFailedError([{ field: 'version', problems: ['version must be a whole number from 1'] }]);
  }
  return Number(value);
}

/**
 * Settings templates (Admin Template Management; Device Management RW may read them to deliver them). Service
 * templates need more to change (docs/decisions/0009). Fixed paths come before `:id`.
 */
@ApiTags('templates')
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @RequirePermission(Permission.AdminTemplateManagement, Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Every template (values with secrets as {set: true}).' })
  @ApiOkResponse({ type: [TemplateResponseDto] })
  list(): Promise<TemplateResponse[]> {
    return this.templates.list();
  }

  @Post()
  @RequirePermission(Permission.AdminTemplateManagement)
  @ApiOperation({ summary: 'Create a template (version 1); values are validated against the settings catalogue.' })
  @ApiCreatedResponse({ type: TemplateResponseDto })
  create(@Body() body: CreateTemplateDto, @CurrentAccess() access: AccessScope): Promise<TemplateResponse> {
    return this.templates.create(body, access);
  }

  @Post('import')
  @RequirePermission(Permission.AdminTemplateManagement)
  @ApiOperation({ summary: 'Create a template from an exported JSON or XML document (validated like a create).' })
  @ApiCreatedResponse({ type: TemplateResponseDto })
  import(@Body() body: ImportTemplateDto, @CurrentAccess() access: AccessScope): Promise<TemplateResponse> {
    return this.templates.import(body, access);
  }

  @Post('capture')
  @RequirePermission(Permission.AdminTemplateManagement)
  @ApiOperation({
    summary: "Create an admin template from a device's current readable settings (also needs Device Management RO).",
  })
  @ApiCreatedResponse({ type: TemplateResponseDto })
  capture(@Body() body: CaptureTemplateDto, @CurrentAccess() access: AccessScope): Promise<CaptureTemplateResponse> {
    return this.templates.capture(body, access);
  }

  @Get(':id')
  @RequirePermission(Permission.AdminTemplateManagement, Permission.DeviceManagementRw)
  @ApiOkResponse({ type: TemplateResponseDto })
  get(@Param('id', new UuidParamPipe()) id: string): Promise<TemplateResponse> {
    return this.templates.get(id);
  }

  @Get(':id/versions')
  @RequirePermission(Permission.AdminTemplateManagement, Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'Every saved version of a template, newest first (immutable).' })
  versions(@Param('id', new UuidParamPipe()) id: string): Promise<TemplateVersionResponse[]> {
    return this.templates.versions(id);
  }

  @Get(':id/versions/:version')
  @RequirePermission(Permission.AdminTemplateManagement, Permission.DeviceManagementRw)
  @ApiOperation({ summary: 'One saved version of a template.' })
  version(
    @Param('id', new UuidParamPipe()) id: string,
    @Param('version') version: string,
  ): Promise<TemplateVersionResponse> {
    return this.templates.version(id, versionNumber(version));
  }

  @Get(':id/export')
  @RequirePermission(Permission.AdminTemplateManagement)
  @ApiProduces('application/json', 'application/xml')
  @ApiOperation({ summary: 'Export a template as JSON or XML; secrets are left out and listed in omittedSecrets.' })
  async export(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: ExportTemplateQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const format = query.format ?? 'json';
    const file = await this.templates.export(id, format);
    res.setHeader(
      'content-type',
      format === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8',
    );
    res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
    return file.body;
  }

  @Patch(':id')
  @RequirePermission(Permission.AdminTemplateManagement)
  @ApiHeader({ name: PASSWORD_HEADER, required: false, description: 'Password of a protected template.' })
  @ApiOperation({ summary: 'Change a template; new values make a new version. Protected: needs its password.' })
  @ApiOkResponse({ type: TemplateResponseDto })
  @PasswordLockedResponse
  update(
    @Req() req: FleetwardRequest,
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: UpdateTemplateDto,
    @CurrentAccess() access: AccessScope,
    @Headers(PASSWORD_HEADER) password?: string,
  ): Promise<TemplateResponse> {
    return auditingLock(req, this.templates.update(id, body, access, password));
  }

  @Post(':id/check-password')
  @HttpCode(204)
  @RequirePermission(Permission.AdminTemplateManagement)
  @ApiOperation({
    summary:
      "Check a protected template's password before editing it (204; 403 when wrong; 429 after too many wrong). " +
      'Changes nothing but the count of wrong passwords.',
  })
  @PasswordLockedResponse
  async checkPassword(
    @Req() req: FleetwardRequest,
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: CheckTemplatePasswordDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<void> {
    await auditingLock(req, this.templates.checkTemplatePassword(id, access, body.password));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.AdminTemplateManagement)
  @ApiHeader({ name: PASSWORD_HEADER, required: false, description: 'Password of a protected template.' })
  @ApiOperation({ summary: 'Delete a template (its versions stay for the deliveries that sent them).' })
  @PasswordLockedResponse
  async delete(
    @Req() req: FleetwardRequest,
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentAccess() access: AccessScope,
    @Headers(PASSWORD_HEADER) password?: string,
  ): Promise<void> {
    await auditingLock(req, this.templates.delete(id, access, password));
  }
}
