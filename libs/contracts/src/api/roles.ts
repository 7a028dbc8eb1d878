import type { Permission } from '@fleetward/domain';

export interface RoleResponse {
  id: string;
  name: string;
  description: string;
  /** The built-in Super Admin role: cannot be edited or deleted, may be copied. */
  builtIn: boolean;
  permissions: Permission[];
  allDeviceGroups: boolean;
  deviceGroupIds: string[];
  allEdges: boolean;
  edgeIds: string[];
  administratorIds: string[];
  memberIds: string[];
  createdAt: string;
  updatedAt: string;
  /** For the caller: may copy (is a member), may edit / delete (is an administrator). */
  canCopy: boolean;
  canEdit: boolean;
}

/** Copy a role the caller belongs to; every field narrows the copy, none may widen it. */
export interface CopyRoleRequest {
  name: string;
  description?: string;
  /** Absent: same as the source (still capped by the caller's own rights). */
  permissions?: Permission[];
  allDeviceGroups?: boolean;
  deviceGroupIds?: string[];
  allEdges?: boolean;
  edgeIds?: string[];
}

export interface UpdateRoleRequest {
  name?: string;
  description?: string;
  permissions?: Permission[];
  allDeviceGroups?: boolean;
  deviceGroupIds?: string[];
  allEdges?: boolean;
  edgeIds?: string[];
}

export interface SetRoleUsersRequest {
  userIds: string[];
}
