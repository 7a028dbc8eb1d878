import type { ErrorResponse } from '@fleetward/contracts';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { inspect } from 'node:util';
import type { FleetwardRequest } from '../auth/request-context';
import { FleetwardError } from '../errors';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'AUTHENTICATION_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * One place that turns every error into `{ code, message, correlationId }` (+ `details` for validation), with a
 * `Retry-After` header when the domain error names when to try again.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FleetwardRequest>();
    const res = http.getResponse<Response>();
    const correlationId = req.correlationId ?? 'none';
    const { status, body } = this.toResponse(exception, req, correlationId);
    if (res.headersSent) return;
    // Only beside a domain error's own answer: an internal fault (500) tells nothing about itself.
    if (exception instanceof FleetwardError && exception.retryAfterSeconds !== undefined && status !== 500) {
      res.setHeader('Retry-After', String(Math.max(0, Math.ceil(exception.retryAfterSeconds))));
    }
    res.status(status).json(body);
  }

  private toResponse(
    exception: unknown,
    req: FleetwardRequest,
    correlationId: string,
  ): { status: number; body: ErrorResponse } {
    // Domain errors keep their code; a 502/503 (an edge or a mail server is unreachable) is an expected
    // operational answer too. Only a plain 500 is an internal fault whose message is not shown.
    if (exception instanceof FleetwardError && exception.status !== 500) {
      const body: ErrorResponse = { code: exception.code, message: exception.message, correlationId };
      if (exception.details) body.details = exception.details;
      if (exception.status >= 500)
        this.logger.warn(`${req.method} ${req.path} [${correlationId}] ${exception.code}: ${exception.message}`);
      return { status: exception.status, body };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      if (status === 400 && exception.cause instanceof SyntaxError) {
        return {
          status,
          body: { code: 'MALFORMED_BODY', message: 'The request body is not valid JSON', correlationId },
        };
      }
      if (status === 413) {
        return { status, body: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large', correlationId } };
      }
      return {
        status,
        body: { code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message: httpMessage(exception, req), correlationId },
      };
    }
    // Body-parser errors (malformed JSON, too large) arrive as plain errors with a status.
    const parserStatus = bodyParserStatus(exception);
    if (parserStatus !== undefined) {
      const code = parserStatus === 413 ? 'PAYLOAD_TOO_LARGE' : 'MALFORMED_BODY';
      const message = parserStatus === 413 ? 'The request body is too large' : 'The request body is not valid JSON';
      return { status: parserStatus, body: { code, message, correlationId } };
    }
    const code = exception instanceof FleetwardError ? exception.code : 'INTERNAL_ERROR';
    this.logger.error(
      `${req.method} ${req.path} failed [${correlationId}] ${code}`,
      exception instanceof Error ? describe(exception) : String(exception),
    );
    return { status: 500, body: { code: 'INTERNAL_ERROR', message: 'Internal server error', correlationId } };
  }
}

function httpMessage(exception: HttpException, req: FleetwardRequest): string {
  if (exception.getStatus() === 404) return `No such endpoint: ${req.method} ${req.path}`;
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}

function bodyParserStatus(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const e = exception as { type?: unknown; status?: unknown };
  if (typeof e.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) return e.status;
  return undefined;
}

function describe(error: Error): string {
  let text = error.stack ?? `${error.name}: ${error.message}`;
  let cause: unknown = error.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    text += `\nCaused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : inspect(cause)}`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return text;
}
