import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { deriveAuditAction } from '../../common/audit/audit-action';
import type { FleetwardRequest } from '../../common/auth/request-context';
import { Clock } from '../../common/clock/clock';
import { newId } from '../../infra/database/column-types';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Records every state-changing API request when its response is finished, including requests the guard
 * refused and failed logins. Never records a body, a header or a secret: only who, what, target, outcome.
 * Runs as Express middleware (not a Nest interceptor) so refusals by the guard are recorded too.
 */
@Injectable()
export class AuditRecorder implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly repository: AuditRepository,
    private readonly clock: Clock,
  ) {}

  middleware(): (req: FleetwardRequest, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      if (STATE_CHANGING.has(req.method) && req.path.startsWith('/api/')) {
        const at = this.clock.now();
        res.on('finish', () => this.track(this.record(req, res.statusCode, at)));
      }
      next();
    };
  }

  /** Waits for entries still being written (readers call it so a request sees the entries before it). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Entries of the last requests are written before the database connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private track(write: Promise<void>): void {
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  private async record(req: FleetwardRequest, statusCode: number, at: Date): Promise<void> {
    const derived = deriveAuditAction(req.method, req.path);
    const audit = req.audit ?? {};
    if (audit.skip) return;
    const entry = Object.assign(new AuditEntryEntity(), {
      id: newId(),
      at,
      actorId: req.user?.id ?? audit.actorId ?? null,
      actorName: (req.user?.username ?? audit.actorName ?? null)?.slice(0, 200) ?? null,
      action: (audit.action ?? derived.action).slice(0, 100),
      method: req.method,
      path: (req.originalUrl.split('?')[0] ?? req.path).slice(0, 500),
      targetType: audit.targetType !== undefined ? audit.targetType : derived.targetType,
      targetId: audit.targetId?.slice(0, 200) ?? null,
      outcome: statusCode < 400 ? 'success' : 'failure',
      statusCode,
      correlationId: req.correlationId ?? 'none',
      ip: req.socket.remoteAddress?.slice(0, 64) ?? null,
    });
    try {
      await this.repository.insert(entry);
    } catch (error) {
      this.logger.error(
        `Could not write the audit entry for ${entry.action} [${entry.correlationId}]`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}
