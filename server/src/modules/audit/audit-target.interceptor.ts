import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import type { FleetwardRequest } from '../../common/auth/request-context';

/** When a POST creates something, records the new id as the audit target (unless the route has one). */
@Injectable()
export class AuditTargetInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FleetwardRequest>();
    return next.handle().pipe(
      tap((body) => {
        if (req.method !== 'POST' || !req.audit || req.audit.targetId) return;
        const id = (body as { id?: unknown } | null | undefined)?.id;
        if (typeof id === 'string') req.audit.targetId = id;
      }),
    );
  }
}
