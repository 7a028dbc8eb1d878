import { BadRequestError, NotFoundError } from '../../common/errors';

/** Also answered for an expired run (its credentials are gone) and for a run of another edge. */
export class DiscoveryRunNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('DISCOVERY_RUN_NOT_FOUND', `Discovery run ${id} does not exist or has expired (runs are kept 24 hours).`);
  }
}

/** The edge refused the scan (a range it cannot parse or one larger than it allows). */
export class DiscoveryRejectedError extends BadRequestError {
  constructor(reason: string) {
    super('DISCOVERY_REJECTED', `The edge refused the discovery: ${reason}`);
  }
}
