import { describe, expect, it } from 'vitest';
import { deriveAuditAction } from './audit-action';

describe('deriveAuditAction', () => {
  it.each([
    ['POST', '/api/v1/users', 'users.create', 'users'],
    ['PATCH', '/api/v1/users/:id', 'users.update', 'users'],
    ['PUT', '/api/v1/settings/display', 'settings.display', 'settings'],
    ['DELETE', '/api/v1/device-groups/:id', 'device-groups.delete', 'device-groups'],
    ['POST', '/api/v1/users/:id/reset-password', 'users.reset-password', 'users'],
    ['POST', '/api/v1/roles/:id/copy', 'roles.copy', 'roles'],
    ['POST', '/api/v1/auth/login', 'auth.login', 'auth'],
    ['DELETE', '/api/v1/users/6f1c2b8e-3a4d-4e5f-9a0b-1c2d3e4f5a6b', 'users.delete', 'users'],
    ['POST', '/api/v1/nothing-here/x', 'nothing-here.x', 'nothing-here'],
  ])('%s %s → %s', (method, route, action, targetType) => {
    expect(deriveAuditAction(method, route)).toEqual({ action, targetType });
  });
});
