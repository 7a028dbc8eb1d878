import type { AccessScope } from '@fleetward/domain';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { FleetwardError } from '../errors';
import type { AuthenticatedUser, FleetwardRequest } from './request-context';

function missing(what: string): never {
  throw new FleetwardError({ code: 'INTERNAL', message: `${what} missing on an authenticated route`, status: 500 });
}

/** The caller's AccessScope (union over his roles), set by the global guard. */
export const CurrentAccess = createParamDecorator((_data: unknown, ctx: ExecutionContext): AccessScope => {
  const req = ctx.switchToHttp().getRequest<FleetwardRequest>();
  return req.access ?? missing('request.access');
});

/** The authenticated caller (`request.user`). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const req = ctx.switchToHttp().getRequest<FleetwardRequest>();
  return req.user ?? missing('request.user');
});
