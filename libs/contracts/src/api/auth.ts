import type { Permission } from '@fleetward/domain';

export interface LoginRequest {
  username: string;
  password: string;
}

export interface TokenPair {
  /** Short-lived JWT for `Authorization: Bearer`. */
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Opaque, single use: each refresh returns a new one; reusing an old one revokes the session. */
  refreshToken: string;
  refreshExpiresAt: string;
}

export interface LoginResponse extends TokenPair {
  user: CurrentUserResponse;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface LogoutRequest {
  refreshToken: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** The signed-in user with the effective rights of all his roles. */
export interface CurrentUserResponse {
  id: string;
  username: string;
  displayName: string;
  isSuperAdmin: boolean;
  /** While true, every call except change-password, me and logout answers 403 PASSWORD_CHANGE_REQUIRED. */
  mustChangePassword: boolean;
  permissions: Permission[];
  allDeviceGroups: boolean;
  deviceGroupIds: string[];
  allEdges: boolean;
  edgeIds: string[];
}

export interface ApiTokenResponse {
  id: string;
  name: string;
  /** First characters of the token, to recognise it in lists. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface CreateApiTokenRequest {
  name: string;
  /** ISO date; absent = no expiry. */
  expiresAt?: string;
}

export interface CreatedApiTokenResponse extends ApiTokenResponse {
  /** Shown once; only its hash is stored. */
  token: string;
}
