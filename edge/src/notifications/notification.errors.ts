import { EdgeError } from '../common/edge-error';

/** The connection's source address is not a device this edge polls (nor in FLEETWARD_EDGE_NOTIFY_ALLOW). */
export class UnknownSenderError extends EdgeError {
  readonly code = 'UNKNOWN_SENDER';
  override readonly httpStatus = 403;
}

/** The notification body is larger than DEVICE_EVENT_MAX_BYTES. */
export class EventTooLargeError extends EdgeError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  override readonly httpStatus = 413;
}

/** The sender pushed more events than its rate limit allows. */
export class SenderRateLimitedError extends EdgeError {
  readonly code = 'RATE_LIMITED';
  override readonly httpStatus = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The body is not a valid v1 DeviceEvent document (`reason` from the parser). */
export class InvalidDeviceEventError extends EdgeError {
  readonly code = 'DEVICE_EVENT_INVALID';
  override readonly httpStatus = 400;
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** Wrong content type (the contract is application/xml). */
export class UnsupportedMediaTypeError extends EdgeError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  override readonly httpStatus = 415;
}
