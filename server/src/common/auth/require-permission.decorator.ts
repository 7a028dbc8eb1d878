import { type Permission } from '@fleetward/domain';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { REQUIRED_PERMISSION_EXTENSION, REQUIRED_PERMISSIONS_KEY, UNAUTHENTICATED_KEY } from './auth.metadata';

/**
 * The caller needs `permission` or any of `anyOf` (Device Management RW satisfies RO).
 * Every route declares this or `@Unauthenticated()`; the global guard denies anything else.
 * Adds `x-required-permission` to the OpenAPI operation.
 */
export function RequirePermission(permission: Permission, ...anyOf: Permission[]): MethodDecorator & ClassDecorator {
  const permissions = [permission, ...anyOf];
  return applyDecorators(
    SetMetadata(REQUIRED_PERMISSIONS_KEY, permissions),
    ApiExtension(REQUIRED_PERMISSION_EXTENSION, permissions),
    ApiBearerAuth(),
  );
}

/** The route needs no credentials (login, refresh, health). */
export function Unauthenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(UNAUTHENTICATED_KEY, true),
    ApiExtension(REQUIRED_PERMISSION_EXTENSION, 'unauthenticated'),
  );
}
