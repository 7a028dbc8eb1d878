import type { CurrentUserResponse } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { userHasPermission } from '../auth/permissions';
import { type TranslationKey } from '../i18n/en';

export interface FwNavItem {
  path: string;
  label: TranslationKey;
  icon: string;
  permission: Permission;
  testId: string;
}

/** Every console page with the permission it needs; the menu shows only what the user may open. */
export const NAV_ITEMS: readonly FwNavItem[] = [
  { path: '/', label: 'nav.home', icon: 'home', permission: Permission.Public, testId: 'nav-home' },
  { path: '/users', label: 'nav.users', icon: 'people', permission: Permission.UserManagement, testId: 'nav-users' },
  { path: '/roles', label: 'nav.roles', icon: 'badge', permission: Permission.RoleManagement, testId: 'nav-roles' },
  {
    path: '/devices',
    label: 'nav.devices',
    icon: 'print',
    permission: Permission.DeviceManagementRo,
    testId: 'nav-devices',
  },
  {
    path: '/alerts',
    label: 'nav.alerts',
    icon: 'notifications',
    permission: Permission.DeviceManagementRo,
    testId: 'nav-alerts',
  },
  {
    path: '/templates',
    label: 'nav.templates',
    icon: 'tune',
    permission: Permission.AdminTemplateManagement,
    testId: 'nav-templates',
  },
  {
    path: '/deliveries',
    label: 'nav.deliveries',
    icon: 'send',
    permission: Permission.DeviceManagementRo,
    testId: 'nav-deliveries',
  },
  {
    path: '/device-groups',
    label: 'nav.deviceGroups',
    icon: 'workspaces',
    permission: Permission.DeviceGroupManagement,
    testId: 'nav-device-groups',
  },
  { path: '/edges', label: 'nav.edges', icon: 'hub', permission: Permission.SystemManagement, testId: 'nav-edges' },
  { path: '/audit', label: 'nav.audit', icon: 'history', permission: Permission.SystemManagement, testId: 'nav-audit' },
  {
    path: '/settings',
    label: 'nav.settings',
    icon: 'settings',
    permission: Permission.SystemManagement,
    testId: 'nav-settings',
  },
  {
    path: '/mail-settings',
    label: 'nav.mailSettings',
    icon: 'mail',
    permission: Permission.SystemManagement,
    testId: 'nav-mail-settings',
  },
  { path: '/api-tokens', label: 'nav.apiTokens', icon: 'key', permission: Permission.Public, testId: 'nav-api-tokens' },
];

export function visibleNavItems(user: CurrentUserResponse | null): FwNavItem[] {
  if (!user || user.mustChangePassword) return [];
  return NAV_ITEMS.filter((item) => userHasPermission(user, item.permission));
}
