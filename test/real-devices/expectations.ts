/**
 * What the `poll` command MUST report for each real-printer recording in `../shared/fixtures/snmprec`
 * (LibreNMS test data, served by snmpsimd; community = file name without `.snmprec`). Written by reading
 * every recording line by line, not by running the product. `expectations.spec.ts` re-reads the
 * recordings and checks the raw numbers and strings copied here, so a typo here cannot hide a bug there.
 *
 * ## Canonical vendor names (IANA enterprise number of sysObjectID → `identity.vendor`)
 *     11 HP            236 Samsung        253 Xerox          297 Fuji Xerox     367 Ricoh
 *    641 Lexmark       674 Dell           683 Extended Systems (ZebraNet print servers)
 *   1129 Toshiba      1248 Epson         1347 Kyocera       1602 Canon         2001 OKI
 *   2385 Sharp        2435 Brother      10642 Zebra        18334 Konica Minolta
 * OEM brands keep the enterprise's name (Gestetner, Lanier, NRG and Savin are Ricoh 367). Without a
 * sysObjectID the vendor comes from the first word of sysDescr mapped to the same names ("SHARP" → Sharp).
 *
 * ## Rules these expectations follow (the contract leaves them open; an administrator's reading)
 * - remainingPercent = level / max × 100 for consumables AND receptacles (RFC 3805: a receptacle's level is
 *   its free space, so the same formula gives the free space left). Compared with a tolerance of 0.5, so
 *   the exact value, one decimal or the rounded integer all pass. null when level < 0 (-1, -2, -3) or
 *   max ≤ 0 (-1, -2, 0).
 * - state: level 0 → "empty" (for a receptacle: no free space, i.e. full); 0 < percent ≤ 10 → "low";
 *   percent > 10 → "ok"; level -3 ("some remaining") → "ok"; level > 0 with an unusable max (Sharp's
 *   waste box: 100 with max -2) → "ok", percent null; level -2 (unknown) → "unknown".
 *   Level -1 (no restriction) occurs in no recording, so no expectation pins it.
 * - class: no recording has prtMarkerSuppliesClass. When prtMarkerSuppliesType is present the class
 *   follows from it: waste types (wasteToner 4, wasteInk 8, wasteWax 14, wasteWater 24, wastePaper 26) →
 *   "receptacle", every other known type → "consumed". With no type, or type other(1)/unknown(2), the
 *   class is not checked (`class` omitted).
 * - colour: no recording links a supply to the colorant table (no prtMarkerSuppliesColorantIndex; konica
 *   has a colorant table without the link), so every colour here comes from the description's colour word
 *   (black, cyan, magenta, yellow), compared case-insensitively; null when the description names none.
 * - description: part/serial suffixes are split only where the device marks them (Xerox ", PN …;SN…",
 *   Samsung " S/N:…"); "unknown" and empty parts are null. HP's "… Cartridge HP CF410A" may stay whole
 *   or be split into description + partNumber (both forms listed).
 * - status.device is hrDeviceStatus of the printer's hrDeviceTable row (hrDeviceType = printer, or the row
 *   that has an hrPrinterTable entry); errors come from hrPrinterDetectedErrorState only, [] when absent.
 * - model: `strict` when the printer's hrDeviceDescr (or a vendor model object the contract names) gives
 *   it; otherwise the accepted forms are only advisory (printed, not failed): the contract gives no source.
 * - serialNumber: exact or null. `serialNullAllowed` marks sources beyond what the contract requires
 *   (a null there is reported as a note; a different non-null value still fails).
 * - counters beyond `total`: when listed, a non-null value must match; null is reported as a note.
 *   `vendorCountersAbsent` means the recording has no vendor counters, so every one must be null.
 * - sysDescr is compared exactly, except that trailing blanks may be trimmed (samsungprinter_m4080fx).
 * - firmware is advisory only (the contract says "where readable").
 * - input trays: the same level semantics; `level`/`max` null for negative values, levelPercent ± 0.5.
 *
 * Not covered by any recording (so only by the driver's unit tests): supply descriptions in hex with
 * trailing NULs or in UTF-8 CJK, prtMarkerSuppliesClass, prtMarkerSuppliesSupplyUnit, a colorant link,
 * level -1, prtAlertTable rows, SNMPv3.
 */

export type SupplyClassName = 'consumed' | 'receptacle' | 'other';
export type SupplyStateName = 'ok' | 'low' | 'empty' | 'unknown';
export type DeviceStatus = 'unknown' | 'running' | 'warning' | 'testing' | 'down';
export type PrinterStatus = 'other' | 'unknown' | 'idle' | 'printing' | 'warmup';
export type PrinterErrorName =
  | 'lowPaper'
  | 'noPaper'
  | 'lowToner'
  | 'noToner'
  | 'doorOpen'
  | 'jammed'
  | 'offline'
  | 'serviceRequested'
  | 'inputTrayMissing'
  | 'outputTrayMissing'
  | 'markerSupplyMissing'
  | 'outputNearFull'
  | 'outputFull'
  | 'inputTrayEmpty'
  | 'overduePreventMaint';

/** One accepted value, or any of several (a genuinely ambiguous recording; the first is preferred). */
export type OneOf<T> = T | { oneOf: T[] };

export interface DescriptionForm {
  description: string;
  partNumber: string | null;
  serialNumber: string | null;
}

export interface SupplyExpectation {
  /** prtMarkerSuppliesIndex */
  index: number;
  /** The raw prtMarkerSuppliesDescription as recorded (checked against the file by expectations.spec.ts). */
  rawDescription: string;
  /** Accepted decodings; the first is preferred. */
  forms: DescriptionForm[];
  /** PrtMarkerSuppliesTypeTC name, null when the column is absent. */
  type: string | null;
  /** Omitted = not checked (see the header). */
  class?: SupplyClassName;
  color: string | null;
  raw: { level: number; max: number; unit: null };
  remainingPercent: number | null;
  state: SupplyStateName;
}

export interface TrayExpectation {
  /** prtInputIndex */
  index: number;
  name: string | null;
  raw: { level: number; max: number };
  /** Normalised: null for -1/-2/-3. */
  level: number | null;
  max: number | null;
  levelPercent: number | null;
}

export interface MarkerExpectation {
  index: number;
  lifeCount: number;
  /** PrtMarkerCounterUnitTC name; null when the column is absent. */
  unit: string | null;
}

export interface VendorCounters {
  black?: number;
  color?: number;
  print?: number;
  copy?: number;
  scan?: number;
  fax?: number;
}

export interface ModelExpectation {
  strict: boolean;
  accept: (string | null)[];
}

export interface RecordingExpectation {
  /** File name in ../shared/fixtures/snmprec. */
  file: string;
  /** What this recording shows (the quirk a reader must survive). */
  quirks: string;
  identity: {
    vendor: OneOf<string | null>;
    enterprise: number | null;
    sysObjectId: string | null;
    sysDescr: string | null;
    model: ModelExpectation;
    serialNumber: string | null;
    /** The OID the serial number comes from (checked against `sources['identity.serialNumber']`). */
    serialOid?: string;
    serialNullAllowed?: boolean;
    /** Advisory only (printed, never failed): the firmware version a vendor MIB gives. */
    firmware?: string;
  };
  status: {
    device: OneOf<DeviceStatus | null>;
    printer: PrinterStatus | null;
    errors: PrinterErrorName[];
    /** hrPrinterDetectedErrorState as hex ("" = empty octet string, null = absent). */
    rawErrorState: string | null;
  };
  counters: {
    total: number | null;
    markers: MarkerExpectation[];
    vendor?: VendorCounters;
    vendorCountersAbsent?: boolean;
  };
  /** The complete list, in prtMarkerSuppliesIndex order. */
  supplies: SupplyExpectation[];
  /** The complete list of input trays (prtInputTable). */
  trays: TrayExpectation[];
}

export const COMMUNITY_OF = (file: string): string => file.replace(/\.snmprec$/, '');

/** prtMarkerLifeCount of marker 1: where `counters.total` comes from. */
export const PRT_LIFE_COUNT_1 = '1.3.6.1.2.1.43.10.2.1.4.1.1';
const PRT_SERIAL = '1.3.6.1.2.1.43.5.1.1.17.1';

/** Shorthand for a supply whose description has no part/serial suffix. */
function supply(
  index: number,
  rawDescription: string,
  type: string | null,
  cls: SupplyClassName | undefined,
  color: string | null,
  level: number,
  max: number,
  remainingPercent: number | null,
  state: SupplyStateName,
): SupplyExpectation {
  const s: SupplyExpectation = {
    index,
    rawDescription,
    forms: [{ description: rawDescription, partNumber: null, serialNumber: null }],
    type,
    color,
    raw: { level, max, unit: null },
    remainingPercent,
    state,
  };
  if (cls) s.class = cls;
  return s;
}

function withForms(s: SupplyExpectation, forms: DescriptionForm[]): SupplyExpectation {
  return { ...s, forms };
}

function tray(index: number, name: string | null, level: number, max: number): TrayExpectation {
  const lv = level >= 0 ? level : null;
  const mx = max > 0 ? max : null;
  return {
    index,
    name,
    raw: { level, max },
    level: lv,
    max: max >= 0 ? max : null,
    levelPercent: lv !== null && mx !== null ? (lv / mx) * 100 : null,
  };
}

const noStatus = { device: null, printer: null, errors: [], rawErrorState: null } as const;
const noCounters = { total: null, markers: [], vendorCountersAbsent: true } as const;

/** A recording that carries identification (sysDescr and/or sysObjectID) only. */
function identOnly(
  file: string,
  quirks: string,
  identity: Omit<RecordingExpectation['identity'], 'serialNumber'> & { serialNumber?: string | null },
): RecordingExpectation {
  return {
    file,
    quirks,
    identity: { serialNumber: null, ...identity },
    status: { ...noStatus, errors: [] },
    counters: { ...noCounters, markers: [] },
    supplies: [],
    trays: [],
  };
}

const HP_M452_MODEL: ModelExpectation = { strict: true, accept: ['HP Color LaserJet M452nw', 'Color LaserJet M452nw'] };

/** HP JetDirect supplies of jetdirect.snmprec / jetdirect_context.snmprec (no type, class or colorant). */
const HP_M452_SUPPLIES: SupplyExpectation[] = [
  ['Black Cartridge HP CF410A', 'Black Cartridge', 'CF410A', 'black', 54],
  ['Cyan Cartridge HP CF411A', 'Cyan Cartridge', 'CF411A', 'cyan', 44],
  ['Magenta Cartridge HP CF413A This description is longer than 32', 'Magenta Cartridge', 'CF413A', 'magenta', 76],
  ['Yellow Cartridge HP CF412A', 'Yellow Cartridge', 'CF412A', 'yellow', 71],
].map(([raw, base, pn, color, level], i) => {
  const s = supply(i + 1, raw as string, null, undefined, color as string, level as number, 100, level as number, 'ok');
  const forms: DescriptionForm[] = [{ description: raw as string, partNumber: null, serialNumber: null }];
  // The long one keeps its trailing text; only the plain "<colour> Cartridge HP <part>" form may be split.
  if (i !== 2) forms.push({ description: base as string, partNumber: pn as string, serialNumber: null });
  return withForms(s, forms);
});

export const EXPECTATIONS: RecordingExpectation[] = [
  {
    file: 'brother.snmprec',
    quirks:
      'Serial only in the Brother MIB (2435.2.3.9.4.2.1.5.5.1.0); the HP serial OID 11.2.3.9.4.2.1.1.3.3.0 is ' +
      'present too but holds binary garbage (0x01 0x15 …\\n32) and must not win. Toner level -3 with max -2; ' +
      'one-octet error state 00; hrDeviceID 0.0; trays with level -3; no prtMarkerLifeCount.',
    identity: {
      vendor: 'Brother',
      enterprise: 2435,
      sysObjectId: '1.3.6.1.4.1.2435.2.3.9.1',
      sysDescr: 'Brother NC-8300h, Firmware Ver.1.14  (14.11.06),MID 8C5-F01,FID 2',
      model: { strict: true, accept: ['Brother MFC-L2710DW series', 'MFC-L2710DW series', 'MFC-L2710DW'] },
      serialNumber: '000A5J431816',
      serialOid: '1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.1.0',
    },
    status: { device: 'running', printer: null, errors: [], rawErrorState: '00' },
    counters: { total: null, markers: [], vendorCountersAbsent: true },
    supplies: [
      supply(1, 'Black Toner Cartridge', 'toner', 'consumed', 'black', -3, -2, null, 'ok'),
      supply(2, 'Drum Unit', 'opc', 'consumed', null, 11501, 12000, (11501 / 12000) * 100, 'ok'),
    ],
    trays: [tray(1, 'AUTO', -3, 250), tray(2, 'MANUAL TRAY', -3, 1), tray(3, 'TRAY1', -3, 250)],
  },
  identOnly('canonprinter_d1180.snmprec', 'Identification only (sysDescr with the "/P" suffix Canon adds).', {
    vendor: 'Canon',
    enterprise: 1602,
    sysObjectId: '1.3.6.1.4.1.1602.4.7',
    sysDescr: 'Canon D1180/MF6680 /P',
    model: { strict: false, accept: ['D1180/MF6680', 'Canon D1180/MF6680'] },
  }),
  identOnly('canonprinter_ir-adv.snmprec', 'Identification only; same sysObjectID as the D1180, other model.', {
    vendor: 'Canon',
    enterprise: 1602,
    sysObjectId: '1.3.6.1.4.1.1602.4.7',
    sysDescr: 'Canon iR-ADV C5235 /P',
    model: { strict: false, accept: ['iR-ADV C5235', 'Canon iR-ADV C5235'] },
  }),
  {
    file: 'canonprinter_lbp.snmprec',
    quirks:
      'prtGeneralSerialNumber present; one supply without type/class/colour; Canon MIB model and firmware ' +
      '(1602.1.1.1.1.0 / .4.0); duplicate ipAddrTable lines in the recording.',
    identity: {
      vendor: 'Canon',
      enterprise: 1602,
      sysObjectId: '1.3.6.1.4.1.1602.4.2',
      sysDescr: 'Canon LBP6670 /P',
      model: { strict: true, accept: ['Canon LBP6670', 'LBP6670'] },
      serialNumber: 'MKRA012345',
      serialOid: PRT_SERIAL,
      firmware: 'R7.21',
    },
    status: { device: 'running', printer: null, errors: [], rawErrorState: null },
    counters: { total: null, markers: [], vendorCountersAbsent: true },
    supplies: [supply(1, 'Canon Cartridge 719/719H', null, undefined, null, 70, 100, 70, 'ok')],
    trays: [],
  },
  identOnly('canonprinter_mf.snmprec', 'One line: sysDescr only, no sysObjectID (vendor from sysDescr).', {
    vendor: 'Canon',
    enterprise: null,
    sysObjectId: null,
    sysDescr: 'Canon MF',
    model: { strict: false, accept: ['MF', 'Canon MF', null] },
  }),
  identOnly('dell-laser.snmprec', 'One line: sysDescr only (vendor from sysDescr).', {
    vendor: 'Dell',
    enterprise: null,
    sysObjectId: null,
    sysDescr: 'Dell B3460dn Laser Printer version NH5.CY.N543 kernel 3.0.0 All-N-1',
    model: {
      strict: false,
      accept: ['B3460dn', 'Dell B3460dn', 'B3460dn Laser Printer', 'Dell B3460dn Laser Printer'],
    },
  }),
  identOnly('dell-laser_color.snmprec', 'One line: sysDescr only (vendor from sysDescr).', {
    vendor: 'Dell',
    enterprise: null,
    sysObjectId: null,
    sysDescr: 'Dell Color Laser',
    model: { strict: false, accept: [null, 'Color Laser', 'Dell Color Laser'] },
  }),
  identOnly('dell-laser_mfp.snmprec', 'Identification only; long sysObjectID under Dell 674.', {
    vendor: 'Dell',
    enterprise: 674,
    sysObjectId: '1.3.6.1.4.1.674.10898.10.52.1094473223',
    sysDescr: 'Dell MFP Laser 3115cn; Net 9.26, Controller 200709110910, Engine 05.09.00',
    model: { strict: false, accept: ['MFP Laser 3115cn', 'Dell MFP Laser 3115cn', '3115cn'] },
  }),
  {
    file: 'epson-scanner_ds-860.snmprec',
    quirks:
      'A scanner, not a printer: its only hrDeviceTable row is hrDeviceOther, no Printer-MIB at all. ' +
      'sysObjectID encodes "Network Interface Unit" in its arcs. Serial from the Epson MIB 1248.1.1.3.1.1.1.0 ' +
      '(LibreNMS reads it as the serial; it looks like the network name EP + MAC tail, so null is tolerated).',
    identity: {
      vendor: 'Epson',
      enterprise: 1248,
      sysObjectId:
        '1.3.6.1.4.1.1248.1.1.2.1.3.22.78.101.116.119.111.114.107.32.73.110.116.101.114.102.97.99.101.32.85.110.105.116',
      sysDescr: 'EPSON 10/100/1000 Ethernet USB Ext. Scan Server',
      model: { strict: true, accept: ['DS-860', 'EPSON DS-860'] },
      serialNumber: 'EP335FDCENSN08',
      serialOid: '1.3.6.1.4.1.1248.1.1.3.1.1.1.0',
      serialNullAllowed: true,
      firmware: '02.03',
    },
    // No printer row: null is the strict reading, "running" (the only row) the practical one.
    status: { device: { oneOf: [null, 'running'] }, printer: null, errors: [], rawErrorState: null },
    counters: { total: null, markers: [], vendorCountersAbsent: true },
    supplies: [],
    trays: [],
  },
  {
    file: 'epson.snmprec',
    quirks:
      'hrPrinterDetectedErrorState is an EMPTY octet string (zero octets) while hrDeviceStatus says warning; ' +
      'all four inks at 1/100 (low); input trays with level -2; sysObjectID encodes "EEPS2".',
    identity: {
      vendor: 'Epson',
      enterprise: 1248,
      sysObjectId: '1.3.6.1.4.1.1248.1.1.2.1.3.5.69.69.80.83.50',
      sysDescr: 'EPSON Built-in',
      model: { strict: true, accept: ['EPSON WF-C5790BA', 'WF-C5790BA', 'WF-C5790'] },
      serialNumber: 'X3B8022793',
      serialOid: PRT_SERIAL,
    },
    status: { device: 'warning', printer: null, errors: [], rawErrorState: '' },
    counters: { total: null, markers: [], vendorCountersAbsent: true },
    supplies: [
      supply(1, 'Black Ink Supply Unit T9441/T9451/T9461', 'ink', 'consumed', 'black', 1, 100, 1, 'low'),
      supply(2, 'Cyan Ink Supply Unit T9442/T9452', 'ink', 'consumed', 'cyan', 1, 100, 1, 'low'),
      supply(3, 'Magenta Ink Supply Unit T9443/T9453', 'ink', 'consumed', 'magenta', 1, 100, 1, 'low'),
      supply(4, 'Yellow Ink Supply Unit T9444/T9454', 'ink', 'consumed', 'yellow', 1, 100, 1, 'low'),
    ],
    trays: [tray(1, 'Rear Auto Sheet Feeder', -2, 80), tray(2, 'Sheet feeder bin 1', -2, 250)],
  },
  identOnly(
    'gestetner.snmprec',
    'Ricoh OEM brand (enterprise 367): serial and model only in the Ricoh MIB (367.3.2.1.2.1.4.0, 367.3.2.1.1.1.1.0).',
    {
      vendor: 'Ricoh',
      enterprise: 367,
      sysObjectId: '1.3.6.1.4.1.367.1.1',
      sysDescr: 'Gestetner MPC2500/DSc525 1.71 / Gestetner Network Printer C model / Gestetner Network Scanner C model',
      model: { strict: false, accept: ['Gestetner MPC2500/DSc525', 'MPC2500/DSc525'] },
      serialNumber: 'M6394300657',
      serialOid: '1.3.6.1.4.1.367.3.2.1.2.1.4.0',
      firmware: '1.71',
    },
  ),
  {
    file: 'jetdirect.snmprec',
    quirks:
      'Serial only as "SN:" in sysDescr (an anonymised placeholder, reported as the device gives it); ' +
      'supplies with no type, class or colorant; one description longer than 32 characters; IEEE 1284 ' +
      'device ID in the HP MIB (11.2.3.9.1.1.7.0); no life count.',
    identity: {
      vendor: 'HP',
      enterprise: 11,
      sysObjectId: '1.3.6.1.4.1.11.2.3.9.1',
      sysDescr: 'HP ETHERNET MULTI-ENVIRONMENT,SN:AAA0A00000,FN:1G11F33,SVCID:26267,PID:Purchasing Color Laser',
      model: HP_M452_MODEL,
      serialNumber: 'AAA0A00000',
      serialOid: '1.3.6.1.2.1.1.1.0',
    },
    status: { device: 'running', printer: null, errors: [], rawErrorState: null },
    counters: { total: null, markers: [], vendorCountersAbsent: true },
    supplies: HP_M452_SUPPLIES,
    trays: [],
  },
  identOnly(
    'jetdirect_1.snmprec',
    'An HP JetDirect EX sysDescr with a Kyocera sysObjectID (1347.41): vendor follows the enterprise number.',
    {
      vendor: 'Kyocera',
      enterprise: 1347,
      sysObjectId: '1.3.6.1.4.1.1347.41',
      sysDescr: 'HP ETHERNET MULTI-ENVIRONMENT,ROM J.sp.00,JETDIRECT EX,JD28 EEPROM 5.58',
      model: { strict: false, accept: [null] },
    },
  ),
  identOnly('jetdirect_2.snmprec', 'One line: sysObjectID only (1.3.6.1.4.1.11.1), no sysDescr at all.', {
    vendor: 'HP',
    enterprise: 11,
    sysObjectId: '1.3.6.1.4.1.11.1',
    sysDescr: null,
    model: { strict: false, accept: [null] },
  }),
  {
    file: 'jetdirect_context.snmprec',
    quirks:
      'Same device as jetdirect.snmprec, default context: the IEEE 1284 device ID lives in the second ' +
      'context (jetdirect_context@Jetdirect). Must read the same serial and supplies.',
    identity: {
      vendor: 'HP',
      enterprise: 11,
      sysObjectId: '1.3.6.1.4.1.11.2.3.9.1',
      sysDescr: 'HP ETHERNET MULTI-ENVIRONMENT,SN:AAA0A00000,FN:1G11F33,SVCID:26267,PID:Purchasing Color Laser',
      model: HP_M452_MODEL,
      serialNumber: 'AAA0A00000',
      serialOid: '1.3.6.1.2.1.1.1.0',
    },
    status: { device: 'running', printer: null, errors: [], rawErrorState: null },
    counters: { total: null, markers: [], vendorCountersAbsent: true },
    supplies: HP_M452_SUPPLIES,
    trays: [],
  },
  identOnly(
    'jetdirect_context@Jetdirect.snmprec',
    'Second SNMP context of an HP JetDirect card, served under the community "jetdirect_context@Jetdirect": ' +
      'no system group at all (no sysDescr, no sysObjectID), only the IEEE 1284 device ID. The poll still ' +
      'succeeds (the agent answers) with identity null except what the device ID gives.',
    {
      vendor: { oneOf: [null, 'HP'] },
      enterprise: null,
      sysObjectId: null,
      sysDescr: null,
      model: { strict: false, accept: ['HP Color LaserJet M452nw', 'Color LaserJet M452nw', null] },
    },
  ),
  identOnly(
    'jetdirect_supplies_context.snmprec',
    'Default context of a JetDirect whose supplies live in the @Jetdirect context: system group only, ' +
      'anonymised "SN:TEST000000" in sysDescr, PID: names the product; no supplies here.',
    {
      vendor: 'HP',
      enterprise: 11,
      sysObjectId: '1.3.6.1.4.1.11.2.3.9.1',
      sysDescr: 'HP ETHERNET MULTI-ENVIRONMENT,SN:TEST000000,PID:HP Color LaserJet Test',
      model: { strict: false, accept: ['HP Color LaserJet Test', 'Color LaserJet Test'] },
      serialNumber: 'TEST000000',
      serialOid: '1.3.6.1.2.1.1.1.0',
    },
  ),
  {
    file: 'jetdirect_supplies_context@Jetdirect.snmprec',
    quirks:
      'Second context holding only the supplies table (type toner, no class/colorant) and the 1284 device ID; ' +
      'no system group.',
    identity: {
      vendor: { oneOf: [null, 'HP'] },
      enterprise: null,
      sysObjectId: null,
      sysDescr: null,
      model: { strict: false, accept: ['HP Color LaserJet Test', 'Color LaserJet Test', null] },
      serialNumber: null,
    },
    status: { ...noStatus, errors: [] },
    counters: { total: null, markers: [], vendorCountersAbsent: true },
    supplies: [
      supply(1, 'Black Cartridge', 'toner', 'consumed', 'black', 61, 100, 61, 'ok'),
      supply(2, 'Cyan Cartridge', 'toner', 'consumed', 'cyan', 47, 100, 47, 'ok'),
      supply(3, 'Magenta Cartridge', 'toner', 'consumed', 'magenta', 72, 100, 72, 'ok'),
      supply(4, 'Yellow Cartridge', 'toner', 'consumed', 'yellow', 55, 100, 55, 'ok'),
    ],
    trays: [],
  },
  {
    file: 'konica.snmprec',
    quirks:
      'Three different model strings (sysDescr bizhub C3110, hrDeviceDescr "Generic 28C-1", Konica MIB ' +
      '"Develop ineo+ 280"); supplies with ONLY description/max/level (no type, class, colorant index) while a ' +
      'colorant table exists unlinked; waste toner box -3 with max -2; no serial anywhere; no life count.',
    identity: {
      vendor: 'Konica Minolta',
      enterprise: 18334,
      sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.117.2.2',
      sysDescr: 'KONICA MINOLTA bizhub C3110',
      model: {
        strict: false,
        accept: ['bizhub C3110', 'KONICA MINOLTA bizhub C3110', 'Develop ineo+ 280', 'Generic 28C-1'],
      },
      serialNumber: null,
    },
    status: { device: 'warning', printer: null, errors: [], rawErrorState: null },
    counters: { total: null, markers: [], vendorCountersAbsent: true },
    supplies: (
      [
        ['Toner (Cyan)', 'cyan', 29],
        ['Toner (Magenta)', 'magenta', 31],
        ['Toner (Yellow)', 'yellow', 58],
        ['Toner (Black)', 'black', 83],
        ['Drum Cartridge (Cyan)', 'cyan', 59],
        ['Developer Cartridge (Cyan)', 'cyan', 79],
        ['Drum Cartridge (Magenta)', 'magenta', 97],
        ['Developer Cartridge (Magenta)', 'magenta', 78],
        ['Drum Cartridge (Yellow)', 'yellow', 59],
        ['Developer Cartridge (Yellow)', 'yellow', 78],
        ['Drum Cartridge (Black)', 'black', 20],
        ['Developer Cartridge (Black)', 'black', 71],
      ] as const
    )
      .map(([d, c, l], i) => supply(i + 1, d, null, undefined, c, l, 100, l, 'ok'))
      .concat([
        supply(13, 'Waste Toner Box', null, undefined, null, -3, -2, null, 'ok'),
        supply(14, 'Fusing Unit', null, undefined, null, 68, 100, 68, 'ok'),
        supply(15, 'Image Transfer Belt Unit', null, undefined, null, 41, 100, 41, 'ok'),
        supply(16, 'Transfer Roller Unit', null, undefined, null, 45, 100, 45, 'ok'),
        supply(17, 'Ozone Filter', null, undefined, null, 45, 100, 45, 'ok'),
      ]),
    trays: [],
  },
  {
    file: 'konica_c250i.snmprec',
    quirks:
      'TWO-octet error state 0x0100 = serviceRequested (bit 7); hrDeviceStatus warning; no hrPrinterStatus; ' +
      'supply indexes 1-4 and 13 (gap); waste toner box type 4 with level -3 and max -2; prtMarkerLifeCount ' +
      'without a counter unit; tray 7 with level 0; Konica vendor counters (18334.1.1.1.5.7.2) of unknown split.',
    identity: {
      vendor: 'Konica Minolta',
      enterprise: 18334,
      sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4',
      sysDescr: 'KONICA MINOLTA bizhub C250i',
      model: { strict: true, accept: ['KONICA MINOLTA bizhub C250i', 'bizhub C250i'] },
      serialNumber: 'AA2M021115700',
      serialOid: PRT_SERIAL,
      firmware: '1.102',
    },
    status: { device: 'warning', printer: null, errors: ['serviceRequested'], rawErrorState: '0100' },
    // Konica counter table 18334.1.1.1.5.7.2.2.1.5.<1 black|2 colour>.<1 copy|2 print> (3672, 22876, 544, 6711)
    // and 18334.1.1.1.5.7.2.1.5.0 scans (5653), as LibreNMS and Checkmk read them.
    counters: {
      total: 33810,
      markers: [{ index: 1, lifeCount: 33810, unit: null }],
      vendor: { black: 26548, color: 7255, print: 29587, copy: 4216, scan: 5653 },
    },
    supplies: [
      supply(1, 'Toner (Cyan)', 'toner', 'consumed', 'cyan', 76, 100, 76, 'ok'),
      supply(2, 'Toner (Magenta)', 'toner', 'consumed', 'magenta', 78, 100, 78, 'ok'),
      supply(3, 'Toner (Yellow)', 'toner', 'consumed', 'yellow', 77, 100, 77, 'ok'),
      supply(4, 'Toner (Black)', 'toner', 'consumed', 'black', 86, 100, 86, 'ok'),
      supply(13, 'Waste Toner Box', 'wasteToner', 'receptacle', null, -3, -2, null, 'ok'),
    ],
    trays: [tray(1, null, 500, 500), tray(2, null, 500, 500), tray(7, null, 0, 150)],
  },
  identOnly('lanier.snmprec', 'Ricoh OEM brand (367) identified by sysDescr only.', {
    vendor: 'Ricoh',
    enterprise: 367,
    sysObjectId: '1.3.6.1.4.1.367.1.1',
    sysDescr: 'LANIER MP C3501/LD635C 2.01 / LANIER Network Printer C model / LANIER Network Scanner C model',
    model: { strict: false, accept: ['MP C3501/LD635C', 'LANIER MP C3501/LD635C'] },
  }),
  identOnly('nrg.snmprec', 'Ricoh OEM brand (367) identified by sysDescr only.', {
    vendor: 'Ricoh',
    enterprise: 367,
    sysObjectId: '1.3.6.1.4.1.367.1.1',
    sysDescr: 'NRG SP 4210N 1.05 / NRG Network Printer C model',
    model: { strict: false, accept: ['SP 4210N', 'NRG SP 4210N'] },
  }),
  identOnly('okilan.snmprec', 'OKI print server sysDescr naming the attached printer (MC342).', {
    vendor: 'OKI',
    enterprise: 2001,
    sysObjectId: '1.3.6.1.4.1.2001.1.1.1.1',
    sysDescr:
      'OKI OkiLAN 8500e Rev.01.23 10/100BASE Ethernet PrintServer: Attached to MC342 Rev.02.70 : Copyright (c)2011 Oki Data Corporation. All rights reserved.',
    model: { strict: false, accept: ['MC342', 'OKI MC342'] },
  }),
  {
    file: 'okilan_9450g.snmprec',
    quirks:
      'CORRUPT Counter32 "6git3159" at ifOutUcastPkts.1: snmpsimd answers noSuchInstance there and a GETNEXT ' +
      'from ifOutOctets.1 ends the walk (endOfMibView) - the poll must still read everything it needs. ' +
      'hrDeviceTable has only the status column; two-octet error state 0000; drums/belt/fuser in pages ' +
      '(30000, 80000, 100000 max); no hrDeviceDescr (model in the OKI device ID MODEL:MC873).',
    identity: {
      vendor: 'OKI',
      enterprise: 2001,
      sysObjectId: '1.3.6.1.4.1.2001.1.1.1.1',
      sysDescr:
        'OKI OkiLAN 9450g Rev.00.69 10/100/1000BASE Ethernet PrintServer: Attached to MC873 Rev.07.87 : Copyright (c) 2015 Oki Data Corporation. All rights reserved.',
      model: { strict: false, accept: ['MC873', 'OKI MC873'] },
      serialNumber: null,
    },
    status: { device: 'running', printer: null, errors: [], rawErrorState: '0000' },
    counters: { total: null, markers: [], vendorCountersAbsent: true },
    supplies: [
      supply(1, 'Black Toner Cartridge OKI DATA CORP', 'toner', 'consumed', 'black', 59, 100, 59, 'ok'),
      supply(2, 'Cyan Toner Cartridge OKI DATA CORP', 'toner', 'consumed', 'cyan', 69, 100, 69, 'ok'),
      supply(3, 'Magenta Toner Cartridge OKI DATA CORP', 'toner', 'consumed', 'magenta', 69, 100, 69, 'ok'),
      supply(4, 'Yellow Toner Cartridge OKI DATA CORP', 'toner', 'consumed', 'yellow', 69, 100, 69, 'ok'),
      supply(5, 'Black Image Drum Unit OKI DATA CORP', 'opc', 'consumed', 'black', 28407, 30000, 94.69, 'ok'),
      supply(6, 'Cyan Image Drum Unit OKI DATA CORP', 'opc', 'consumed', 'cyan', 28771, 30000, 95.90333, 'ok'),
      supply(7, 'Magenta Image Drum Unit OKI DATA CORP', 'opc', 'consumed', 'magenta', 28771, 30000, 95.90333, 'ok'),
      supply(8, 'Yellow Image Drum Unit OKI DATA CORP', 'opc', 'consumed', 'yellow', 28771, 30000, 95.90333, 'ok'),
      supply(9, 'Belt Unit OKI DATA CORP', 'transferUnit', 'consumed', null, 78392, 80000, 97.99, 'ok'),
      supply(10, 'Fuser Unit OKI DATA CORP', 'fuser', 'consumed', null, 98842, 100000, 98.842, 'ok'),
    ],
    trays: [tray(1, 'TRAY1', -3, 300), tray(2, 'MPTRAY', -3, 100), tray(3, 'TRAY2', -3, 530)],
  },
  identOnly('ricoh.snmprec', 'Identification only (Ricoh sysDescr with " / … C model" parts).', {
    vendor: 'Ricoh',
    enterprise: 367,
    sysObjectId: '1.3.6.1.4.1.367.1.1',
    sysDescr:
      'RICOH MP 3053 1.09 / RICOH Network Printer C model / RICOH Network Scanner C model / RICOH Network Facsimile C model',
    model: { strict: false, accept: ['MP 3053', 'RICOH MP 3053'] },
  }),
  identOnly('ricoh_aficio.snmprec', 'Identification only.', {
    vendor: 'Ricoh',
    enterprise: 367,
    sysObjectId: '1.3.6.1.4.1.367.1.1',
    sysDescr:
      'RICOH Aficio MP 201 1.04 / RICOH Network Printer C model / RICOH Network Scanner C model / RICOH Network Facsimile C model',
    model: { strict: false, accept: ['Aficio MP 201', 'RICOH Aficio MP 201'] },
  }),
  {
    file: 'ricoh_mpc3002.snmprec',
    quirks:
      'Waste toner as a receptacle reporting 100/100 (free space 100 %, fine); one-octet error state 00 with ' +
      'hrDeviceStatus warning; prtMarkerLifeCount in sheets (unit 8); trays at 55/550 and 0.',
    identity: {
      vendor: 'Ricoh',
      enterprise: 367,
      sysObjectId: '1.3.6.1.4.1.367.1.1',
      sysDescr:
        'RICOH Aficio MP C3002 2.20 / RICOH Network Printer C model / RICOH Network Scanner C model / RICOH Network Facsimile C model',
      model: { strict: true, accept: ['RICOH Aficio MP C3002', 'Aficio MP C3002'] },
      serialNumber: 'W492KB03439',
      serialOid: PRT_SERIAL,
      firmware: '2.20',
    },
    status: { device: 'warning', printer: null, errors: [], rawErrorState: '00' },
    counters: { total: 271871, markers: [{ index: 1, lifeCount: 271871, unit: 'sheets' }], vendorCountersAbsent: true },
    supplies: [
      supply(1, 'Black Toner', 'toner', 'consumed', 'black', 40, 100, 40, 'ok'),
      supply(2, 'Waste Toner', 'wasteToner', 'receptacle', null, 100, 100, 100, 'ok'),
      supply(3, 'Cyan Toner', 'toner', 'consumed', 'cyan', 20, 100, 20, 'ok'),
      supply(4, 'Magenta Toner', 'toner', 'consumed', 'magenta', 50, 100, 50, 'ok'),
      supply(5, 'Yellow Toner', 'toner', 'consumed', 'yellow', 50, 100, 50, 'ok'),
    ],
    trays: [
      tray(1, 'Tray 1', 55, 550),
      tray(2, 'Tray 2', 55, 550),
      tray(3, 'Tray 3', 55, 550),
      tray(4, 'Tray 4', 0, 550),
      tray(5, 'Bypass Tray', 0, 100),
    ],
  },
  identOnly('samsungprinter_c.snmprec', 'One line: sysDescr only.', {
    vendor: 'Samsung',
    enterprise: null,
    sysObjectId: null,
    sysDescr: 'Samsung C',
    model: { strict: false, accept: [null, 'C', 'Samsung C'] },
  }),
  identOnly(
    'samsungprinter_clx.snmprec',
    'Serial as "S/N " (not "SN:") at the end of sysDescr, an anonymised placeholder; no sysObjectID.',
    {
      vendor: 'Samsung',
      enterprise: null,
      sysObjectId: null,
      sysDescr:
        'Samsung CLX-3170 Series;V1.00.01.64 Sep-27-2010;Engine 1.77.81;NIC V4.01.20(CLX-3170) 02-05-2010;S/N AAAAAAA000AAAA000',
      model: { strict: false, accept: ['CLX-3170 Series', 'Samsung CLX-3170 Series', 'CLX-3170'] },
      serialNumber: 'AAAAAAA000AAAA000',
      serialOid: '1.3.6.1.2.1.1.1.0',
    },
  ),
  {
    file: 'samsungprinter_m4080fx.snmprec',
    quirks:
      'sysDescr ends with an EMPTY "S/N " (serial null, not ""); supply descriptions with " S/N:" suffixes ' +
      '("CRUM-" truncated, and empty); rollers of type other(1) in pages; two-octet error state 0x8000 = ' +
      'lowPaper; hrDeviceTable without type column; life count in impressions.',
    identity: {
      vendor: 'Samsung',
      enterprise: 236,
      sysObjectId: '1.3.6.1.4.1.236.11.5.11.62.1',
      sysDescr: 'Samsung M4080FX; V11.01.03.04_02-27-2017;Engine V1.00.06 01-19-2017_V1.00;NIC ;S/N ',
      model: {
        strict: true,
        accept: ['Samsung M408x Series', 'M408x Series', 'Samsung M4080FX', 'M4080FX'],
      },
      serialNumber: null,
    },
    status: { device: 'warning', printer: null, errors: ['lowPaper'], rawErrorState: '8000' },
    counters: {
      total: 22934,
      markers: [{ index: 1, lifeCount: 22934, unit: 'impressions' }],
      vendorCountersAbsent: true,
    },
    supplies: [
      withForms(supply(1, 'Black Toner Cartridge S/N:CRUM-', 'toner', 'consumed', 'black', 17600, 20000, 88, 'ok'), [
        { description: 'Black Toner Cartridge', partNumber: null, serialNumber: 'CRUM-' },
        { description: 'Black Toner Cartridge', partNumber: null, serialNumber: null },
      ]),
      withForms(supply(2, 'Fuser S/N:', 'fuser', 'consumed', null, 67066, 90000, (67066 / 90000) * 100, 'ok'), [
        { description: 'Fuser', partNumber: null, serialNumber: null },
      ]),
      supply(3, 'Transfer Roller', 'other', undefined, null, 127066, 150000, (127066 / 150000) * 100, 'ok'),
      supply(4, 'ADF Roller', 'other', undefined, null, 95643, 100000, 95.643, 'ok'),
      supply(5, 'MP Roller', 'other', undefined, null, 99959, 100000, 99.959, 'ok'),
      supply(6, 'Tray 1 Roller', 'other', undefined, null, 181069, 200000, 90.5345, 'ok'),
      supply(7, 'Tray 1 Retard Roller Life', 'other', undefined, null, 181069, 200000, 90.5345, 'ok'),
    ],
    trays: [tray(1, 'Tray 1', 55, 550), tray(2, 'MP Tray', 0, 100)],
  },
  identOnly('samsungprinter_ml.snmprec', 'Identification only (Samsung 236).', {
    vendor: 'Samsung',
    enterprise: 236,
    sysObjectId: '1.3.6.1.4.1.236.11.5.1',
    sysDescr: 'Samsung ML-2850 Series OS 1.01.15.47 02-10-2010;Engine 1.01.25;NIC V4.01.09(ML-285x)',
    model: { strict: false, accept: ['ML-2850 Series', 'Samsung ML-2850 Series', 'ML-2850'] },
  }),
  identOnly('samsungprinter_s.snmprec', 'One line: sysDescr only.', {
    vendor: 'Samsung',
    enterprise: null,
    sysObjectId: null,
    sysDescr: 'Samsung S',
    model: { strict: false, accept: [null, 'S', 'Samsung S'] },
  }),
  identOnly('samsungprinter_scx.snmprec', 'One line: sysDescr only.', {
    vendor: 'Samsung',
    enterprise: null,
    sysObjectId: null,
    sysDescr: 'Samsung SCX',
    model: { strict: false, accept: [null, 'SCX', 'Samsung SCX'] },
  }),
  identOnly('savin_c4503.snmprec', 'Ricoh OEM brand (367) identified by sysDescr only.', {
    vendor: 'Ricoh',
    enterprise: 367,
    sysObjectId: '1.3.6.1.4.1.367.1.1',
    sysDescr: 'SAVIN MP C4503 1.18 / SAVIN Network Printer C model / SAVIN Network Scanner C model',
    model: { strict: false, accept: ['MP C4503', 'SAVIN MP C4503'] },
  }),
  {
    file: 'sharp.snmprec',
    quirks:
      'Waste toner receptacle with a bare level 100 and max -2 (percent unknown, state ok); fusing unit -2/-2 ' +
      '(unknown); two-octet error state 0x2000 = lowToner (magenta at 19 %); Sharp vendor counters ' +
      '(2385.1.1.19.2.1.3: B&W/colour totals, prints, copies) that add up to the life count 121104; sparse ' +
      'hrDeviceTable indexes; input 31 "Auto Select" with -2/-2.',
    identity: {
      vendor: 'Sharp',
      enterprise: 2385,
      sysObjectId: '1.3.6.1.4.1.2385.3.1.112.1.2',
      sysDescr: 'SHARP MX-3570N',
      model: { strict: true, accept: ['SHARP MX-3570N', 'MX-3570N'] },
      serialNumber: '6509415X00',
      serialOid: PRT_SERIAL,
    },
    status: { device: 'warning', printer: null, errors: ['lowToner'], rawErrorState: '2000' },
    counters: {
      total: 121104,
      markers: [{ index: 1, lifeCount: 121104, unit: 'impressions' }],
      // 5.4.61/63 "Black & White/Full Color Total Count" add up to the life count; the 5.5 "Other Count"
      // rows (48, 38) are already inside them. Prints 82214 + copies 38804 + other 86 = 121104 too.
      // Scans: 7.4.50 "Scan to E-mail/FTP" = B&W 6170 + colour 7364.
      vendor: { black: 91164, color: 29940, print: 82214, copy: 38804, scan: 13534 },
    },
    supplies: [
      supply(1, 'Cyan Toner', 'toner', 'consumed', 'cyan', 55, 100, 55, 'ok'),
      supply(2, 'Magenta Toner', 'toner', 'consumed', 'magenta', 19, 100, 19, 'ok'),
      supply(3, 'Yellow Toner', 'toner', 'consumed', 'yellow', 40, 100, 40, 'ok'),
      supply(4, 'Black Toner', 'toner', 'consumed', 'black', 34, 100, 34, 'ok'),
      supply(5, 'Waste Toner', 'wasteToner', 'receptacle', null, 100, -2, null, 'ok'),
      supply(6, 'Cyan Photoconductive Drum', 'opc', 'consumed', 'cyan', 81, 100, 81, 'ok'),
      supply(7, 'Magenta Photoconductive Drum', 'opc', 'consumed', 'magenta', 81, 100, 81, 'ok'),
      supply(8, 'Yellow Photoconductive Drum', 'opc', 'consumed', 'yellow', 81, 100, 81, 'ok'),
      supply(9, 'Black Photoconductive Drum', 'opc', 'consumed', 'black', 95, 100, 95, 'ok'),
      supply(10, 'Cyan Developer', 'developer', 'consumed', 'cyan', 91, 100, 91, 'ok'),
      supply(11, 'Magenta Developer', 'developer', 'consumed', 'magenta', 91, 100, 91, 'ok'),
      supply(12, 'Yellow Developer', 'developer', 'consumed', 'yellow', 91, 100, 91, 'ok'),
      supply(13, 'Black Developer', 'developer', 'consumed', 'black', 74, 100, 74, 'ok'),
      supply(14, 'Fusing Unit', 'fuser', 'consumed', null, -2, -2, null, 'unknown'),
    ],
    trays: [
      tray(1, 'Bypass Tray', 0, 100),
      tray(2, 'Tray 1', 181, 550),
      tray(3, 'Tray 2', 181, 550),
      tray(4, 'Tray 3', 181, 550),
      tray(5, 'Tray 4', 368, 550),
      tray(31, 'Auto Select', -2, -2),
    ],
  },
  identOnly('sharp_mx2614n.snmprec', 'One line: sysDescr only, vendor in capitals.', {
    vendor: 'Sharp',
    enterprise: null,
    sysObjectId: null,
    sysDescr: 'SHARP MX-2614N',
    model: { strict: false, accept: ['MX-2614N', 'SHARP MX-2614N'] },
  }),
  identOnly('sharp_mx3140n.snmprec', 'One line: sysDescr only.', {
    vendor: 'Sharp',
    enterprise: null,
    sysObjectId: null,
    sysDescr: 'SHARP MX-3140N',
    model: { strict: false, accept: ['MX-3140N', 'SHARP MX-3140N'] },
  }),
  identOnly('sharp_mxc301w.snmprec', 'One line: sysDescr only.', {
    vendor: 'Sharp',
    enterprise: null,
    sysObjectId: null,
    sysDescr: 'SHARP MX-C301W',
    model: { strict: false, accept: ['MX-C301W', 'SHARP MX-C301W'] },
  }),
  identOnly(
    'tsc.snmprec',
    'TSC label printer under enterprise 51966 (0xCAFE, not a TSC registration): no vendor name from the ' +
      'number, none in sysDescr either.',
    {
      vendor: { oneOf: [null, 'TSC'] },
      enterprise: 51966,
      sysObjectId: '1.3.6.1.4.1.51966.2.6',
      sysDescr: 'TTP244CE Version: 7.02 EZD',
      model: { strict: false, accept: ['TTP244CE', null] },
    },
  ),
  {
    file: 'xerox.snmprec',
    quirks:
      'Supply descriptions with Xerox part/serial suffixes ", PN 006R01509;SN48178080E0000481" and the ' +
      'placeholders "PN unknown;SNunknown"; no type/class/colorant; waste toner container at 5/100 free ' +
      'space (low); model in the Xerox 1284 device ID (253.8.51.1.2.1.20.1); no hr status, no serial.',
    identity: {
      vendor: 'Xerox',
      enterprise: 253,
      sysObjectId: '1.3.6.1.4.1.253.8.62.1.35.2.3.1.1',
      sysDescr:
        'Xerox AltaLink C8045; SS 100.002.057.09608, NC 100.002.09608, UI 100.002.09608, ME 063.022.000, CC 100.002.09608, DF 007.019.000, FI ------, FA 003.012.013, CCOS 100.007.09608, NCOS 100.007.09608, SC 013.014.002, SU 100.002.09608',
      model: { strict: false, accept: ['AltaLink C8045', 'Xerox AltaLink C8045'] },
      serialNumber: null,
    },
    status: { ...noStatus, errors: [] },
    counters: { total: null, markers: [], vendorCountersAbsent: true },
    supplies: (
      [
        [
          1,
          'Black Toner, PN 006R01509;SN48178080E0000481',
          'Black Toner',
          '006R01509',
          '48178080E0000481',
          'black',
          1060,
          5300,
        ],
        [
          2,
          'Cyan Toner, PN 006R01512;SN461E7A80E0000489',
          'Cyan Toner',
          '006R01512',
          '461E7A80E0000489',
          'cyan',
          1980,
          3000,
        ],
        [
          3,
          'Magenta Toner, PN 006R01511;SN45304780E0000489',
          'Magenta Toner',
          '006R01511',
          '45304780E0000489',
          'magenta',
          2160,
          3000,
        ],
        [
          4,
          'Yellow Toner, PN 006R01510;SN4E0B8980E000048A',
          'Yellow Toner',
          '006R01510',
          '4E0B8980E000048A',
          'yellow',
          1830,
          3050,
        ],
        [
          5,
          'Drum Cartridge (R1), PN 013R00662;SN5238EF80E000048E',
          'Drum Cartridge (R1)',
          '013R00662',
          '5238EF80E000048E',
          null,
          50,
          100,
        ],
        [
          6,
          'Drum Cartridge (R2), PN 013R00662;SN52100780E000048E',
          'Drum Cartridge (R2)',
          '013R00662',
          '52100780E000048E',
          null,
          92,
          100,
        ],
        [
          7,
          'Drum Cartridge (R3), PN 013R00662;SN52374F80E000048E',
          'Drum Cartridge (R3)',
          '013R00662',
          '52374F80E000048E',
          null,
          93,
          100,
        ],
        [
          8,
          'Drum Cartridge (R4), PN 013R00662;SN5234E480E000048E',
          'Drum Cartridge (R4)',
          '013R00662',
          '5234E480E000048E',
          null,
          93,
          100,
        ],
        [9, 'Fuser, PN unknown;SNunknown', 'Fuser', null, null, null, 90, 100],
        [10, 'Waste Toner Container, PN 008R13061;SNunknown', 'Waste Toner Container', '008R13061', null, null, 5, 100],
        [
          11,
          'Transfer Belt Cleaner, PN 001R00613;SNunknown',
          'Transfer Belt Cleaner',
          '001R00613',
          null,
          null,
          65,
          100,
        ],
        [
          12,
          'Second Bias Transfer Roll, PN 008R13064;SNunknown',
          'Second Bias Transfer Roll',
          '008R13064',
          null,
          null,
          86,
          100,
        ],
      ] as const
    ).map(([index, raw, description, partNumber, serialNumber, color, level, max]) => {
      const pct = (level / max) * 100;
      return withForms(supply(index, raw, null, undefined, color, level, max, pct, pct <= 10 ? 'low' : 'ok'), [
        { description, partNumber, serialNumber },
      ]);
    }),
    trays: [],
  },
  identOnly('xerox_color.snmprec', 'Identification only.', {
    vendor: 'Xerox',
    enterprise: 253,
    sysObjectId: '1.3.6.1.4.1.253.8.62.1.20.7.1.1.1',
    sysDescr:
      'Xerox Color 570;System 55.40.61,ESS1.208.6,IOT 64.24.0,FIN C18.22.0,IIT 6.18.0,ADF 12.11.1,SJFI3.0.18,SSMI1.16.0',
    model: { strict: false, accept: ['Color 570', 'Xerox Color 570'] },
  }),
  identOnly('xerox_docuprint.snmprec', 'Fuji Xerox: its own enterprise 297, not Xerox 253.', {
    vendor: 'Fuji Xerox',
    enterprise: 297,
    sysObjectId: '1.3.6.1.4.1.297.1.11.93.1.32.4.1.1',
    sysDescr: 'FUJI XEROX DocuPrint CM305 df; Net 16.41,ESS 201210101131,IOT 03.00.05',
    model: { strict: false, accept: ['DocuPrint CM305 df', 'FUJI XEROX DocuPrint CM305 df'] },
  }),
  identOnly('xerox_phaser.snmprec', 'Identification only.', {
    vendor: 'Xerox',
    enterprise: 253,
    sysObjectId: '1.3.6.1.4.1.253.8.62.1.19.1.24.2.1',
    sysDescr:
      'Xerox Phaser 4600; System 35.004.32.000, MCB 2.50.04.32, Network 4.02.02.08, IOT 0.03.48, IP Core 6.6.3.P',
    model: { strict: false, accept: ['Phaser 4600', 'Xerox Phaser 4600'] },
  }),
  identOnly('xerox_workcentre.snmprec', 'Identification only.', {
    vendor: 'Xerox',
    enterprise: 253,
    sysObjectId: '1.3.6.1.4.1.253.8.62.1.20.6.34.2.1',
    sysDescr:
      'Xerox WorkCentre 6605DN; Network 90.66, Controller 201305012030, Engine 02.00.01, Boot 201206111739, PCL5 201304191720, PCL6 201304191720, PostScript 201304232058, PDF 201303061414',
    model: { strict: false, accept: ['WorkCentre 6605DN', 'Xerox WorkCentre 6605DN'] },
  }),
  {
    file: 'zebra.snmprec',
    quirks:
      'ZebraNet print server: sysObjectID under enterprise 683 (Extended Systems), not Zebra 10642; sysDescr, ' +
      'sysName and the 1284 device ID hex-encoded; the ONLY recording with hrPrinterStatus (idle); hrDeviceIndex ' +
      'column off by one (row 1 says 0); no Printer-MIB at all; serial only in the Zebra MIB ' +
      '(10642.200.19.5.0, not a vendor the contract requires, so null is tolerated); 1,270 lines.',
    identity: {
      vendor: { oneOf: ['Zebra', 'Extended Systems'] },
      enterprise: 683,
      sysObjectId: '1.3.6.1.4.1.683.6.0',
      sysDescr: 'ZebraNet Wired PS',
      model: { strict: false, accept: ['ZTC TLP 2824 Plus', 'TLP 2824 Plus'] },
      serialNumber: '37J162600538',
      serialOid: '1.3.6.1.4.1.10642.200.19.5.0',
      serialNullAllowed: true,
      firmware: 'V61.17.17Z',
    },
    status: { device: 'running', printer: 'idle', errors: [], rawErrorState: '0000' },
    counters: { total: null, markers: [] },
    supplies: [],
    trays: [],
  },
  identOnly('zebra_1.snmprec', 'Identification only (Zebra 10642).', {
    vendor: 'Zebra',
    enterprise: 10642,
    sysObjectId: '1.3.6.1.4.1.10642.1.1',
    sysDescr: 'Zebra Wired',
    model: { strict: false, accept: [null] },
  }),
];
