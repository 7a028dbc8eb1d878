/**
 * The static printer the snmpd fleet serves: one colour MFP (Konica Minolta bizhub C300i-like) with the data set
 * the `poll` command reads (system group, Host-Resources device/printer rows, error state, life count, a 4-colour
 * + waste supplies table with colorants, two input trays, two alert rows, serial number).
 *
 * The same values drive the snmpd `override` lines, the snmp_exporter module and the check of each polled document,
 * so the three cannot drift apart.
 */

/** snmpd `override` types (snmpd.conf(5)): integer = INTEGER/Integer32, uinteger = Gauge32, counter = Counter32. */
export type OverrideType = 'integer' | 'uinteger' | 'counter' | 'octet_str' | 'object_id';

export interface DatasetValue {
  oid: string;
  type: OverrideType;
  /** Numbers for numeric types; text for octet_str/object_id; `hex` for binary octet strings. */
  value: number | string | { hex: string };
}

export interface PrinterProfile {
  sysDescr: string;
  sysObjectId: string;
  sysContact: string;
  sysName: string;
  sysLocation: string;
  serialNumber: string;
  lifeCount: number;
}

export const ENTERPRISE_KONICA_MINOLTA = 18334;

/** What a correct poll of a fleet device must report (checked on every document). */
export interface ExpectedDocument {
  serialNumber: string;
  sysName: string;
  total: number;
  errors: readonly string[];
  supplies: readonly { index: number; color: string | null; remainingPercent: number | null }[];
  alerts: number;
  trays: number;
}

interface SupplyRow {
  index: number;
  colorant: number;
  klass: number;
  type: number;
  description: string;
  unit: number;
  max: number;
  level: number;
  color: string | null;
  remainingPercent: number | null;
}

const SUPPLIES: readonly SupplyRow[] = [
  // prtMarkerSuppliesClass 3 = supplyThatIsConsumed, 4 = receptacleThatIsFilled; type 3 = toner, 4 = wasteToner;
  // unit 19 = percent.
  {
    index: 1,
    colorant: 1,
    klass: 3,
    type: 3,
    description: 'Toner (Cyan)',
    unit: 19,
    max: 100,
    level: 64,
    color: 'cyan',
    remainingPercent: 64,
  },
  {
    index: 2,
    colorant: 2,
    klass: 3,
    type: 3,
    description: 'Toner (Magenta)',
    unit: 19,
    max: 100,
    level: 41,
    color: 'magenta',
    remainingPercent: 41,
  },
  {
    index: 3,
    colorant: 3,
    klass: 3,
    type: 3,
    description: 'Toner (Yellow)',
    unit: 19,
    max: 100,
    level: 8,
    color: 'yellow',
    remainingPercent: 8,
  },
  {
    index: 4,
    colorant: 4,
    klass: 3,
    type: 3,
    description: 'Toner (Black)',
    unit: 19,
    max: 100,
    level: 77,
    color: 'black',
    remainingPercent: 77,
  },
  {
    index: 5,
    colorant: 0,
    klass: 4,
    type: 4,
    description: 'Waste Toner Box',
    unit: 19,
    max: 100,
    level: 70,
    color: null,
    remainingPercent: 70,
  },
];
const COLORANTS = ['cyan', 'magenta', 'yellow', 'black'];

/** hrPrinterDetectedErrorState: lowPaper (bit 0) + lowToner (bit 2) in the first of two octets. */
const ERROR_STATE_HEX = 'a000';

/** A profile for the devices of one snmpd process: the serial and sysName carry the process number. */
export function fleetProfile(processNumber: number): PrinterProfile {
  const n = String(processNumber).padStart(4, '0');
  return {
    sysDescr: 'KONICA MINOLTA bizhub C300i',
    sysObjectId: `1.3.6.1.4.1.${ENTERPRISE_KONICA_MINOLTA}.1.1.1.2.1.300.1`,
    sysContact: 'Fleet desk',
    sysName: `bench-mfp-p${n}`,
    sysLocation: 'Bench rack',
    serialNumber: `A7PU021${n}`,
    lifeCount: 123_456 + processNumber,
  };
}

export function expectedDocument(profile: PrinterProfile): ExpectedDocument {
  return {
    serialNumber: profile.serialNumber,
    sysName: profile.sysName,
    total: profile.lifeCount,
    errors: ['lowPaper', 'lowToner'],
    supplies: SUPPLIES.map((s) => ({ index: s.index, color: s.color, remainingPercent: s.remainingPercent })),
    alerts: 2,
    trays: 2,
  };
}

/** The printer's MIB values below the system group (the system group comes from snmpd's own sys* directives). */
export function printerValues(profile: PrinterProfile): DatasetValue[] {
  const v: DatasetValue[] = [];
  const add = (oid: string, type: OverrideType, value: DatasetValue['value']): void => {
    v.push({ oid, type, value });
  };
  // Host-Resources: hrDeviceTable row 1 is the printer; hrPrinterTable row 1.
  add('1.3.6.1.2.1.25.3.2.1.1.1', 'integer', 1);
  add('1.3.6.1.2.1.25.3.2.1.2.1', 'object_id', '1.3.6.1.2.1.25.3.1.5');
  add('1.3.6.1.2.1.25.3.2.1.3.1', 'octet_str', profile.sysDescr);
  add('1.3.6.1.2.1.25.3.2.1.5.1', 'integer', 3); // warning
  add('1.3.6.1.2.1.25.3.5.1.1.1', 'integer', 3); // idle
  add('1.3.6.1.2.1.25.3.5.1.2.1', 'octet_str', { hex: ERROR_STATE_HEX });
  // prtGeneralSerialNumber
  add('1.3.6.1.2.1.43.5.1.1.17.1', 'octet_str', profile.serialNumber);
  // prtInputTable: 2 trays (type 3 sheetFeedAutoRemovableTray, unit 8 sheets).
  const trays = [
    { index: 1, name: 'Tray 1', media: 'A4', max: 500, level: 350 },
    { index: 2, name: 'Tray 2', media: 'A3', max: 500, level: 20 },
  ];
  for (const col of [2, 8, 9, 10, 12, 13]) {
    for (const t of trays) {
      const oid = `1.3.6.1.2.1.43.8.2.1.${col}.1.${t.index}`;
      if (col === 2) add(oid, 'integer', 3);
      if (col === 8) add(oid, 'integer', 8);
      if (col === 9) add(oid, 'integer', t.max);
      if (col === 10) add(oid, 'integer', t.level);
      if (col === 12) add(oid, 'octet_str', t.media);
      if (col === 13) add(oid, 'octet_str', t.name);
    }
  }
  // prtMarkerTable: marker 1, unit 7 (impressions), life count.
  add('1.3.6.1.2.1.43.10.2.1.3.1.1', 'integer', 7);
  add('1.3.6.1.2.1.43.10.2.1.4.1.1', 'counter', profile.lifeCount);
  // prtMarkerSuppliesTable, column by column (the order a walk returns).
  for (const col of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
    for (const s of SUPPLIES) {
      const oid = `1.3.6.1.2.1.43.11.1.1.${col}.1.${s.index}`;
      const values: Record<number, DatasetValue['value']> = {
        1: s.index,
        2: 1,
        3: s.colorant,
        4: s.klass,
        5: s.type,
        6: s.description,
        7: s.unit,
        8: s.max,
        9: s.level,
      };
      add(oid, col === 6 ? 'octet_str' : 'integer', values[col]!);
    }
  }
  // prtMarkerColorantTable value column.
  COLORANTS.forEach((name, i) => add(`1.3.6.1.2.1.43.12.1.1.4.1.${i + 1}`, 'octet_str', name));
  // prtAlertTable: yellow toner low (markerSupplies 11, code 1104 markerTonerAlmostEmpty) and tray 2 paper low
  // (input 8, code 807 inputMediaSupplyLow); severity 4 = warningUnaryChangeEvent.
  const alerts = [
    { index: 1, severity: 4, group: 11, groupIndex: 3, location: 0, code: 1104, text: 'Yellow toner low', time: 1200 },
    { index: 2, severity: 4, group: 8, groupIndex: 2, location: 0, code: 807, text: 'Tray 2 paper low', time: 1500 },
  ];
  for (const col of [2, 4, 5, 6, 7, 8, 9]) {
    for (const a of alerts) {
      const oid = `1.3.6.1.2.1.43.18.1.1.${col}.1.${a.index}`;
      if (col === 2) add(oid, 'integer', a.severity);
      if (col === 4) add(oid, 'integer', a.group);
      if (col === 5) add(oid, 'integer', a.groupIndex);
      if (col === 6) add(oid, 'integer', a.location);
      if (col === 7) add(oid, 'integer', a.code);
      if (col === 8) add(oid, 'octet_str', a.text);
      if (col === 9) add(oid, 'uinteger', a.time);
    }
  }
  return v;
}
