import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessResolver } from '../../common/auth/access-resolver';
import { RoleAccessResolver } from './role-access.resolver';
import {
  RoleAdministratorEntity,
  RoleDeviceGroupEntity,
  RoleEdgeEntity,
  RoleEntity,
  RoleMemberEntity,
  RolePermissionEntity,
} from './role.entity';
import { RoleRepository } from './role.repository';
import { RolesBootstrap } from './roles.bootstrap';
import { RolesController } from './roles.controller';
import { RolesService } from './roles.service';

/**
 * Roles and the access model (SPEC §3). Global: every module's guard needs the AccessResolver, and the
 * device-group and edge modules give newly created groups / edges to the creator's roles.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([
      RoleEntity,
      RolePermissionEntity,
      RoleDeviceGroupEntity,
      RoleEdgeEntity,
      RoleMemberEntity,
      RoleAdministratorEntity,
    ]),
  ],
  controllers: [RolesController],
  providers: [RoleRepository, RolesService, RolesBootstrap, { provide: AccessResolver, useClass: RoleAccessResolver }],
  exports: [AccessResolver, RolesService],
})
export class RolesModule {}
