import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors';

/** Also answered for a group outside the caller's scope: its existence is not revealed. */
export class DeviceGroupNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('DEVICE_GROUP_NOT_FOUND', `Device group ${id} does not exist or is outside your device groups.`);
  }
}

export class DeviceGroupNameTakenError extends ConflictError {
  constructor(name: string) {
    super('DEVICE_GROUP_NAME_TAKEN', `A device group named "${name}" already exists; device group names are unique.`);
  }
}

/**
 * A caller who does not reach every group must own the new group through a role: it is added to his
 * roles that grant Device Group Management and that he administers. Without such a role he could not
 * see the group he made.
 */
export class DeviceGroupNoRoleToReceiveError extends ForbiddenError {
  constructor() {
    super(
      'DEVICE_GROUP_NO_ROLE_TO_RECEIVE',
      'You can create a device group only if you administer one of your roles that grants Device Group Management: ' +
        'the new group is added to such roles so that you can see it. Ask an administrator of your role.',
    );
  }
}
