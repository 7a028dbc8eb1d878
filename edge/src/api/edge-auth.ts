import { createHash } from 'node:crypto';

/** Common name of the client certificate the server presents (issued by its edge CA). */
export const SERVER_CLIENT_CN = 'fleetward-server';

/**
 * How callers of the edge API authenticate, decided by startEdge:
 * - `mutualTls`: activated edge; only TLS clients whose certificate chains to the server's edge CA and names
 *   CN fleetward-server (a bearer token alone is refused);
 * - `token`: manual fallback, `Authorization: Bearer <FLEETWARD_EDGE_TOKEN>`;
 * - `pending`: activation still running: everything is refused.
 */
export type EdgeAuthMode = { kind: 'mutualTls' } | { kind: 'token'; tokenHash: Buffer } | { kind: 'pending' };

/** Mutable holder (startEdge switches `pending` → `mutualTls` once activation succeeded). */
export class EdgeAuth {
  constructor(public mode: EdgeAuthMode) {}

  static token(token: string): EdgeAuth {
    return new EdgeAuth({ kind: 'token', tokenHash: createHash('sha256').update(token).digest() });
  }
}
