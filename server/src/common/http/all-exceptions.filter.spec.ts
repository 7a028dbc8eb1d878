import { type ArgumentsHost, BadRequestException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { FleetwardError, ForbiddenError, ValidationFailedError } from '../errors';
import { AllExceptionsFilter } from './all-exceptions.filter';

function respond(exception: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  const out = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
  const res = {
    headersSent: false,
    setHeader(name: string, value: string) {
      out.headers[name] = value;
      return this;
    },
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: unknown) {
      out.body = body;
      return this;
    },
  };
  const req = { method: 'POST', path: '/api/v1/things', correlationId: 'corr-1' };
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return out;
}

function run(exception: unknown): { status: number; body: unknown } {
  const { status, body } = respond(exception);
  return { status, body };
}

describe('AllExceptionsFilter', () => {
  it('maps domain errors to their status and stable code', () => {
    expect(run(new ForbiddenError('ROLE_NOT_ADMINISTRATOR', 'Only administrators may edit this role'))).toEqual({
      status: 403,
      body: {
        code: 'ROLE_NOT_ADMINISTRATOR',
        message: 'Only administrators may edit this role',
        correlationId: 'corr-1',
      },
    });
    expect(
      run(new FleetwardError({ code: 'EDGE_UNREACHABLE', status: 502, message: 'Edge Tokyo does not answer' })),
    ).toEqual({
      status: 502,
      body: { code: 'EDGE_UNREACHABLE', message: 'Edge Tokyo does not answer', correlationId: 'corr-1' },
    });
  });

  it('sends Retry-After (whole seconds) when a domain error names when to try again', () => {
    const limited = respond(
      new FleetwardError({ code: 'SOMETHING_LOCKED', status: 429, message: 'Wait', retryAfterSeconds: 899.2 }),
    );
    expect(limited).toEqual({
      status: 429,
      headers: { 'Retry-After': '900' },
      body: { code: 'SOMETHING_LOCKED', message: 'Wait', correlationId: 'corr-1' },
    });
    expect(respond(new ForbiddenError('NOPE', 'No')).headers).toEqual({});
    // An internal fault never advertises a retry time (its details are hidden).
    expect(
      respond(new FleetwardError({ code: 'X', status: 500, message: 'secret', retryAfterSeconds: 5 })).headers,
    ).toEqual({});
  });

  it('adds validation details', () => {
    expect(run(new ValidationFailedError([{ field: 'name', problems: ['name must be a string'] }])).body).toMatchObject(
      {
        code: 'VALIDATION_FAILED',
        details: [{ field: 'name', problems: ['name must be a string'] }],
      },
    );
  });

  it('hides unknown errors behind a 500 without their message', () => {
    expect(run(new Error('SQLITE_CORRUPT: database disk image is malformed at /srv/data'))).toEqual({
      status: 500,
      body: { code: 'INTERNAL_ERROR', message: 'Internal server error', correlationId: 'corr-1' },
    });
    expect(
      run(new FleetwardError({ code: 'SECRET_DECRYPTION_FAILED', status: 500, message: 'key abc' })).body,
    ).toMatchObject({
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
    });
  });

  it('maps framework errors: unknown routes, malformed JSON', () => {
    expect(run(new NotFoundException())).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'No such endpoint: POST /api/v1/things' },
    });
    expect(run(new BadRequestException('bad', { cause: new SyntaxError('Unexpected end') }))).toMatchObject({
      status: 400,
      body: { code: 'MALFORMED_BODY' },
    });
  });
});
