import {
  encodeSettingsMibValue,
  SETTINGS_MIB_OBJECTS,
  settingsMibObjectsOf,
  type SettingKey,
} from '@fleetward/contracts';
import type { DeviceModel } from '../model/device-model';
import { hasSnmpSettings } from '../model/family-settings';
import {
  HR_DEVICE_PRINTER_OID,
  PrtAlertCode,
  PrtAlertGroup,
  PrtAlertSeverity,
  PrtAlertTrainingLevel,
  PrtCapacityUnit,
  PrtCoverStatus,
  PrtInputType,
  PrtLevel,
  PrtMarkerColorantRole,
  PrtMarkerCounterUnit,
  PrtMarkerMarkTech,
  PrtMarkerSuppliesClass,
  PrtMarkerSuppliesSupplyUnit,
  PrtMarkerSuppliesType,
  PrtOutputType,
  PrtSubUnitStatus,
} from '../model/printer-mib.constants';

/** The SMI types the simulator serves. */
export type SmiType = 'Integer' | 'OctetString' | 'OID' | 'Counter32' | 'Gauge32' | 'TimeTicks';
export type SmiValue = number | string | Buffer;

export interface MibScalar {
  name: string;
  /** The object OID, without the `.0` instance. */
  oid: string;
  type: SmiType;
  value: SmiValue;
  /** Served read-write (a settings object of a family that takes settings over SNMP SET). */
  writable?: boolean;
}

export interface MibTableColumn {
  number: number;
  name: string;
  type: SmiType;
}

export interface MibTable {
  name: string;
  /** The entry OID (…Table.1); instances are entry.column.index… */
  entryOid: string;
  columns: MibTableColumn[];
  rows: { index: number[]; values: Partial<Record<number, SmiValue>> }[];
}

export interface DeviceMib {
  scalars: MibScalar[];
  tables: MibTable[];
}

/** The printer's hrDeviceIndex: the Printer-MIB tables are indexed by it first. */
export const PRINTER_HR_DEVICE_INDEX = 1;

export const OID = {
  system: '1.3.6.1.2.1.1',
  sysDescr: '1.3.6.1.2.1.1.1',
  sysObjectID: '1.3.6.1.2.1.1.2',
  sysUpTime: '1.3.6.1.2.1.1.3',
  ifTable: '1.3.6.1.2.1.2.2.1',
  hrSystemUptime: '1.3.6.1.2.1.25.1.1',
  hrDeviceEntry: '1.3.6.1.2.1.25.3.2.1',
  hrPrinterEntry: '1.3.6.1.2.1.25.3.5.1',
  prtGeneralEntry: '1.3.6.1.2.1.43.5.1.1',
  prtCoverEntry: '1.3.6.1.2.1.43.6.1.1',
  prtInputEntry: '1.3.6.1.2.1.43.8.2.1',
  prtOutputEntry: '1.3.6.1.2.1.43.9.2.1',
  prtMarkerEntry: '1.3.6.1.2.1.43.10.2.1',
  prtMarkerSuppliesEntry: '1.3.6.1.2.1.43.11.1.1',
  prtMarkerColorantEntry: '1.3.6.1.2.1.43.12.1.1',
  prtConsoleDisplayBufferEntry: '1.3.6.1.2.1.43.16.5.1',
  prtAlertEntry: '1.3.6.1.2.1.43.18.1.1',
  /** Konica Minolta private MIB (enterprise 18334), as served by the devices in the recordings. */
  konicaFirmware: '1.3.6.1.4.1.18334.1.1.1.1.6.1',
  konicaModelName: '1.3.6.1.4.1.18334.1.1.1.1.6.2.1',
  konicaSerialNumber: '1.3.6.1.4.1.18334.1.1.1.1.3.2.2',
  konicaTotalCounter: '1.3.6.1.4.1.18334.1.1.1.5.7.2.1.1',
  konicaTotalDuplex: '1.3.6.1.4.1.18334.1.1.1.5.7.2.1.3',
  konicaTotalScan: '1.3.6.1.4.1.18334.1.1.1.5.7.2.1.5',
  /** …5.7.2.2.1.5.{1 black | 2 full colour}.{1 copy | 2 print} */
  konicaCounterEntry: '1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1',
  /** …5.7.2.3.1.5.1: scan counter (the scan table LibreNMS reads beside 5.7.2.1.5.0). */
  konicaScanEntry: '1.3.6.1.4.1.18334.1.1.1.5.7.2.3.1',
} as const;

const IDENTITY_KEYS: readonly SettingKey[] = ['identity.contact', 'identity.deviceName', 'identity.location'];
/** Settings carried by Fleetward's settings MIB group (everything but the MIB-II identity objects). */
const FW_SETTINGS_KEYS: readonly SettingKey[] = [
  ...new Set(SETTINGS_MIB_OBJECTS.map((o) => o.key).filter((k) => !IDENTITY_KEYS.includes(k))),
];

/**
 * The settings objects of the given keys (SETTINGS_MIB_OBJECTS, libs/contracts), valued from the settings store.
 * Identity objects exist on every device (read-only unless the family takes SNMP SET); the settings-MIB objects
 * only for the keys the device supports. Secrets read back empty.
 */
function settingsScalars(model: DeviceModel, keys: readonly SettingKey[]): MibScalar[] {
  const store = model.settingsStore;
  const writable = hasSnmpSettings(model.profile.id);
  const supported = new Set(store.supportedKeys);
  const out: MibScalar[] = [];
  for (const key of keys) {
    const identity = IDENTITY_KEYS.includes(key);
    if (!identity && !supported.has(key)) continue;
    for (const object of settingsMibObjectsOf(key)) {
      let value: SmiValue;
      if (identity) {
        const v = store.peek(key);
        value = typeof v === 'string' ? v : '';
      } else {
        const current = store.read(key);
        const wire = current.readable ? encodeSettingsMibValue(object, current.value) : null;
        value = wire ? wire.value : object.syntax.kind === 'text' || object.syntax.kind === 'secretText' ? '' : 0;
      }
      const type: SmiType =
        object.syntax.kind === 'text' || object.syntax.kind === 'secretText' ? 'OctetString' : 'Integer';
      out.push({ name: object.name, oid: object.oid, type, value, writable: writable && supported.has(key) });
    }
  }
  return out;
}

function col(number: number, name: string, type: SmiType): MibTableColumn {
  return { number, name, type };
}

/** Renders the whole SNMP view of a device from its model: MIB-II, Host-Resources, Printer-MIB, vendor MIB. */
export function renderDeviceMib(model: DeviceModel): DeviceMib {
  const id = model.identity;
  const profile = model.profile;
  const uptime = model.uptimeTicks();
  const counters = model.counterValues();
  const alerts = model.alertViews();
  const scalars: MibScalar[] = [
    { name: 'sysDescr', oid: OID.sysDescr, type: 'OctetString', value: id.sysDescr },
    { name: 'sysObjectID', oid: OID.sysObjectID, type: 'OID', value: id.sysObjectId },
    { name: 'sysUpTime', oid: OID.sysUpTime, type: 'TimeTicks', value: uptime },
    ...settingsScalars(model, ['identity.contact', 'identity.deviceName', 'identity.location']),
    { name: 'sysServices', oid: '1.3.6.1.2.1.1.7', type: 'Integer', value: 72 },
    { name: 'ifNumber', oid: '1.3.6.1.2.1.2.1', type: 'Integer', value: 1 },
    { name: 'hrSystemUptime', oid: OID.hrSystemUptime, type: 'TimeTicks', value: uptime },
    { name: 'hrMemorySize', oid: '1.3.6.1.2.1.25.2.2', type: 'Integer', value: 8_388_608 },
    ...(hasSnmpSettings(profile.id) ? settingsScalars(model, FW_SETTINGS_KEYS) : []),
  ];

  const mac = Buffer.from(id.macAddress.split(':').map((octet) => parseInt(octet, 16)));
  const tables: MibTable[] = [
    {
      name: 'ifTable',
      entryOid: OID.ifTable,
      columns: [
        col(1, 'ifIndex', 'Integer'),
        col(2, 'ifDescr', 'OctetString'),
        col(3, 'ifType', 'Integer'),
        col(4, 'ifMtu', 'Integer'),
        col(5, 'ifSpeed', 'Gauge32'),
        col(6, 'ifPhysAddress', 'OctetString'),
        col(7, 'ifAdminStatus', 'Integer'),
        col(8, 'ifOperStatus', 'Integer'),
      ],
      rows: [
        {
          index: [1],
          values: { 1: 1, 2: 'Ethernet 10/100/1000 Base-T', 3: 6, 4: 1500, 5: 1_000_000_000, 6: mac, 7: 1, 8: 1 },
        },
      ],
    },
    {
      name: 'hrDeviceTable',
      entryOid: OID.hrDeviceEntry,
      columns: [
        col(1, 'hrDeviceIndex', 'Integer'),
        col(2, 'hrDeviceType', 'OID'),
        col(3, 'hrDeviceDescr', 'OctetString'),
        col(4, 'hrDeviceID', 'OID'),
        col(5, 'hrDeviceStatus', 'Integer'),
        col(6, 'hrDeviceErrors', 'Counter32'),
      ],
      rows: [
        {
          index: [PRINTER_HR_DEVICE_INDEX],
          values: {
            1: PRINTER_HR_DEVICE_INDEX,
            2: HR_DEVICE_PRINTER_OID,
            3: `${id.vendor} ${id.model}`,
            4: id.sysObjectId,
            5: model.deviceStatusValue(),
            6: model.alertEventCounts().critical,
          },
        },
      ],
    },
    {
      name: 'hrPrinterTable',
      entryOid: OID.hrPrinterEntry,
      columns: [col(1, 'hrPrinterStatus', 'Integer'), col(2, 'hrPrinterDetectedErrorState', 'OctetString')],
      rows: [
        {
          index: [PRINTER_HR_DEVICE_INDEX],
          values: { 1: model.printerStatusValue(), 2: model.errorStateOctets() },
        },
      ],
    },
    prtGeneralTable(model),
    {
      name: 'prtCoverTable',
      entryOid: OID.prtCoverEntry,
      columns: [col(2, 'prtCoverDescription', 'OctetString'), col(3, 'prtCoverStatus', 'Integer')],
      rows: model.coverViews().map((cover) => ({
        index: [PRINTER_HR_DEVICE_INDEX, cover.index],
        values: { 2: cover.description, 3: cover.open ? PrtCoverStatus.coverOpen : PrtCoverStatus.coverClosed },
      })),
    },
    {
      name: 'prtInputTable',
      entryOid: OID.prtInputEntry,
      columns: [
        col(2, 'prtInputType', 'Integer'),
        col(3, 'prtInputDimUnit', 'Integer'),
        col(8, 'prtInputCapacityUnit', 'Integer'),
        col(9, 'prtInputMaxCapacity', 'Integer'),
        col(10, 'prtInputCurrentLevel', 'Integer'),
        col(11, 'prtInputStatus', 'Integer'),
        col(12, 'prtInputMediaName', 'OctetString'),
        col(13, 'prtInputName', 'OctetString'),
        col(18, 'prtInputDescription', 'OctetString'),
      ],
      rows: model.trayViews().map((tray) => {
        const empty = tray.level === 0 && !tray.manual;
        const low = !empty && !tray.manual && tray.level <= tray.maxSheets * 0.1;
        const status = empty
          ? PrtSubUnitStatus.criticalAlerts
          : low
            ? PrtSubUnitStatus.nonCriticalAlerts
            : PrtSubUnitStatus.availableIdle;
        return {
          index: [PRINTER_HR_DEVICE_INDEX, tray.index],
          values: {
            2: PrtInputType[tray.type],
            3: PrtCapacityUnit.micrometers,
            8: PrtCapacityUnit.sheets,
            9: tray.maxSheets,
            10: tray.level,
            11: status,
            12: tray.mediaName,
            13: tray.name,
            18: `${tray.name} (${tray.mediaName})`,
          },
        };
      }),
    },
    {
      name: 'prtOutputTable',
      entryOid: OID.prtOutputEntry,
      columns: [
        col(2, 'prtOutputType', 'Integer'),
        col(3, 'prtOutputCapacityUnit', 'Integer'),
        col(4, 'prtOutputMaxCapacity', 'Integer'),
        col(5, 'prtOutputRemainingCapacity', 'Integer'),
        col(6, 'prtOutputStatus', 'Integer'),
        col(7, 'prtOutputName', 'OctetString'),
      ],
      rows: profile.outputs.map((output) => ({
        index: [PRINTER_HR_DEVICE_INDEX, output.index],
        values: {
          2: PrtOutputType.unRemovableBin,
          3: PrtCapacityUnit.sheets,
          4: output.maxSheets,
          // The bin is emptied by people faster than we model: "some remaining".
          5: PrtLevel.someRemaining,
          6: PrtSubUnitStatus.availableIdle,
          7: output.name,
        },
      })),
    },
    {
      name: 'prtMarkerTable',
      entryOid: OID.prtMarkerEntry,
      columns: [
        col(2, 'prtMarkerMarkTech', 'Integer'),
        col(3, 'prtMarkerCounterUnit', 'Integer'),
        col(4, 'prtMarkerLifeCount', 'Counter32'),
        col(5, 'prtMarkerPowerOnCount', 'Counter32'),
        col(6, 'prtMarkerProcessColorants', 'Integer'),
        col(7, 'prtMarkerSpotColorants', 'Integer'),
        col(15, 'prtMarkerStatus', 'Integer'),
      ],
      rows: [
        {
          index: [PRINTER_HR_DEVICE_INDEX, 1],
          values: {
            2: PrtMarkerMarkTech[profile.markTech],
            3: PrtMarkerCounterUnit.impressions,
            4: counters.total,
            5: counters.powerOn,
            6: model.colorants().length,
            7: 0,
            15: model.deviceStatus() === 'down' ? PrtSubUnitStatus.criticalAlerts : PrtSubUnitStatus.availableIdle,
          },
        },
      ],
    },
    {
      name: 'prtMarkerSuppliesTable',
      entryOid: OID.prtMarkerSuppliesEntry,
      columns: [
        col(2, 'prtMarkerSuppliesMarkerIndex', 'Integer'),
        col(3, 'prtMarkerSuppliesColorantIndex', 'Integer'),
        col(4, 'prtMarkerSuppliesClass', 'Integer'),
        col(5, 'prtMarkerSuppliesType', 'Integer'),
        col(6, 'prtMarkerSuppliesDescription', 'OctetString'),
        col(7, 'prtMarkerSuppliesSupplyUnit', 'Integer'),
        col(8, 'prtMarkerSuppliesMaxCapacity', 'Integer'),
        col(9, 'prtMarkerSuppliesLevel', 'Integer'),
      ],
      rows: model.supplyViews().map((supply) => ({
        index: [PRINTER_HR_DEVICE_INDEX, supply.index],
        values: {
          2: 1,
          3: supply.colorantIndex,
          4: PrtMarkerSuppliesClass[supply.class],
          5: PrtMarkerSuppliesType[supply.type],
          6: supply.description,
          7: PrtMarkerSuppliesSupplyUnit[supply.unit],
          8: supply.maxCapacity,
          9: supply.level,
        },
      })),
    },
    {
      name: 'prtMarkerColorantTable',
      entryOid: OID.prtMarkerColorantEntry,
      columns: [
        col(2, 'prtMarkerColorantMarkerIndex', 'Integer'),
        col(3, 'prtMarkerColorantRole', 'Integer'),
        col(4, 'prtMarkerColorantValue', 'OctetString'),
        col(5, 'prtMarkerColorantTonality', 'Integer'),
      ],
      rows: model.colorants().map((colorant) => ({
        index: [PRINTER_HR_DEVICE_INDEX, colorant.index],
        values: { 2: 1, 3: PrtMarkerColorantRole.process, 4: colorant.value, 5: 256 },
      })),
    },
    {
      name: 'prtConsoleDisplayBufferTable',
      entryOid: OID.prtConsoleDisplayBufferEntry,
      columns: [col(2, 'prtConsoleDisplayBufferText', 'OctetString')],
      rows: [{ index: [PRINTER_HR_DEVICE_INDEX, 1], values: { 2: consoleText(model) } }],
    },
    {
      name: 'prtAlertTable',
      entryOid: OID.prtAlertEntry,
      columns: [
        col(2, 'prtAlertSeverityLevel', 'Integer'),
        col(3, 'prtAlertTrainingLevel', 'Integer'),
        col(4, 'prtAlertGroup', 'Integer'),
        col(5, 'prtAlertGroupIndex', 'Integer'),
        col(6, 'prtAlertLocation', 'Integer'),
        col(7, 'prtAlertCode', 'Integer'),
        col(8, 'prtAlertDescription', 'OctetString'),
        col(9, 'prtAlertTime', 'TimeTicks'),
      ],
      rows: alerts.map((alert) => ({
        index: [PRINTER_HR_DEVICE_INDEX, alert.index],
        values: {
          2: PrtAlertSeverity[alert.severity],
          3: PrtAlertTrainingLevel[alert.training],
          4: PrtAlertGroup[alert.group],
          5: alert.groupIndex,
          6: alert.location,
          7: PrtAlertCode[alert.code],
          8: alert.description,
          9: alert.time,
        },
      })),
    },
  ];

  if (profile.vendorMib === 'konica') addKonicaMib(model, scalars, tables);
  return { scalars, tables };
}

function prtGeneralTable(model: DeviceModel): MibTable {
  const counts = model.alertEventCounts();
  const columns = [
    col(1, 'prtGeneralConfigChanges', 'Counter32'),
    col(2, 'prtGeneralCurrentLocalization', 'Integer'),
    col(6, 'prtInputDefaultIndex', 'Integer'),
    col(7, 'prtOutputDefaultIndex', 'Integer'),
    col(8, 'prtMarkerDefaultIndex', 'Integer'),
    col(16, 'prtGeneralPrinterName', 'OctetString'),
    col(18, 'prtAlertCriticalEvents', 'Counter32'),
    col(19, 'prtAlertAllEvents', 'Counter32'),
  ];
  const firstTray = model.trayViews().find((t) => !t.manual) ?? model.trayViews()[0];
  const values: Partial<Record<number, SmiValue>> = {
    1: 0,
    2: 1,
    6: firstTray?.index ?? 1,
    7: 1,
    8: 1,
    16: `${model.identity.vendor} ${model.identity.model}`,
    18: counts.critical,
    19: counts.total,
  };
  if (model.profile.serialSources.includes('prtGeneral')) {
    columns.splice(6, 0, col(17, 'prtGeneralSerialNumber', 'OctetString'));
    values[17] = model.identity.serialNumber;
  }
  return { name: 'prtGeneralTable', entryOid: OID.prtGeneralEntry, columns, rows: [{ index: [1], values }] };
}

function consoleText(model: DeviceModel): string {
  const alerts = model.alertViews();
  const criticalAlert = alerts.find((a) => a.severity === 'critical');
  if (criticalAlert) return criticalAlert.description;
  if (model.printerStatus() === 'printing') return 'Printing';
  if (model.activeFaults().includes('sleep')) return 'Sleep mode';
  return alerts[0]?.description ?? 'Ready to print';
}

function addKonicaMib(model: DeviceModel, scalars: MibScalar[], tables: MibTable[]): void {
  const id = model.identity;
  const c = model.counterValues();
  scalars.push(
    { name: 'kmFirmware', oid: OID.konicaFirmware, type: 'OctetString', value: id.firmware },
    { name: 'kmModelName', oid: OID.konicaModelName, type: 'OctetString', value: `${id.vendor} ${id.model}` },
    { name: 'kmTotalCounter', oid: OID.konicaTotalCounter, type: 'Integer', value: c.total },
    { name: 'kmTotalDuplex', oid: OID.konicaTotalDuplex, type: 'Integer', value: c.duplexSheets },
    { name: 'kmTotalScan', oid: OID.konicaTotalScan, type: 'Integer', value: c.scan },
  );
  if (model.profile.serialSources.includes('vendor')) {
    scalars.push({ name: 'kmSerialNumber', oid: OID.konicaSerialNumber, type: 'OctetString', value: id.serialNumber });
  }
  const rows = [
    { index: [1, 1], values: { 5: c.copy.black } },
    { index: [1, 2], values: { 5: c.print.black } },
  ];
  if (model.profile.color) {
    rows.push({ index: [2, 1], values: { 5: c.copy.color } }, { index: [2, 2], values: { 5: c.print.color } });
  }
  tables.push({
    name: 'kmScanTable',
    entryOid: OID.konicaScanEntry,
    columns: [col(5, 'kmScanCounter', 'Integer')],
    rows: [{ index: [1], values: { 5: c.scan } }],
  });
  tables.push({
    name: 'kmCounterTable',
    entryOid: OID.konicaCounterEntry,
    columns: [col(5, 'kmCounterValue', 'Integer')],
    rows,
  });
}
