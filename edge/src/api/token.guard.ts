import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { UnauthorizedError } from '../common/edge-error';
import { EdgeAuth, SERVER_CLIENT_CN } from './edge-auth';

/**
 * Every route needs the caller to be the server: on an activated edge a TLS client certificate issued by the
 * server's edge CA with CN fleetward-server (the bearer token alone is not enough); in the manual fallback
 * `Authorization: Bearer <FLEETWARD_EDGE_TOKEN>` (compared in constant time).
 */
@Injectable()
export class EdgeTokenGuard implements CanActivate {
  constructor(@Inject(EdgeAuth) private readonly auth: EdgeAuth) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const mode = this.auth.mode;
    switch (mode.kind) {
      case 'pending':
        throw new UnauthorizedError('this edge is not activated yet');
      case 'mutualTls': {
        const socket = req.socket as TLSSocket;
        if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) {
          throw new UnauthorizedError('a client certificate issued by the Fleetward server is required');
        }
        const cn = socket.getPeerCertificate().subject?.CN;
        if (cn !== SERVER_CLIENT_CN) throw new UnauthorizedError('the client certificate is not the server');
        return true;
      }
      case 'token': {
        const header = req.headers.authorization ?? '';
        const m = /^Bearer\s+(.+)$/i.exec(header);
        const given = createHash('sha256')
          .update(m ? m[1]!.trim() : '')
          .digest();
        if (!m || !timingSafeEqual(given, mode.tokenHash)) {
          throw new UnauthorizedError('missing or invalid edge token');
        }
        return true;
      }
    }
  }
}
