import type { DeviceEventDocument, DeviceEventType } from '@fleetward/contracts';
import type { AlertView, DeviceEvent } from '../model/device-model';

/** prtAlertTable codes that mean a supply or the paper crossed its low / empty / full mark. */
const SUPPLY_CODE = /(Low|AlmostEmpty|Empty|AlmostFull|Full|LifeAlmostOver|LifeOver)$/;

function isSupplyAlert(alert: AlertView): boolean {
  return (
    (alert.group === 'markerSupplies' || alert.group === 'input') &&
    SUPPLY_CODE.test(alert.code) &&
    alert.code !== 'inputMediaSupplyEmpty'
  );
}

/**
 * What a simulated device pushes for one of its model events, or null when it pushes nothing:
 * - an alert row raised for a supply (toner low/empty, waste full, paper low) → `supplyLow`;
 * - any other alert row raised or cleared (jam, door, no paper, service, offline…; a supply refilled) → `error`,
 *   except a cleared supply row → `statusChange`;
 * - going to sleep or waking up → `statusChange`. Other faults (unreachable, slow, wrong credentials) are about
 *   how the device answers, and the faults that raise alert rows are already pushed by those rows.
 */
export function toDeviceEventDocument(
  event: DeviceEvent,
  device: { serialNumber: string; address: string },
  now: Date,
): DeviceEventDocument | null {
  let type: DeviceEventType;
  let detail: string;
  switch (event.kind) {
    case 'alertRaised':
      type = isSupplyAlert(event.alert) ? 'supplyLow' : 'error';
      detail = `alertRaised ${event.alert.code}: ${event.alert.description}`;
      break;
    case 'alertCleared':
      type = isSupplyAlert(event.alert) ? 'statusChange' : 'error';
      detail = `alertCleared ${event.alert.code}: ${event.alert.description}`;
      break;
    case 'fault':
      if (event.fault !== 'sleep') return null;
      type = 'statusChange';
      detail = event.active ? 'power save: asleep' : 'power save: awake';
      break;
  }
  return { serial: device.serialNumber, address: device.address, type, time: now.toISOString(), detail };
}
