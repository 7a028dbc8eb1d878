import { describe, expect, it } from 'vitest';
import { Permission, permissionSatisfied } from './permissions';

describe('permissionSatisfied', () => {
  it('lets Device Management RW satisfy RO but not the reverse', () => {
    expect(permissionSatisfied(new Set([Permission.DeviceManagementRw]), Permission.DeviceManagementRo)).toBe(true);
    expect(permissionSatisfied(new Set([Permission.DeviceManagementRo]), Permission.DeviceManagementRw)).toBe(false);
  });

  it('satisfies Public for any caller and denies anything not held', () => {
    expect(permissionSatisfied(new Set(), Permission.Public)).toBe(true);
    expect(permissionSatisfied(new Set([Permission.RoleManagement]), Permission.UserManagement)).toBe(false);
  });
});
