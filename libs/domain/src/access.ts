import { type Permission } from './permissions';

/**
 * What one caller may do and where: the union over the caller's roles.
 * `allDeviceGroups` / `allEdges` are true only for the built-in Super Admin
 * (who reaches everything, including groups and edges created later).
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
