import type { PageQuery } from './common';

export interface AuditEntryResponse {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  /** `<resource>.<verb>`, e.g. `users.create`, `roles.copy`, `auth.login`. */
  action: string;
  method: string;
  path: string;
  targetType: string | null;
  targetId: string | null;
  outcome: 'success' | 'failure';
  statusCode: number;
  correlationId: string;
  ip: string | null;
}

export interface AuditQuery extends PageQuery {
  actorId?: string;
  action?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
}
