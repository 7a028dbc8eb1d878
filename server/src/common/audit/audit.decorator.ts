import { SetMetadata } from '@nestjs/common';

export const AUDIT_ACTION_KEY = 'fleetward:audit-action';
export const AUDIT_TARGET_TYPE_KEY = 'fleetward:audit-target-type';

/**
 * Names the audit action of a state-changing route (`<resource>.<verb>`, e.g. `roles.copy`).
 * Without it the action is derived from the route: `/api/v1/users/:id/reset-password` → `users.reset-password`,
 * `POST /api/v1/users` → `users.create`, `PATCH` → `.update`, `PUT` → `.replace`, `DELETE` → `.delete`.
 */
export const Audit = (action: string): MethodDecorator => SetMetadata(AUDIT_ACTION_KEY, action);
