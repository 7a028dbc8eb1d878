import { EdgeError } from '../../common/edge-error';

/** An SMB operation failed; `code` says how (the driver maps these once, at its boundary). */
export class SmbError extends EdgeError {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class SmbAuthError extends SmbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMB_AUTH_FAILED', message, options);
  }
}

export class SmbUnreachableError extends SmbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMB_UNREACHABLE', message, options);
  }
}
