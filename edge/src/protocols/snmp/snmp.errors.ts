import { EdgeError } from '../../common/edge-error';

/** Stable codes for SNMP failures (same names as the failed-poll contract). */
export type SnmpErrorCode =
  | 'timeout'
  | 'unreachable'
  | 'unknownUser'
  | 'wrongAuthentication'
  | 'decryptionError'
  | 'unsupportedSecurityLevel'
  | 'notInTimeWindow'
  | 'unknownEngineId'
  | 'noSuchName'
  | 'malformedResponse'
  | 'error';

export abstract class SnmpError extends EdgeError {
  abstract override readonly code: SnmpErrorCode;
  override readonly httpStatus = 502;
  /** True when the failure is about credentials: retrying with the same ones cannot help. */
  readonly isAuthFailure: boolean = false;
}

export class SnmpTimeoutError extends SnmpError {
  readonly code = 'timeout';
}
export class SnmpUnreachableError extends SnmpError {
  readonly code = 'unreachable';
}
export class SnmpUnknownUserError extends SnmpError {
  readonly code = 'unknownUser';
  override readonly isAuthFailure = true;
}
export class SnmpWrongAuthenticationError extends SnmpError {
  readonly code = 'wrongAuthentication';
  override readonly isAuthFailure = true;
}
export class SnmpDecryptionError extends SnmpError {
  readonly code = 'decryptionError';
  override readonly isAuthFailure = true;
}
export class SnmpUnsupportedSecurityLevelError extends SnmpError {
  readonly code = 'unsupportedSecurityLevel';
  override readonly isAuthFailure = true;
}
export class SnmpNotInTimeWindowError extends SnmpError {
  readonly code = 'notInTimeWindow';
  override readonly isAuthFailure = true;
}
export class SnmpUnknownEngineIdError extends SnmpError {
  readonly code = 'unknownEngineId';
  override readonly isAuthFailure = true;
}
export class SnmpNoSuchNameError extends SnmpError {
  readonly code = 'noSuchName';
  constructor(
    message: string,
    readonly oid: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
export class SnmpMalformedResponseError extends SnmpError {
  readonly code = 'malformedResponse';
}
export class SnmpRequestFailedError extends SnmpError {
  readonly code = 'error';
  constructor(
    message: string,
    /** SNMP error-status name, e.g. "TooBig", "GeneralError". */
    readonly status: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** usmStats report OIDs (RFC 3414) → error class. */
export const USM_STATS_OIDS = {
  unsupportedSecLevels: '1.3.6.1.6.3.15.1.1.1.0',
  notInTimeWindows: '1.3.6.1.6.3.15.1.1.2.0',
  unknownUserNames: '1.3.6.1.6.3.15.1.1.3.0',
  unknownEngineIds: '1.3.6.1.6.3.15.1.1.4.0',
  wrongDigests: '1.3.6.1.6.3.15.1.1.5.0',
  decryptionErrors: '1.3.6.1.6.3.15.1.1.6.0',
} as const;

// net-snmp codes (ResponseInvalidCode) we rely on.
const E_COULD_NOT_DECRYPT = 4;
const E_AUTH_FAILURE = 5;
const E_NOT_IN_TIME_WINDOW = 14;
const ERROR_STATUS_NAMES = [
  'NoError',
  'TooBig',
  'NoSuchName',
  'BadValue',
  'ReadOnly',
  'GeneralError',
  'NoAccess',
  'WrongType',
  'WrongLength',
  'WrongEncoding',
  'WrongValue',
  'NoCreation',
  'InconsistentValue',
  'ResourceUnavailable',
  'CommitFailed',
  'UndoFailed',
  'AuthorizationError',
  'NotWritable',
  'InconsistentName',
];

const UNREACHABLE_CODES = new Set([
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNREFUSED',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Maps an error raised by net-snmp to a named SnmpError. net-snmp turns a usmStats report PDU into a
 * ResponseInvalidError (code EAuthFailure) whose message is the usmStats name; the mapping reads that.
 */
export function mapNetSnmpError(error: unknown, context: { host: string; port: number }): SnmpError {
  if (error instanceof SnmpError) return error;
  const where = `${context.host}:${context.port}`;
  const err = error instanceof Error ? error : new Error(String(error));
  const name = err.name;
  const message = err.message ?? '';
  const code = (err as { code?: unknown }).code;
  const status = (err as { status?: unknown }).status;

  if (name === 'RequestTimedOutError') {
    return new SnmpTimeoutError(`no answer from ${where} (device down, wrong address/port, or wrong community)`, {
      cause: err,
    });
  }
  if (name === 'ResponseInvalidError') {
    if (code === E_AUTH_FAILURE) {
      if (/Unknown User Name/i.test(message)) {
        return new SnmpUnknownUserError(`${where} does not know this SNMPv3 user (usmStatsUnknownUserNames)`, {
          cause: err,
        });
      }
      if (/Wrong Digest/i.test(message) || /Authentication digest/i.test(message)) {
        return new SnmpWrongAuthenticationError(
          `${where} rejected the SNMPv3 authentication (wrong auth key or protocol, usmStatsWrongDigests)`,
          { cause: err },
        );
      }
      if (/Decryption Error/i.test(message)) {
        return new SnmpDecryptionError(
          `${where} could not decrypt the request (wrong privacy key or protocol, usmStatsDecryptionErrors)`,
          { cause: err },
        );
      }
      if (/Unsupported Security Level/i.test(message)) {
        return new SnmpUnsupportedSecurityLevelError(
          `${where} does not support this security level for the user (usmStatsUnsupportedSecLevels)`,
          { cause: err },
        );
      }
      if (/Not In Time Window/i.test(message)) {
        return new SnmpNotInTimeWindowError(`${where}: request outside the time window (usmStatsNotInTimeWindows)`, {
          cause: err,
        });
      }
      if (/Unknown Engine ID/i.test(message)) {
        return new SnmpUnknownEngineIdError(`${where}: unknown engine ID (usmStatsUnknownEngineIDs)`, { cause: err });
      }
      return new SnmpWrongAuthenticationError(`${where}: SNMPv3 authentication failed: ${message}`, { cause: err });
    }
    if (code === E_COULD_NOT_DECRYPT) {
      return new SnmpDecryptionError(`could not decrypt the answer of ${where} (wrong privacy key or protocol)`, {
        cause: err,
      });
    }
    if (code === E_NOT_IN_TIME_WINDOW) {
      return new SnmpNotInTimeWindowError(`${where}: answer outside the SNMPv3 time window`, { cause: err });
    }
    return new SnmpMalformedResponseError(`malformed answer from ${where}: ${message}`, { cause: err });
  }
  if (name === 'RequestFailedError') {
    const statusName = typeof status === 'number' ? (ERROR_STATUS_NAMES[status] ?? `status${status}`) : null;
    if (status === 2) {
      const oid = /:\s*([\d.]+)\s*$/.exec(message)?.[1] ?? null;
      return new SnmpNoSuchNameError(`${where}: noSuchName${oid ? ` ${oid}` : ''}`, oid, { cause: err });
    }
    return new SnmpRequestFailedError(`${where} answered with error ${message}`, statusName, { cause: err });
  }
  if (code === 'ERR_OSSL_EVP_UNSUPPORTED') {
    return new SnmpRequestFailedError(
      `SNMPv3 privacy cipher not available in this Node.js/OpenSSL build (DES needs the OpenSSL legacy provider: start node with --openssl-legacy-provider) for ${where}`,
      null,
      { cause: err },
    );
  }
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) {
    return new SnmpUnreachableError(`${where} is unreachable (${code})`, { cause: err });
  }
  if (/Socket forcibly closed/i.test(message)) {
    return new SnmpRequestFailedError(`session to ${where} was closed`, null, { cause: err });
  }
  return new SnmpRequestFailedError(`SNMP request to ${where} failed: ${message}`, null, { cause: err });
}
