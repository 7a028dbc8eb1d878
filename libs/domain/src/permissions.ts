/**
 * Function permissions (SPEC §3). Stored by these string values in the database
 * and sent over the API; never rename a value without a migration.
 */
export enum Permission {
  /** Log in and read pages that need no role (system information). Every user holds it. */
  Public = 'public',
  /** CA / certificate profiles, WebDAV transport, mail server, display formats, edge registration, audit log. */
  SystemManagement = 'system-management',
  /** List, read, copy roles; edit / delete roles the caller administers. */
  RoleManagement = 'role-management',
  /** Create, edit, delete users; directory (AD) attribute mapping. */
  UserManagement = 'user-management',
  /** List, create, edit, delete device groups. */
  DeviceGroupManagement = 'device-group-management',
  /** Deliver templates, renew certificates, Scan & Reset (implies read-only). */
  DeviceManagementRw = 'device-management-rw',
  /** See devices and results only. */
  DeviceManagementRo = 'device-management-ro',
  /** List, import/export, create/edit/delete admin templates (not service settings). */
  AdminTemplateManagement = 'admin-template-management',
}

export const ALL_PERMISSIONS: readonly Permission[] = Object.values(Permission);

/** Permissions a role can grant (Public is implicit for every signed-in user). */
export const GRANTABLE_PERMISSIONS: readonly Permission[] = ALL_PERMISSIONS.filter((p) => p !== Permission.Public);

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (ALL_PERMISSIONS as readonly string[]).includes(value);
}

/**
 * True when `held` satisfies `required`. Device Management RW implies RO;
 * Public is satisfied by any authenticated caller.
 */
export function permissionSatisfied(held: ReadonlySet<Permission>, required: Permission): boolean {
  if (required === Permission.Public) return true;
  if (held.has(required)) return true;
  return required === Permission.DeviceManagementRo && held.has(Permission.DeviceManagementRw);
}
