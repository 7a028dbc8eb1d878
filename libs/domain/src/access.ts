import { type Permission } from './permissions';

/**
 * What one caller may do and where: the union over the caller's roles.
 * `allDeviceGroups` / `allEdges` are true for the Super Admin and for members of any role with
 * "all device groups" / "all edges" (e.g. a copy of the built-in role): they reach everything,
 * including groups and edges created later.
 */
export interface AccessScope {
  readonly userId: string;
  readonly isSuperAdmin: boolean;
  readonly permissions: ReadonlySet<Permission>;
  readonly deviceGroupIds: ReadonlySet<string>;
  readonly edgeIds: ReadonlySet<string>;
  readonly allDeviceGroups: boolean;
  readonly allEdges: boolean;
}
