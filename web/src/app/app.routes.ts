import { inject } from '@angular/core';
import { type Routes } from '@angular/router';
import { Permission } from '@fleetward/domain';
import { anonymousGuard, authenticatedGuard, passwordChangeGuard, permissionGuard } from './core/auth/auth.guards';
import { FwAuthService } from './core/auth/auth.service';

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [anonymousGuard],
    loadComponent: () => import('./pages/login/login.page').then((m) => m.FwLoginPage),
  },
  {
    path: 'change-password',
    canActivate: [passwordChangeGuard],
    loadComponent: () => import('./pages/change-password/change-password.page').then((m) => m.FwChangePasswordPage),
  },
  {
    path: '',
    canActivate: [authenticatedGuard],
    children: [
      {
        // Landing page: the dashboard for users who see devices, the plain home page for the others.
        path: '',
        pathMatch: 'full',
        canMatch: [() => inject(FwAuthService).can(Permission.DeviceManagementRo)],
        loadComponent: () => import('./pages/dashboard/dashboard.page').then((m) => m.FwDashboardPage),
      },
      { path: '', pathMatch: 'full', loadComponent: () => import('./pages/home/home.page').then((m) => m.FwHomePage) },
      {
        path: 'alerts',
        canActivate: [permissionGuard(Permission.DeviceManagementRo)],
        loadComponent: () => import('./pages/alerts/alerts.page').then((m) => m.FwAlertsPage),
      },
      {
        path: 'users',
        canActivate: [permissionGuard(Permission.UserManagement)],
        loadComponent: () => import('./pages/users/users.page').then((m) => m.FwUsersPage),
      },
      {
        path: 'roles',
        canActivate: [permissionGuard(Permission.RoleManagement)],
        loadComponent: () => import('./pages/roles/roles.page').then((m) => m.FwRolesPage),
      },
      {
        path: 'devices',
        canActivate: [permissionGuard(Permission.DeviceManagementRo)],
        loadComponent: () => import('./pages/devices/devices.page').then((m) => m.FwDevicesPage),
      },
      {
        path: 'devices/:id',
        canActivate: [permissionGuard(Permission.DeviceManagementRo)],
        loadComponent: () => import('./pages/devices/device.page').then((m) => m.FwDevicePage),
      },
      {
        path: 'templates',
        canActivate: [permissionGuard(Permission.AdminTemplateManagement)],
        loadComponent: () => import('./pages/templates/templates.page').then((m) => m.FwTemplatesPage),
      },
      {
        path: 'deliveries',
        canActivate: [permissionGuard(Permission.DeviceManagementRo)],
        loadComponent: () => import('./pages/deliveries/deliveries.page').then((m) => m.FwDeliveriesPage),
      },
      {
        path: 'device-groups',
        canActivate: [permissionGuard(Permission.DeviceGroupManagement)],
        loadComponent: () => import('./pages/device-groups/device-groups.page').then((m) => m.FwDeviceGroupsPage),
      },
      {
        path: 'edges',
        canActivate: [permissionGuard(Permission.SystemManagement)],
        loadComponent: () => import('./pages/edges/edges.page').then((m) => m.FwEdgesPage),
      },
      {
        path: 'audit',
        canActivate: [permissionGuard(Permission.SystemManagement)],
        loadComponent: () => import('./pages/audit/audit.page').then((m) => m.FwAuditPage),
      },
      {
        path: 'settings',
        canActivate: [permissionGuard(Permission.SystemManagement)],
        loadComponent: () => import('./pages/settings/settings.page').then((m) => m.FwSettingsPage),
      },
      {
        path: 'mail-settings',
        canActivate: [permissionGuard(Permission.SystemManagement)],
        loadComponent: () => import('./pages/mail-settings/mail-settings.page').then((m) => m.FwMailSettingsPage),
      },
      {
        path: 'api-tokens',
        loadComponent: () => import('./pages/api-tokens/api-tokens.page').then((m) => m.FwApiTokensPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
