import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../common/edge-error';
import type { EdgeConfig } from '../config/env.schema';
import { EDGE_CONFIG } from './edge.tokens';

/** Every route needs `Authorization: Bearer <FLEETWARD_EDGE_TOKEN>` (compared in constant time). */
@Injectable()
export class EdgeTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(EDGE_CONFIG) config: EdgeConfig) {
    this.expected = createHash('sha256').update(config.token).digest();
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    const given = createHash('sha256')
      .update(m ? m[1]!.trim() : '')
      .digest();
    if (!m || !timingSafeEqual(given, this.expected)) throw new UnauthorizedError('missing or invalid edge token');
    return true;
  }
}
