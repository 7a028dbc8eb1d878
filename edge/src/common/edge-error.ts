/**
 * Base of every edge domain error: a stable machine-readable `code` and a human message.
 * The API's exception filter maps `httpStatus` and returns `{ code, message, correlationId }`.
 */
export abstract class EdgeError extends Error {
  abstract readonly code: string;
  readonly httpStatus: number = 500;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidRequestError extends EdgeError {
  readonly code = 'INVALID_REQUEST';
  override readonly httpStatus = 400;
  constructor(
    message: string,
    readonly details: { field: string; problems: string[] }[] = [],
  ) {
    super(message);
  }
}

export class UnauthorizedError extends EdgeError {
  readonly code = 'UNAUTHORIZED';
  override readonly httpStatus = 401;
}
