import { FleetwardError } from '../../common/errors';

/** A stored secret cannot be decrypted (unknown key id, tampered data, wrong master key). */
export class SecretDecryptionError extends FleetwardError {
  constructor(message: string, cause?: unknown) {
    super({ code: 'SECRET_DECRYPTION_FAILED', message, status: 500, cause });
  }
}

/** The master key is missing, unreadable or malformed. */
export class MasterKeyError extends FleetwardError {
  constructor(message: string, cause?: unknown) {
    super({ code: 'MASTER_KEY_INVALID', message, status: 500, cause });
  }
}
