import { describe, expect, it } from 'vitest';
import type { AlertView } from '../model/device-model';
import { toDeviceEventDocument } from './device-event-mapping';

const device = { serialNumber: 'SN42', address: '127.1.0.42' };
const now = new Date('2026-01-15T09:00:00.000Z');

function alert(overrides: Partial<AlertView>): AlertView {
  return {
    index: 1,
    key: 'jam',
    severity: 'critical',
    training: 'trained',
    group: 'mediaPath',
    groupIndex: 1,
    location: -2,
    code: 'jam',
    description: 'Paper jam',
    time: 100,
    ...overrides,
  };
}

describe('toDeviceEventDocument', () => {
  it('pushes an error for an alert row raised or cleared', () => {
    expect(toDeviceEventDocument({ kind: 'alertRaised', alert: alert({}) }, device, now)).toEqual({
      serial: 'SN42',
      address: '127.1.0.42',
      type: 'error',
      time: '2026-01-15T09:00:00.000Z',
      detail: 'alertRaised jam: Paper jam',
    });
    expect(toDeviceEventDocument({ kind: 'alertCleared', alert: alert({}) }, device, now)).toMatchObject({
      type: 'error',
      detail: 'alertCleared jam: Paper jam',
    });
  });

  it.each([
    ['markerSupplies', 'markerTonerAlmostEmpty'],
    ['markerSupplies', 'markerTonerEmpty'],
    ['markerSupplies', 'markerWasteTonerReceptacleAlmostFull'],
    ['input', 'inputMediaSupplyLow'],
  ] as const)('pushes supplyLow for %s/%s raised, statusChange when cleared', (group, code) => {
    const row = alert({ group, code, severity: 'warning', description: 'Black Toner low' });
    expect(toDeviceEventDocument({ kind: 'alertRaised', alert: row }, device, now)?.type).toBe('supplyLow');
    expect(toDeviceEventDocument({ kind: 'alertCleared', alert: row }, device, now)?.type).toBe('statusChange');
  });

  it('treats an empty paper tray as an error, not a supply', () => {
    const row = alert({ group: 'input', code: 'inputMediaSupplyEmpty', description: 'Tray 1: add paper' });
    expect(toDeviceEventDocument({ kind: 'alertRaised', alert: row }, device, now)?.type).toBe('error');
  });

  it('pushes statusChange for sleep and wake, nothing for faults that only change how the device answers', () => {
    expect(toDeviceEventDocument({ kind: 'fault', fault: 'sleep', active: true }, device, now)).toMatchObject({
      type: 'statusChange',
      detail: 'power save: asleep',
    });
    expect(toDeviceEventDocument({ kind: 'fault', fault: 'sleep', active: false }, device, now)?.detail).toBe(
      'power save: awake',
    );
    for (const fault of ['unreachable', 'slow', 'wrongCredentials', 'jam', 'offline'] as const) {
      expect(toDeviceEventDocument({ kind: 'fault', fault, active: true }, device, now)).toBeNull();
    }
  });
});
