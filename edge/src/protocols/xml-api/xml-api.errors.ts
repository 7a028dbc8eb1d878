import { EdgeError } from '../../common/edge-error';

/** The device refused the administrator password (AUTH_FAILED document). */
export class DeviceAuthError extends EdgeError {
  readonly code = 'DEVICE_AUTH_FAILED';
  override readonly httpStatus = 502;
}

/** The device did not answer in time. */
export class DeviceTimeoutError extends EdgeError {
  readonly code = 'DEVICE_UNREACHABLE';
  override readonly httpStatus = 502;
}

/** No connection (refused, reset, no route, TLS handshake failed). */
export class DeviceUnreachableError extends EdgeError {
  readonly code = 'DEVICE_UNREACHABLE';
  override readonly httpStatus = 502;
}

/** The device answered with something that is not a document of the contract, or refused our request as malformed. */
export class DeviceMalformedAnswerError extends EdgeError {
  readonly code = 'TRANSPORT_FAILED';
  override readonly httpStatus = 502;
}
