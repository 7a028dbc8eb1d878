import type { AccessScope } from '@fleetward/domain';

/**
 * Resolves what a user may do and where (the union over his roles).
 * Provided by the global RolesModule (`{ provide: AccessResolver, useClass: RoleAccessResolver }`).
 * The Super Admin (isSuperAdmin) gets every permission, all device groups and all edges.
 */
export abstract class AccessResolver {
  abstract resolve(user: { id: string; isSuperAdmin: boolean }): Promise<AccessScope>;
  /** Role ids per user id (users without roles map to an empty array or are absent). */
  abstract roleIdsByUser(userIds: string[]): Promise<Map<string, string[]>>;
}
