import { EdgeError } from '../../common/edge-error';

/**
 * Whole-operation failures of a settings-file delivery (WebDAV pull or SMB share), raised once at the driver
 * boundary with the protocol error as `cause`. Per-key refusals are data (SettingApplyOutcome), not errors.
 */

/** The device could not decrypt its settings file: the administrator password Fleetward holds is wrong. */
export class DeviceAuthFailedError extends EdgeError {
  readonly code = 'DEVICE_AUTH_FAILED';
  override readonly httpStatus = 422;
}

/** The device refused the file as meant for another device (serial or address differ). */
export class WrongDeviceError extends EdgeError {
  readonly code = 'WRONG_DEVICE';
  override readonly httpStatus = 422;
}

/** The device never took its file (did not pull it / the share was unreachable) within the bounded wait. */
export class DeviceUnreachableError extends EdgeError {
  readonly code = 'DEVICE_UNREACHABLE';
  override readonly httpStatus = 504;
}

/**
 * The device took the file but wrote no result within the bounded wait: the outcome is unknown (the settings may
 * have been applied), so every key is reported `failed`, never `applied`.
 */
export class SettingsResultTimeoutError extends EdgeError {
  readonly code = 'SETTINGS_RESULT_TIMEOUT';
  override readonly httpStatus = 504;
}

/** The transport failed, or the device's result could not be trusted (not authenticated, malformed, other op). */
export class SettingsTransportError extends EdgeError {
  readonly code = 'TRANSPORT_FAILED';
  override readonly httpStatus = 502;
}

/** The request lacks what this transport needs (administrator password, SMB share, WebDAV not enabled). */
export class SettingsAccessMissingError extends EdgeError {
  readonly code = 'SETTINGS_ACCESS_MISSING';
  override readonly httpStatus = 400;
}
