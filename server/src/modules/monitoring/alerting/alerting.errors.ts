import { BadRequestError, ConflictError } from '../../../common/errors';

/** An alert policy (defaults or a group override) breaks a rule; `problems` lists every bad field. */
export class InvalidAlertPolicyError extends BadRequestError {
  constructor(readonly problems: string[]) {
    super('ALERT_POLICY_INVALID', `Invalid alert policy: ${problems.join('; ')}`);
  }
}

/** Acknowledge or resolve asked of an alert that is already resolved. */
export class AlertAlreadyResolvedError extends ConflictError {
  constructor(alertId: string) {
    super('ALERT_ALREADY_RESOLVED', `Alert ${alertId} is already resolved`);
  }
}

/** Acknowledge asked of an alert that is already acknowledged. */
export class AlertAlreadyAcknowledgedError extends ConflictError {
  constructor(alertId: string) {
    super('ALERT_ALREADY_ACKNOWLEDGED', `Alert ${alertId} is already acknowledged`);
  }
}

/** The lifecycle was given alerts or conditions of another target than the one it evaluates. */
export class AlertTargetMismatchError extends BadRequestError {
  constructor(message: string) {
    super('ALERT_TARGET_MISMATCH', message);
  }
}
