import { BadRequestError, ConflictError, FleetwardError, NotFoundError } from '../../common/errors';

export class DeliveryNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('DELIVERY_NOT_FOUND', `Delivery ${id} does not exist or is not yours to see.`);
  }
}

export class DeliveryNoTargetsError extends BadRequestError {
  constructor() {
    super('DELIVERY_NO_TARGETS', 'A delivery needs at least one device or device group.');
  }
}

export class DeliveryScheduleInvalidError extends BadRequestError {
  constructor(message: string) {
    super('DELIVERY_SCHEDULE_INVALID', message);
  }
}

export class DeliveryFinishedError extends ConflictError {
  constructor(id: string, status: string) {
    super('DELIVERY_FINISHED', `Delivery ${id} is ${status}: nothing to cancel or retry.`);
  }
}

/** The device's edge could not be asked (no edge, edge refused, or the driver failed): 502. */
export class DeviceSettingsUnavailableError extends FleetwardError {
  constructor(deviceId: string, code: string, message: string) {
    super({ code, message: `Device ${deviceId}: ${message}`, status: 502 });
  }
}

/** The device has no edge the server can call (none assigned, or the edge has no URL/token yet): 409. */
export class DeviceNoEdgeError extends ConflictError {
  constructor(deviceId: string) {
    super('DEVICE_NO_EDGE', `Device ${deviceId} has no edge with a URL and token to reach it.`);
  }
}

export class AssignmentNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('TEMPLATE_ASSIGNMENT_NOT_FOUND', `Template assignment ${id} does not exist or is not yours to see.`);
  }
}

/**
 * 409: the template would take Fleetward's own SNMP access away from devices (docs/decisions/0021); `details` name
 * each device (`devices.<id>`) with the reasons. `acceptAccessLoss: true` delivers anyway.
 */
export class DeliveryCutsOffAccessError extends FleetwardError {
  constructor(devices: { deviceId: string; name: string; reasons: string[] }[]) {
    const shown = devices
      .slice(0, 5)
      .map((d) => `${d.name}: ${d.reasons.join('; ')}`)
      .join(' | ');
    const more = devices.length > 5 ? ` (and ${devices.length - 5} more)` : '';
    super({
      code: 'DELIVERY_CUTS_OFF_ACCESS',
      message:
        `The template would take Fleetward's own SNMP access away from ${devices.length} device(s), which could then ` +
        `be neither polled nor reached for settings: ${shown}${more}. Change the template, or deliver with ` +
        `acceptAccessLoss: true to do it anyway.`,
      status: 409,
      details: devices.map((d) => ({ field: `devices.${d.deviceId}`, problems: d.reasons })),
    });
  }
}
