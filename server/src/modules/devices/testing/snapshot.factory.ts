import type { DeviceSnapshot, FailedPoll, InputTray, SnapshotCounters, Supply } from '@fleetward/contracts';

/** Test data: a healthy colour MFP snapshot, changed by `overrides` (counters merge field by field). */
export function deviceSnapshot(
  overrides: Omit<Partial<DeviceSnapshot>, 'counters'> & { counters?: Partial<SnapshotCounters> } = {},
): DeviceSnapshot {
  const { counters, ...rest } = overrides;
  return {
    schemaVersion: 1,
    ok: true,
    target: { host: '127.1.0.1', port: 161, snmpVersion: '2c' },
    polledAt: '2026-01-15T09:00:00.000Z',
    durationMs: 120,
    driver: { id: 'generic', reason: 'Printer-MIB' },
    identity: {
      vendor: 'Fleetward Test',
      enterprise: 99999,
      model: 'FW-C4000i',
      serialNumber: 'SN-0001',
      firmware: '2.1.0',
      sysObjectId: '1.3.6.1.4.1.99999.1',
      sysDescr: 'FW-C4000i',
      sysName: 'mfp-1',
      sysLocation: 'HQ 3F',
      sysContact: null,
      uptimeSeconds: 1000,
    },
    status: { device: 'running', printer: 'idle', errors: [], rawErrorState: '0000', overall: 'ok' },
    counters: {
      total: 1000,
      black: 700,
      color: 300,
      print: 800,
      copy: 200,
      scan: null,
      fax: null,
      markers: [{ index: 1, lifeCount: 1000, unit: 'impressions' }],
      ...counters,
    },
    supplies: [
      supply({ index: 1 }),
      supply({ index: 2, description: 'Cyan Toner', color: 'cyan', remainingPercent: 40 }),
    ],
    trays: [tray()],
    alerts: [],
    sources: {},
    unreadable: [],
    ...rest,
  };
}

export function supply(overrides: Partial<Supply> = {}): Supply {
  return {
    index: 1,
    description: 'Black Toner',
    partNumber: null,
    serialNumber: null,
    type: 'toner',
    class: 'consumed',
    color: 'black',
    colorSource: 'colorant',
    remainingPercent: 80,
    state: 'ok',
    raw: { level: 80, max: 100, unit: 'percent' },
    ...overrides,
  };
}

export function tray(overrides: Partial<InputTray> = {}): InputTray {
  return {
    index: 1,
    name: 'Tray 1',
    mediaName: 'A4',
    type: 'sheetFeedAutoRemovableTray',
    level: 250,
    max: 500,
    levelPercent: 50,
    state: 'ok',
    raw: { level: 250, max: 500, unit: 'sheets' },
    ...overrides,
  };
}

export function failedPoll(overrides: Partial<FailedPoll> = {}): FailedPoll {
  return {
    schemaVersion: 1,
    ok: false,
    target: { host: '127.1.0.1', port: 161, snmpVersion: '2c' },
    polledAt: '2026-01-15T09:00:00.000Z',
    durationMs: 3000,
    error: { code: 'timeout', message: 'No answer within 3000 ms' },
    ...overrides,
  };
}
