import type { NextFunction, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { FleetwardRequest } from '../auth/request-context';

export const CORRELATION_HEADER = 'X-Correlation-Id';
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,100}$/;

/** Takes X-Correlation-Id when well-formed, else generates one; echoes it in the response header. */
export function correlationIdMiddleware(req: FleetwardRequest, res: Response, next: NextFunction): void {
  const given = req.header(CORRELATION_HEADER);
  req.correlationId = given !== undefined && WELL_FORMED.test(given) ? given : randomUUID();
  res.setHeader(CORRELATION_HEADER, req.correlationId);
  next();
}
