import type { CurrentUserResponse } from '@fleetward/contracts';
import { type Permission, permissionSatisfied } from '@fleetward/domain';

/** True when the user may use a feature that needs `required` (Super Admin holds everything). */
export function userHasPermission(user: CurrentUserResponse | null | undefined, required: Permission): boolean {
  if (!user) return false;
  if (user.isSuperAdmin) return true;
  return permissionSatisfied(new Set(user.permissions), required);
}

/** True when the user holds at least one of `anyOf`. */
export function userHasAnyPermission(
  user: CurrentUserResponse | null | undefined,
  anyOf: readonly Permission[],
): boolean {
  return anyOf.some((p) => userHasPermission(user, p));
}
