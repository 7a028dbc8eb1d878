import { type AccessScope, ALL_PERMISSIONS, Permission } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { AccessResolver } from '../../common/auth/access-resolver';
import { unionGrants } from './role-grants';
import { RoleRepository } from './role.repository';

/**
 * AccessResolver from the role tables: a user's scope is the union of the roles he is a member of,
 * plus Public (every signed-in user holds it). The Super Admin user holds everything.
 */
@Injectable()
export class RoleAccessResolver extends AccessResolver {
  constructor(private readonly roles: RoleRepository) {
    super();
  }

  async resolve(user: { id: string; isSuperAdmin: boolean }): Promise<AccessScope> {
    if (user.isSuperAdmin) {
      return {
        userId: user.id,
        isSuperAdmin: true,
        permissions: new Set(ALL_PERMISSIONS),
        allDeviceGroups: true,
        deviceGroupIds: new Set(),
        allEdges: true,
        edgeIds: new Set(),
      };
    }
    const holdings = unionGrants(await this.roles.findByMember(user.id));
    return {
      userId: user.id,
      isSuperAdmin: false,
      permissions: new Set([Permission.Public, ...holdings.permissions]),
      allDeviceGroups: holdings.allDeviceGroups,
      deviceGroupIds: holdings.deviceGroupIds,
      allEdges: holdings.allEdges,
      edgeIds: holdings.edgeIds,
    };
  }

  roleIdsByUser(userIds: string[]): Promise<Map<string, string[]>> {
    return this.roles.roleIdsByUser(userIds);
  }
}
