import type { RoleResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../common/audit/audit.decorator';
import { CurrentAccess } from '../../common/auth/current-access.decorator';
import { RequirePermission } from '../../common/auth/require-permission.decorator';
import { CopyRoleDto, RoleResponseDto, SetRoleUsersDto, UpdateRoleDto } from './role.dto';
import { RolesService } from './roles.service';

@ApiTags('roles')
@RequirePermission(Permission.RoleManagement)
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @ApiOperation({ summary: 'List every role, with whether the caller may copy or edit each.' })
  @ApiOkResponse({ type: [RoleResponseDto] })
  list(@CurrentAccess() access: AccessScope): Promise<RoleResponse[]> {
    return this.roles.list(access);
  }

  @Get(':id')
  @ApiOkResponse({ type: RoleResponseDto })
  get(@Param('id') id: string, @CurrentAccess() access: AccessScope): Promise<RoleResponse> {
    return this.roles.get(id, access);
  }

  @Post(':id/copy')
  @Audit('roles.copy')
  @ApiOperation({
    summary: 'Copy a role you belong to; the copy may narrow but never widen its source or your own rights.',
    description: 'You become the only administrator of the copy; it starts without members.',
  })
  @ApiCreatedResponse({ type: RoleResponseDto })
  copy(
    @Param('id') id: string,
    @Body() body: CopyRoleDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<RoleResponse> {
    return this.roles.copy(id, body, access);
  }

  @Patch(':id')
  @Audit('roles.update')
  @ApiOperation({ summary: 'Edit a role you administer; what you add must be within your own rights.' })
  @ApiOkResponse({ type: RoleResponseDto })
  update(
    @Param('id') id: string,
    @Body() body: UpdateRoleDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<RoleResponse> {
    return this.roles.update(id, body, access);
  }

  @Delete(':id')
  @HttpCode(204)
  @Audit('roles.delete')
  @ApiOperation({ summary: 'Delete a role you administer (the built-in role cannot be deleted).' })
  async delete(@Param('id') id: string, @CurrentAccess() access: AccessScope): Promise<void> {
    await this.roles.delete(id, access);
  }

  @Put(':id/administrators')
  @Audit('roles.set-administrators')
  @ApiOperation({ summary: 'Replace the administrators of a role you administer (never empty).' })
  @ApiOkResponse({ type: RoleResponseDto })
  setAdministrators(
    @Param('id') id: string,
    @Body() body: SetRoleUsersDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<RoleResponse> {
    return this.roles.setAdministrators(id, body.userIds, access);
  }

  @Put(':id/members')
  @Audit('roles.set-members')
  @ApiOperation({
    summary: 'Replace the members of a role you administer (this is how users get roles).',
    description: 'You may not add yourself to a role that grants more than you already hold.',
  })
  @ApiOkResponse({ type: RoleResponseDto })
  setMembers(
    @Param('id') id: string,
    @Body() body: SetRoleUsersDto,
    @CurrentAccess() access: AccessScope,
  ): Promise<RoleResponse> {
    return this.roles.setMembers(id, body.userIds, access);
  }
}
