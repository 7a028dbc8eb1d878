import type {
  InputTray,
  MarkerCounter,
  OverallStatus,
  PrinterAlert,
  PrinterErrorName,
  SnapshotCounters,
  SnapshotIdentity,
  SnapshotStatus,
  Supply,
  SupplyClass,
} from '@fleetward/contracts';
import type { SnmpClient, SnmpVarbind } from '../../protocols/snmp';
import type {
  DriverCapabilities,
  DriverContext,
  PrinterDriver,
  PrinterDriverFactory,
  Reading,
} from '../driver.interface';
import { Collector, firstArc, lastArc, rowIndex, rowsByIndex } from './collector';
import { CRITICAL_ERRORS, decodeErrorState } from './error-state';
import { type HostResources, readHostResources } from './identify';
import { interpretLevel, usableCount } from './levels';
import {
  ALERT_CODES,
  ALERT_GROUPS,
  ALERT_SEVERITY,
  CAPACITY_UNITS,
  colorFromDescription,
  HR_DEVICE_STATUS,
  HR_PRINTER_STATUS,
  INPUT_TYPES,
  MARKER_COUNTER_UNITS,
  RECEPTACLE_TYPES,
  SUPPLY_TYPES,
  SUPPLY_UNITS,
  supplyClassOf,
} from './mapping';
import { OID } from './oids';
import { splitSupplyDescription } from './supply-description';
import { asBytes, asInteger, asText } from './values';
import { type CounterSpec, type VendorCounterName, vendorByEnterprise } from './vendors/vendor-profiles';

export interface GenericDriverContext extends DriverContext {
  /** Host-Resources rows already read during identification (saves a walk). */
  hostResources?: HostResources;
}

/** The integer columns of prtAlertTable by snapshot field. */
const ALERT_COLUMNS = {
  severity: OID.prtAlertSeverityLevel,
  group: OID.prtAlertGroup,
  groupIndex: OID.prtAlertGroupIndex,
  location: OID.prtAlertLocation,
  code: OID.prtAlertCode,
  time: OID.prtAlertTime,
} as const;

const name = (table: Record<number, string>, value: number | null): string | null =>
  value === null ? null : (table[value] ?? `other(${value})`);

/** Standards-only driver: Printer-MIB (RFC 3805), Host-Resources-MIB (RFC 2790), MIB-II, vendor fallbacks. */
export class GenericPrinterDriver implements PrinterDriver {
  readonly id = 'generic-printer-mib';
  readonly family = 'generic';
  readonly capabilities: DriverCapabilities = {};
  private readonly snmp: SnmpClient;
  private readonly identity: SnapshotIdentity;
  private hostResources: Promise<HostResources> | null;

  constructor(context: GenericDriverContext) {
    this.snmp = context.snmp;
    this.identity = context.identity;
    this.hostResources = context.hostResources ? Promise.resolve(context.hostResources) : null;
  }

  async readStatus(): Promise<Reading<SnapshotStatus>> {
    const c = new Collector();
    this.hostResources ??= readHostResources(this.snmp);
    const hr = await this.hostResources;
    let device: SnapshotStatus['device'] = null;
    let printer: SnapshotStatus['printer'] = null;
    let errors: PrinterErrorName[] = [];
    let rawErrorState: string | null = null;
    if (hr.error) {
      c.failed('status', hr.error, OID.hrDeviceStatus);
    } else {
      const row = hr.printerIndex === null ? undefined : hr.rows.get(String(hr.printerIndex));
      if (!row?.status)
        c.missing('status.device', 'noSuchObject', 'no hrDeviceStatus for the printer', OID.hrDeviceStatus);
      else {
        const v = c.decode('status.device', row.status, asInteger);
        device = v === null ? null : (HR_DEVICE_STATUS[v] ?? null);
        if (v !== null && device === null)
          c.missing('status.device', 'malformed', `hrDeviceStatus ${v} is not an RFC 2790 value`, row.status.oid);
      }
      if (!row?.printerStatus) c.missing('status.printer', 'noSuchObject', 'no hrPrinterStatus', OID.hrPrinterStatus);
      else {
        const v = c.decode('status.printer', row.printerStatus, asInteger);
        printer = v === null ? null : (HR_PRINTER_STATUS[v] ?? null);
        if (v !== null && printer === null)
          c.missing(
            'status.printer',
            'malformed',
            `hrPrinterStatus ${v} is not an RFC 2790 value`,
            row.printerStatus.oid,
          );
      }
      if (!row?.errorState)
        c.missing('status.errors', 'noSuchObject', 'no hrPrinterDetectedErrorState', OID.hrPrinterDetectedErrorState);
      else {
        const bytes = c.decode('status.errors', row.errorState, asBytes);
        if (bytes) {
          errors = decodeErrorState(bytes);
          rawErrorState = bytes.toString('hex');
        }
      }
    }
    return c.reading({ device, printer, errors, rawErrorState, overall: overallStatus(device, printer, errors) });
  }

  async readCounters(): Promise<Reading<SnapshotCounters>> {
    const c = new Collector();
    const vendor = vendorByEnterprise(this.identity.enterprise);
    const vendorSpecs = Object.entries(vendor?.counters ?? {}) as [VendorCounterName, CounterSpec][];
    const vendorOids = [...new Set(vendorSpecs.flatMap(([, s]) => s.oids))];
    const [markerCols, vendorResults] = await Promise.all([
      this.snmp.walkColumns([OID.prtMarkerCounterUnit, OID.prtMarkerLifeCount]).catch((error: unknown) => {
        c.failed('counters.markers', error, OID.prtMarkerLifeCount);
        return null;
      }),
      vendorOids.length === 0
        ? Promise.resolve([])
        : this.snmp.get(vendorOids).catch((error: unknown) => {
            c.failed('counters.vendor', error);
            return [];
          }),
    ]);
    const markers: MarkerCounter[] = [];
    const markerRows = new Map<number, string>();
    if (markerCols) {
      const rows = rowsByIndex(markerCols, { unit: OID.prtMarkerCounterUnit, life: OID.prtMarkerLifeCount });
      for (const [index, row] of rows) {
        const i = lastArc(index);
        if (!markerRows.has(i)) markerRows.set(i, index);
        const lifeCount = row.life
          ? c.decodeCell('counters.markers', i, 'lifeCount', OID.prtMarkerLifeCount, index, row.life, asInteger)
          : null;
        const unitValue = row.unit
          ? c.decodeCell('counters.markers', i, 'unit', OID.prtMarkerCounterUnit, index, row.unit, asInteger)
          : null;
        if (!row.life)
          c.missing(
            `counters.markers.${i}.lifeCount`,
            'noSuchObject',
            'no prtMarkerLifeCount',
            `${OID.prtMarkerLifeCount}.${index}`,
          );
        markers.push({ index: i, lifeCount, unit: name(MARKER_COUNTER_UNITS, unitValue) });
      }
      if (rows.size === 0)
        c.missing('counters.markers', 'noSuchObject', 'no prtMarkerTable rows', OID.prtMarkerLifeCount);
    }
    const byOid = new Map(vendorResults.map((r) => [r.oid, r]));
    const vendorValue = (counter: VendorCounterName): number | null => {
      const spec = vendor?.counters[counter];
      if (!spec) return null;
      let sum: number | null = null;
      const used: { oid: string; raw: number }[] = [];
      for (const oid of spec.oids) {
        const r = byOid.get(oid);
        if (!r?.ok) continue;
        const d = asInteger(r.varbind);
        if (!d.ok) {
          c.missing(`counters.${counter}`, 'malformed', `${oid}: ${d.message}`, oid);
          continue;
        }
        used.push({ oid, raw: d.value });
        sum = (sum ?? 0) + d.value;
        if (spec.combine === 'first') break;
      }
      if (used.length > 0) {
        c.source(
          `counters.${counter}`,
          used.map((u) => u.oid).join('+'),
          used.length === 1 ? used[0]!.raw : used.map((u) => u.raw).join('+'),
        );
      }
      return sum;
    };
    // counters.total: prtMarkerLifeCount of the first marker that has one, else the vendor total.
    const first = markers.find((m) => m.lifeCount !== null);
    let total: number | null = null;
    if (first) {
      total = first.lifeCount;
      c.source('counters.total', `${OID.prtMarkerLifeCount}.${markerRows.get(first.index)!}`, total);
    } else {
      total = vendorValue('total');
    }
    if (total === null)
      c.missing('counters.total', 'noSuchObject', 'no prtMarkerLifeCount and no vendor total counter');
    const counters: SnapshotCounters = {
      total,
      black: vendorValue('black'),
      color: vendorValue('color'),
      print: vendorValue('print'),
      copy: vendorValue('copy'),
      scan: vendorValue('scan'),
      fax: vendorValue('fax'),
      markers,
    };
    return c.reading(counters);
  }

  async readSupplies(): Promise<Reading<Supply[]>> {
    const c = new Collector();
    let cols: Map<string, SnmpVarbind[]>;
    try {
      cols = await this.snmp.walkColumns([
        OID.prtMarkerSuppliesColorantIndex,
        OID.prtMarkerSuppliesClass,
        OID.prtMarkerSuppliesType,
        OID.prtMarkerSuppliesDescription,
        OID.prtMarkerSuppliesSupplyUnit,
        OID.prtMarkerSuppliesMaxCapacity,
        OID.prtMarkerSuppliesLevel,
        OID.prtMarkerColorantValue,
      ]);
    } catch (error) {
      c.failed('supplies', error, OID.prtMarkerSuppliesLevel);
      return c.reading([]);
    }
    const colorants = new Map<string, { text: string | null; oid: string }>();
    for (const vb of cols.get(OID.prtMarkerColorantValue) ?? []) {
      const d = asText(vb);
      if (d.ok) colorants.set(rowIndex(OID.prtMarkerColorantValue, vb.oid), { text: d.value, oid: vb.oid });
    }
    cols.delete(OID.prtMarkerColorantValue);
    const rows = rowsByIndex(cols, {
      colorant: OID.prtMarkerSuppliesColorantIndex,
      class: OID.prtMarkerSuppliesClass,
      type: OID.prtMarkerSuppliesType,
      descr: OID.prtMarkerSuppliesDescription,
      unit: OID.prtMarkerSuppliesSupplyUnit,
      max: OID.prtMarkerSuppliesMaxCapacity,
      level: OID.prtMarkerSuppliesLevel,
    });
    if (rows.size === 0)
      c.missing('supplies', 'noSuchObject', 'no prtMarkerSuppliesTable rows', OID.prtMarkerSuppliesLevel);
    const supplies: Supply[] = [];
    for (const [index, row] of rows) {
      const i = lastArc(index);
      const key = `supplies.${i}`;
      const text = row.descr
        ? c.decodeCell('supplies', i, 'description', OID.prtMarkerSuppliesDescription, index, row.descr, asText)
        : null;
      const split = splitSupplyDescription(text);
      const typeValue = row.type
        ? c.decodeCell('supplies', i, 'type', OID.prtMarkerSuppliesType, index, row.type, asInteger)
        : null;
      const classValue = row.class
        ? c.decodeCell('supplies', i, 'class', OID.prtMarkerSuppliesClass, index, row.class, asInteger)
        : null;
      let cls: SupplyClass | null = supplyClassOf(classValue);
      if (cls === null && typeValue !== null) {
        // No prtMarkerSuppliesClass: infer it from the supply type (waste toner/ink/… are receptacles).
        cls = RECEPTACLE_TYPES.has(typeValue) ? 'receptacle' : typeValue > 2 ? 'consumed' : 'other';
        c.source(`${key}.class`, `${OID.prtMarkerSuppliesType}.${index}`, typeValue);
      }
      const unitValue = row.unit
        ? c.decodeCell('supplies', i, 'unit', OID.prtMarkerSuppliesSupplyUnit, index, row.unit, asInteger)
        : null;
      const max = row.max
        ? c.decodeCell('supplies', i, 'max', OID.prtMarkerSuppliesMaxCapacity, index, row.max, asInteger)
        : null;
      const level = row.level
        ? c.decodeCell('supplies', i, 'level', OID.prtMarkerSuppliesLevel, index, row.level, asInteger)
        : null;
      if (!row.level)
        c.missing(
          `${key}.level`,
          'noSuchObject',
          'no prtMarkerSuppliesLevel',
          `${OID.prtMarkerSuppliesLevel}.${index}`,
        );
      let color: string | null = null;
      let colorSource: Supply['colorSource'] = null;
      const colorantIndex = row.colorant
        ? c.decodeCell(
            'supplies',
            i,
            'colorantIndex',
            OID.prtMarkerSuppliesColorantIndex,
            index,
            row.colorant,
            asInteger,
          )
        : null;
      if (colorantIndex !== null && colorantIndex > 0) {
        const colorant = colorants.get(`${firstArc(index)}.${colorantIndex}`);
        if (colorant?.text) {
          color = colorant.text.toLowerCase();
          colorSource = 'colorant';
          c.source(`${key}.color`, colorant.oid, colorant.text);
        }
      }
      if (color === null) {
        color = colorFromDescription(split.description);
        if (color) {
          colorSource = 'description';
          c.source(`${key}.color`, `${OID.prtMarkerSuppliesDescription}.${index}`, text);
        }
      }
      const finalClass = cls ?? 'other';
      const { remainingPercent, state } = interpretLevel(level, max, finalClass);
      supplies.push({
        index: i,
        description: split.description,
        partNumber: split.partNumber,
        serialNumber: split.serialNumber,
        type: name(SUPPLY_TYPES, typeValue),
        class: finalClass,
        color,
        colorSource,
        remainingPercent,
        state,
        raw: { level, max, unit: name(SUPPLY_UNITS, unitValue) },
      });
    }
    return c.reading(supplies);
  }

  async readTrays(): Promise<Reading<InputTray[]>> {
    const c = new Collector();
    let cols: Map<string, SnmpVarbind[]>;
    try {
      cols = await this.snmp.walkColumns([
        OID.prtInputType,
        OID.prtInputCapacityUnit,
        OID.prtInputMaxCapacity,
        OID.prtInputCurrentLevel,
        OID.prtInputMediaName,
        OID.prtInputName,
      ]);
    } catch (error) {
      c.failed('trays', error, OID.prtInputCurrentLevel);
      return c.reading([]);
    }
    const rows = rowsByIndex(cols, {
      type: OID.prtInputType,
      unit: OID.prtInputCapacityUnit,
      max: OID.prtInputMaxCapacity,
      level: OID.prtInputCurrentLevel,
      media: OID.prtInputMediaName,
      name: OID.prtInputName,
    });
    if (rows.size === 0) c.missing('trays', 'noSuchObject', 'no prtInputTable rows', OID.prtInputCurrentLevel);
    const trays: InputTray[] = [];
    for (const [index, row] of rows) {
      const i = lastArc(index);
      const level = row.level
        ? c.decodeCell('trays', i, 'level', OID.prtInputCurrentLevel, index, row.level, asInteger)
        : null;
      const max = row.max ? c.decodeCell('trays', i, 'max', OID.prtInputMaxCapacity, index, row.max, asInteger) : null;
      const typeValue = row.type
        ? c.decodeCell('trays', i, 'type', OID.prtInputType, index, row.type, asInteger)
        : null;
      const unitValue = row.unit
        ? c.decodeCell('trays', i, 'unit', OID.prtInputCapacityUnit, index, row.unit, asInteger)
        : null;
      const reading = interpretLevel(level, max, 'consumed');
      trays.push({
        index: i,
        name: row.name ? c.decodeCell('trays', i, 'name', OID.prtInputName, index, row.name, asText) : null,
        mediaName: row.media
          ? c.decodeCell('trays', i, 'mediaName', OID.prtInputMediaName, index, row.media, asText)
          : null,
        type: name(INPUT_TYPES, typeValue),
        level: usableCount(level),
        max: max !== null && max > 0 ? max : null,
        levelPercent: reading.remainingPercent,
        state: reading.state,
        raw: { level, max, unit: name(CAPACITY_UNITS, unitValue) },
      });
    }
    return c.reading(trays);
  }

  async readAlerts(): Promise<Reading<PrinterAlert[]>> {
    const c = new Collector();
    let cols: Map<string, SnmpVarbind[]>;
    try {
      cols = await this.snmp.walkColumns(
        [
          OID.prtAlertSeverityLevel,
          OID.prtAlertGroup,
          OID.prtAlertGroupIndex,
          OID.prtAlertLocation,
          OID.prtAlertCode,
          OID.prtAlertDescription,
          OID.prtAlertTime,
        ],
        { maxRows: 200 },
      );
    } catch (error) {
      c.failed('alerts', error, OID.prtAlertCode);
      return c.reading([]);
    }
    const rows = rowsByIndex(cols, {
      severity: OID.prtAlertSeverityLevel,
      group: OID.prtAlertGroup,
      groupIndex: OID.prtAlertGroupIndex,
      location: OID.prtAlertLocation,
      code: OID.prtAlertCode,
      descr: OID.prtAlertDescription,
      time: OID.prtAlertTime,
    });
    const alerts: PrinterAlert[] = [];
    for (const [index, row] of rows) {
      const i = lastArc(index);
      const int = (field: keyof typeof ALERT_COLUMNS, vb: SnmpVarbind | undefined) =>
        vb ? c.decodeCell('alerts', i, field, ALERT_COLUMNS[field], index, vb, asInteger) : null;
      const severity = int('severity', row.severity);
      const code = int('code', row.code);
      const time = int('time', row.time);
      alerts.push({
        index: i,
        severity: severity === null ? null : (ALERT_SEVERITY[severity] ?? 'other'),
        group: name(ALERT_GROUPS, int('group', row.group)),
        groupIndex: int('groupIndex', row.groupIndex),
        location: int('location', row.location),
        code: code === null ? null : (ALERT_CODES[code] ?? `code${code}`),
        description: row.descr
          ? c.decodeCell('alerts', i, 'description', OID.prtAlertDescription, index, row.descr, asText)
          : null,
        timeSeconds: time === null ? null : Math.floor(time / 100),
      });
    }
    return c.reading(alerts);
  }
}

export function overallStatus(
  device: SnapshotStatus['device'],
  printer: SnapshotStatus['printer'],
  errors: PrinterErrorName[],
): OverallStatus {
  if (device === 'down' || errors.some((e) => CRITICAL_ERRORS.has(e))) return 'error';
  if (device === 'warning' || errors.length > 0) return 'warning';
  if (device === 'running' || device === 'testing') return 'ok';
  if (device === null && (printer === 'idle' || printer === 'printing' || printer === 'warmup')) return 'ok';
  return 'unknown';
}

export const genericDriverFactory: PrinterDriverFactory = {
  id: 'generic-printer-mib',
  family: 'generic',
  canHandle: (identity) =>
    identity.vendor
      ? `no ${identity.vendor}-specific driver; standard Printer-MIB (RFC 3805) with ${identity.vendor} vendor-MIB fallbacks`
      : 'standard Printer-MIB (RFC 3805) / Host-Resources-MIB; vendor not recognised',
  create: (context) => new GenericPrinterDriver(context),
};
