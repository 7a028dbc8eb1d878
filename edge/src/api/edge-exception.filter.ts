import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { EdgeError, InvalidRequestError } from '../common/edge-error';

/** Maps errors to `{ code, message, correlationId }`; unknown errors become 500 and are logged with their cause. */
@Catch()
export class EdgeExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('EdgeApi');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const header = req.headers['x-correlation-id'];
    const correlationId = typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
    if (error instanceof EdgeError) {
      res.status(error.httpStatus).json({
        code: error.code,
        message: error.message,
        correlationId,
        ...(error instanceof InvalidRequestError && error.details.length > 0 ? { details: error.details } : {}),
      });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code =
        status === 404
          ? 'NOT_FOUND'
          : status === 413
            ? 'PAYLOAD_TOO_LARGE'
            : status === 400
              ? 'INVALID_REQUEST'
              : `HTTP_${status}`;
      res.status(status).json({ code, message: error.message, correlationId });
      return;
    }
    this.logger.error(
      `unhandled error (${correlationId}) on ${req.method} ${req.path}`,
      error instanceof Error ? error.stack : String(error),
    );
    res.status(500).json({ code: 'INTERNAL', message: 'Internal server error', correlationId });
  }
}
