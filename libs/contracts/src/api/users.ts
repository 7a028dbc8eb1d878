import type { PageQuery } from './common';

export interface UserResponse {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  disabled: boolean;
  isSuperAdmin: boolean;
  mustChangePassword: boolean;
  /** Set while the account is locked out after failed logins. */
  lockedUntil: string | null;
  roleIds: string[];
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export interface CreateUserRequest {
  username: string;
  displayName: string;
  email?: string;
  /** Initial password; the user must change it at first login. */
  password: string;
}

export interface UpdateUserRequest {
  displayName?: string;
  email?: string | null;
  disabled?: boolean;
}

export interface ResetPasswordRequest {
  newPassword: string;
}

export type UserListQuery = PageQuery;
