import type { AccessScope } from '@fleetward/domain';
import type { Request } from 'express';

/** The authenticated caller, attached by the global AuthGuard as `request.user`. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  displayName: string;
  isSuperAdmin: boolean;
  mustChangePassword: boolean;
  /** How the caller authenticated. */
  via: 'jwt' | 'api-token';
  /** Session (refresh-token family) of a JWT caller; absent for API tokens. */
  sessionId?: string;
  /** Id of the API token used, if any. */
  apiTokenId?: string;
}

/** What the audit recorder learns while a request runs (never a body or secret). */
export interface AuditContext {
  action?: string;
  targetType?: string | null;
  targetId?: string | null;
  /** Actor name when there is no authenticated user (e.g. the username of a login attempt). */
  actorName?: string;
  actorId?: string;
  skip?: boolean;
}

export interface FleetwardRequest extends Request {
  user?: AuthenticatedUser;
  access?: AccessScope;
  correlationId?: string;
  audit?: AuditContext;
}
