import { type Permission, permissionSatisfied } from '@fleetward/domain';
import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { deriveAuditAction } from '../../common/audit/audit-action';
import { AUDIT_ACTION_KEY } from '../../common/audit/audit.decorator';
import {
  ALLOW_WHILE_PASSWORD_CHANGE_KEY,
  REQUIRED_PERMISSIONS_KEY,
  UNAUTHENTICATED_KEY,
} from '../../common/auth/auth.metadata';
import type { FleetwardRequest } from '../../common/auth/request-context';
import { PasswordChangeRequiredError, PermissionDeniedError, RouteNotDeclaredError } from './auth.errors';
import { AuthService } from './auth.service';

/**
 * Global guard, default deny: a route needs `@RequirePermission(…)` or `@Unauthenticated()`.
 * Attaches `request.user` and `request.access`, and the audit action/target for the audit recorder.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const req = context.switchToHttp().getRequest<FleetwardRequest>();
    const targets = [context.getHandler(), context.getClass()];
    this.describeForAudit(req, context);

    if (this.reflector.getAllAndOverride<boolean | undefined>(UNAUTHENTICATED_KEY, targets) === true) return true;
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS_KEY, targets);
    if (!required || required.length === 0) {
      this.logger.error(`${req.method} ${req.path} declares no permission: denied`);
      throw new RouteNotDeclaredError();
    }

    const { user, access } = await this.auth.authenticate(req.header('authorization'));
    req.user = user;
    req.access = access;
    if (
      user.mustChangePassword &&
      this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_WHILE_PASSWORD_CHANGE_KEY, targets) !== true
    ) {
      throw new PasswordChangeRequiredError();
    }
    if (!required.some((p) => permissionSatisfied(access.permissions, p))) throw new PermissionDeniedError(required);
    return true;
  }

  private describeForAudit(req: FleetwardRequest, context: ExecutionContext): void {
    const routePath =
      typeof (req.route as { path?: unknown } | undefined)?.path === 'string'
        ? (req.route as { path: string }).path
        : req.path;
    const derived = deriveAuditAction(req.method, routePath);
    const declared = this.reflector.get<string | undefined>(AUDIT_ACTION_KEY, context.getHandler());
    const params = req.params as Record<string, string | undefined>;
    req.audit = {
      ...req.audit,
      action: declared ?? derived.action,
      targetType: declared?.split('.')[0] ?? derived.targetType,
      targetId: params.id ?? req.audit?.targetId ?? null,
    };
  }
}
