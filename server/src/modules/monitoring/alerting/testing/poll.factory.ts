import type { DeviceSnapshot, PrinterAlert } from '@fleetward/contracts';
import { failedPoll, supply } from '../../../devices/testing/snapshot.factory';

/** The same supply and failed-poll test data the device tests use. */
export { failedPoll as failedPollFactory, supply as supplyFactory };

/** Test data: a healthy snapshot of a mono MFP, changed by `overrides`. */
export function snapshotFactory(overrides: Partial<DeviceSnapshot> = {}): DeviceSnapshot {
  return {
    schemaVersion: 1,
    ok: true,
    target: { host: '127.1.0.1', port: 161, snmpVersion: '2c' },
    polledAt: '2026-01-15T09:00:00.000Z',
    durationMs: 120,
    driver: { id: 'generic', reason: 'test' },
    identity: {
      vendor: 'Fleetward Test',
      enterprise: 99999,
      model: 'FW-4000i',
      serialNumber: 'SN0001',
      firmware: '1.0',
      sysObjectId: '1.3.6.1.4.1.99999.1',
      sysDescr: 'FW-4000i',
      sysName: 'printer-1',
      sysLocation: 'Tokyo HQ 3F',
      sysContact: null,
      uptimeSeconds: 1000,
    },
    status: { device: 'running', printer: 'idle', errors: [], rawErrorState: '00', overall: 'ok' },
    counters: { total: 1000, black: 1000, color: 0, print: null, copy: null, scan: null, fax: null, markers: [] },
    supplies: [supply({ index: 1 })],
    trays: [],
    alerts: [],
    sources: {},
    unreadable: [],
    ...overrides,
  };
}

export function printerAlertFactory(overrides: Partial<PrinterAlert> = {}): PrinterAlert {
  return {
    index: 1,
    severity: 'critical',
    group: 'mediaPath',
    groupIndex: 1,
    location: null,
    code: 'jam',
    description: 'Paper jam in tray 1',
    timeSeconds: 900,
    ...overrides,
  };
}
