/** HTTP status a domain error suggests; the global filter uses it, services never import HTTP types. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 423 | 429 | 500 | 502 | 503;

export interface FleetwardErrorOptions {
  /** Stable machine-readable code, e.g. `ROLE_COPY_NOT_MEMBER`. Never change a published code. */
  code: string;
  message: string;
  status?: ErrorStatus;
  cause?: unknown;
  /** Validation failures: one entry per bad field. */
  details?: { field: string; problems: string[] }[];
  /** 429 / 503: whole seconds after which a retry may succeed; the filter sends it as `Retry-After`. */
  retryAfterSeconds?: number;
}

/** Base of every domain error: a stable `code`, a status hint, a human message and an optional cause. */
export class FleetwardError extends Error {
  readonly code: string;
  readonly status: ErrorStatus;
  readonly details?: { field: string; problems: string[] }[];
  readonly retryAfterSeconds?: number;

  constructor(options: FleetwardErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status ?? 500;
    if (options.details) this.details = options.details;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** 400: the request is well-formed JSON but breaks a rule. */
export class BadRequestError extends FleetwardError {
  constructor(code: string, message: string, cause?: unknown) {
    super({ code, message, status: 400, cause });
  }
}

/** 401: no valid credentials. */
export class UnauthenticatedError extends FleetwardError {
  constructor(code: string, message: string) {
    super({ code, message, status: 401 });
  }
}

/** 403: authenticated, but a permission or a rule forbids it. */
export class ForbiddenError extends FleetwardError {
  constructor(code: string, message: string) {
    super({ code, message, status: 403 });
  }
}

/** 404: the resource does not exist (or is outside the caller's scope, which must not be revealed). */
export class NotFoundError extends FleetwardError {
  constructor(code: string, message: string) {
    super({ code, message, status: 404 });
  }
}

/** 409: the request conflicts with the current state (duplicate name, …). */
export class ConflictError extends FleetwardError {
  constructor(code: string, message: string) {
    super({ code, message, status: 409 });
  }
}

/** 400 with one entry per bad field; produced by the global ValidationPipe. */
export class ValidationFailedError extends FleetwardError {
  constructor(details: { field: string; problems: string[] }[]) {
    const fields = details.map((d) => d.field).join(', ');
    super({ code: 'VALIDATION_FAILED', message: `The request is invalid: ${fields}`, status: 400, details });
  }
}
