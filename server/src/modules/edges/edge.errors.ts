import {
  BadRequestError,
  ConflictError,
  FleetwardError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../common/errors';

/** Also answered for an edge outside the caller's scope: its existence is not revealed. */
export class EdgeNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('EDGE_NOT_FOUND', `Edge ${id} does not exist or is outside your edges.`);
  }
}

export class EdgeNameTakenError extends ConflictError {
  constructor(name: string) {
    super('EDGE_NAME_TAKEN', `An edge named "${name}" already exists; edge names are unique.`);
  }
}

/** Same rule as for device groups: a new edge goes to the creator's administered roles, or he could not see it. */
export class EdgeNoRoleToReceiveError extends ForbiddenError {
  constructor() {
    super(
      'EDGE_NO_ROLE_TO_RECEIVE',
      'You can register an edge only if you reach every edge or administer one of your roles that grants ' +
        'System Management: the new edge is added to such roles so that you can see it.',
    );
  }
}

/** One answer for an unknown, expired or already used activation code: which one is not revealed. */
export class EdgeActivationRefusedError extends UnauthenticatedError {
  constructor() {
    super(
      'EDGE_ACTIVATION_REFUSED',
      'The activation code is not valid: it may be mistyped, expired or already used. ' +
        'Issue a new one in System Management (Edges → New activation code).',
    );
  }
}

export class EdgeActivationRateLimitedError extends FleetwardError {
  constructor() {
    super({
      code: 'EDGE_ACTIVATION_RATE_LIMITED',
      message: 'Too many activation attempts from this address; wait a minute and try again.',
      status: 429,
    });
  }
}

export class EdgeCsrRejectedError extends BadRequestError {
  constructor(reason: string) {
    super('EDGE_CSR_INVALID', reason);
  }
}

export class EdgeHasDevicesError extends ConflictError {
  constructor(count: number) {
    super('EDGE_HAS_DEVICES', `The edge still has ${count} device(s): move or delete them first.`);
  }
}
