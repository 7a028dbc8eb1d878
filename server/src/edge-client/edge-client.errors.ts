import { FleetwardError } from '../common/errors';

/** The edge could not be reached: connection refused, TLS failure (pinned certificate mismatch), timeout. */
export class EdgeUnreachableError extends FleetwardError {
  constructor(edgeName: string, reason: string, cause?: unknown) {
    super({ code: 'EDGE_UNREACHABLE', message: `Edge "${edgeName}" is unreachable: ${reason}`, status: 502, cause });
  }
}

/** The edge answered, but refused the request (bad token, bad request) or sent something that is not its API. */
export class EdgeRejectedError extends FleetwardError {
  readonly httpStatus: number | null;

  constructor(edgeName: string, httpStatus: number | null, reason: string) {
    super({
      code: 'EDGE_REJECTED',
      message: `Edge "${edgeName}" rejected the request${httpStatus === null ? '' : ` (HTTP ${httpStatus})`}: ${reason}`,
      status: 502,
    });
    this.httpStatus = httpStatus;
  }
}

/** The edge record lacks what a call needs (URL or token). */
export class EdgeNotConfiguredError extends FleetwardError {
  constructor(edgeName: string, missing: string) {
    super({
      code: 'EDGE_NOT_CONFIGURED',
      message: `Edge "${edgeName}" has no ${missing}: set it with PATCH /api/v1/edges/:id.`,
      status: 409,
    });
  }
}
