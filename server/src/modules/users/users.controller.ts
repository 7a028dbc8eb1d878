import type { Page, UserResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccess, CurrentUser } from '../../common/auth/current-access.decorator';
import type { AuthenticatedUser } from '../../common/auth/request-context';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users (paged; search by username, display name or exact e-mail)' })
  @RequirePermission(Permission.UserManagement)
  list(@Query() query: PageQueryDto): Promise<Page<UserResponse>> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a user' })
  @RequirePermission(Permission.UserManagement)
  get(@Param('id', new UuidParamPipe()) id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (must change the password at first login)' })
  @RequirePermission(Permission.UserManagement)
  create(@Body() body: CreateUserDto): Promise<UserResponse> {
    return this.users.create(body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit display name, e-mail or disabled state' })
  @RequirePermission(Permission.UserManagement)
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @CurrentAccess() access: AccessScope,
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserResponse> {
    return this.users.update(actor, access, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user' })
  @RequirePermission(Permission.UserManagement)
  delete(
    @CurrentUser() actor: AuthenticatedUser,
    @CurrentAccess() access: AccessScope,
    @Param('id', new UuidParamPipe()) id: string,
  ): Promise<void> {
    return this.users.delete(actor, access, id);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password the user must change; ends his sessions' })
  @RequirePermission(Permission.UserManagement)
  resetPassword(
    @CurrentUser() actor: AuthenticatedUser,
    @CurrentAccess() access: AccessScope,
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: ResetPasswordDto,
  ): Promise<UserResponse> {
    return this.users.resetPassword(actor, access, id, body.newPassword);
  }
}
