import {
  SNAPSHOT_SCHEMA_VERSION,
  type DeviceSnapshot,
  type FailedPoll,
  type PrinterErrorName,
  type Supply,
} from '@fleetward/contracts';

const COLOURS = ['black', 'cyan', 'magenta', 'yellow'] as const;

/**
 * A poll result as the edge produces it for a colour MFP (identity, status, counters, four toners and a waste
 * box, two trays, alerts, schema 2: ~6 `sources` entries and 14 `tableSources` columns), for device `i` at `round` of the ingest run. Every round prints
 * pages (a counter reading) and uses toner (supply readings); in every 20th round of a device it runs low on toner (5 % of the snapshots of a round) and
 * the next round it recovers (a status change, an alert opened then resolved by the monitoring hook); every 97th
 * (device, round) pair is a failed poll (timeout), as on a real fleet.
 */
export function ingestSnapshot(i: number, round: number, host: string, polledAt: Date): DeviceSnapshot | FailedPoll {
  const target = { host, port: 161, snmpVersion: '2c' as const };
  if ((i * 31 + round) % 97 === 96) {
    return {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      ok: false,
      target,
      polledAt: polledAt.toISOString(),
      durationMs: 4000,
      error: { code: 'timeout', message: 'No answer within 2000 ms (2 tries)' },
    };
  }
  const low = (i + round) % 20 === 19;
  const errors: PrinterErrorName[] = low ? ['lowToner'] : [];
  const total = 10_000 + i * 17 + round * 25;
  const supplies: Supply[] = COLOURS.map((color, k) => {
    const pct = low && k === 0 ? 4 : Math.max(5, 100 - ((round + i + k * 11) % 90));
    return {
      index: k + 1,
      description: `${color[0]!.toUpperCase()}${color.slice(1)} Toner`,
      partNumber: `TN-${k + 1}00`,
      serialNumber: null,
      type: 'toner',
      class: 'consumed',
      color,
      colorSource: 'colorant',
      remainingPercent: pct,
      state: pct <= 5 ? 'low' : 'ok',
      raw: { level: pct * 100, max: 10_000, unit: 'tenThousandthsOfInches' },
    };
  });
  supplies.push({
    index: 5,
    description: 'Waste Toner Box',
    partNumber: 'WT-1',
    serialNumber: null,
    type: 'wasteToner',
    class: 'receptacle',
    color: null,
    colorSource: null,
    remainingPercent: 80,
    state: 'ok',
    raw: { level: -3, max: -2, unit: 'other' },
  });
  const sources: DeviceSnapshot['sources'] = {
    'identity.sysDescr': { oid: '1.3.6.1.2.1.1.1.0', raw: 'FW-C4000i' },
    'identity.sysObjectId': { oid: '1.3.6.1.2.1.1.2.0', raw: '1.3.6.1.4.1.99999.1' },
    'identity.serialNumber': { oid: '1.3.6.1.2.1.43.5.1.1.17.1', raw: `SN-${i}` },
    'status.device': { oid: '1.3.6.1.2.1.25.3.2.1.5.1', raw: low ? 3 : 2 },
    'status.printer': { oid: '1.3.6.1.2.1.25.3.5.1.1.1', raw: 3 },
    'counters.total': { oid: '1.3.6.1.2.1.43.10.2.1.4.1.1', raw: total },
  };
  // Schema 2: table cells per column, as the edge sends them.
  const tableSources: NonNullable<DeviceSnapshot['tableSources']> = {};
  for (const [n, field] of ['description', 'type', 'class', 'unit', 'max', 'level', 'colorant'].entries()) {
    tableSources[`supplies.${field}`] = {
      column: `1.3.6.1.2.1.43.11.1.1.${n + 4}`,
      rows: supplies.map((s) => `1.${s.index}`),
      raw: supplies.map(() => n),
    };
  }
  for (const [n, field] of ['type', 'unit', 'max', 'level', 'name', 'mediaName', 'status'].entries()) {
    tableSources[`trays.${field}`] = { column: `1.3.6.1.2.1.43.8.2.1.${n + 2}`, rows: ['1.1', '1.2'], raw: [n, n] };
  }
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    ok: true,
    target,
    polledAt: polledAt.toISOString(),
    durationMs: 45,
    driver: { id: 'generic', reason: 'Printer-MIB' },
    identity: {
      vendor: 'Fleetward Test',
      enterprise: 99999,
      model: 'FW-C4000i',
      serialNumber: `SN-${i}`,
      firmware: '2.1.0',
      sysObjectId: '1.3.6.1.4.1.99999.1',
      sysDescr: 'FW-C4000i',
      sysName: `mfp-${i}`,
      sysLocation: 'HQ 3F',
      sysContact: null,
      uptimeSeconds: 1000 + round * 300,
    },
    status: {
      device: low ? 'warning' : 'running',
      printer: 'idle',
      errors,
      rawErrorState: low ? '2000' : '0000',
      overall: low ? 'warning' : 'ok',
    },
    counters: {
      total,
      black: Math.floor(total * 0.7),
      color: total - Math.floor(total * 0.7),
      print: Math.floor(total * 0.8),
      copy: total - Math.floor(total * 0.8),
      scan: null,
      fax: null,
      markers: [{ index: 1, lifeCount: total, unit: 'impressions' }],
    },
    supplies,
    trays: [1, 2].map((t) => ({
      index: t,
      name: `Tray ${t}`,
      mediaName: 'A4',
      type: 'sheetFeedAutoRemovableTray',
      level: 250,
      max: 500,
      levelPercent: 50,
      state: 'ok' as const,
      raw: { level: 250, max: 500, unit: 'sheets' },
    })),
    alerts: low
      ? [
          {
            index: 1,
            severity: 'warning',
            group: 'markerSupplies',
            groupIndex: 1,
            location: null,
            code: 'markerTonerAlmostEmpty',
            description: 'Black toner low',
            timeSeconds: 900,
          },
        ]
      : [],
    sources,
    tableSources,
    unreadable: [],
  };
}
