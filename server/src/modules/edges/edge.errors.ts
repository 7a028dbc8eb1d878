import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors';

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
