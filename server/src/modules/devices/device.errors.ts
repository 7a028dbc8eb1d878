import { BadRequestError, ForbiddenError, NotFoundError } from '../../common/errors';

/** Also answered for a device outside the caller's device groups: its existence is not revealed. */
export class DeviceNotFoundError extends NotFoundError {
  constructor(ids: readonly string[]) {
    super(
      'DEVICE_NOT_FOUND',
      ids.length === 1
        ? `Device ${ids[0]} does not exist or is outside your device groups.`
        : `These devices do not exist or are outside your device groups: ${ids.join(', ')}.`,
    );
  }
}

export class DeviceNotInGroupError extends NotFoundError {
  constructor(deviceId: string, groupId: string) {
    super('DEVICE_NOT_IN_GROUP', `Device ${deviceId} is not a member of device group ${groupId}.`);
  }
}

/** A caller who does not reach every group must put a new device in one of his groups, or he could not see it. */
export class DeviceGroupRequiredError extends BadRequestError {
  constructor() {
    super(
      'DEVICE_GROUP_REQUIRED',
      'Give at least one of your device groups in groupIds: a device in no group is visible only to roles with all device groups.',
    );
  }
}

/** Deleting a device also removes it from groups the caller does not reach: only someone who reaches them all may. */
export class DeviceInForeignGroupsError extends ForbiddenError {
  constructor(deviceId: string) {
    super(
      'DEVICE_IN_FOREIGN_GROUPS',
      `Device ${deviceId} also belongs to device groups you do not reach; only a user who reaches all of its groups may delete it.`,
    );
  }
}

/** Acting on a device needs its edge too: a role limited to other edges may see the device but not change it. */
export class DeviceEdgeNotReachedError extends ForbiddenError {
  constructor(deviceId: string) {
    super(
      'DEVICE_EDGE_NOT_REACHED',
      `Device ${deviceId} is served by an edge your roles do not reach; only users who reach that edge may change it.`,
    );
  }
}

export class InvalidTimeRangeError extends BadRequestError {
  constructor(message: string) {
    super('INVALID_TIME_RANGE', message);
  }
}

/** A stored secret could not be decrypted (wrong master key, tampered row): the device must be given new credentials. */
export class DeviceCredentialsUnreadableError extends BadRequestError {
  constructor(deviceId: string, cause: unknown) {
    super(
      'DEVICE_CREDENTIALS_UNREADABLE',
      `The stored credentials of device ${deviceId} cannot be decrypted; set them again.`,
      cause,
    );
  }
}

export class DeviceCredentialsMissingError extends BadRequestError {
  constructor(deviceId: string) {
    super('DEVICE_CREDENTIALS_MISSING', `Device ${deviceId} has no SNMP credentials; set them before polling it.`);
  }
}
