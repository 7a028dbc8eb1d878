import type { ErrorStateOctets } from './error-state';
import type { InputTypeName, SupplyClassName, SupplyTypeName, SupplyUnitName } from './printer-mib.constants';

/** The device families of SPEC §2. */
export const FAMILY_IDS = ['i-series', 'oem-4000i', 'c3100i', 'p4700', 'smb-287', 'generic'] as const;
export type FamilyId = (typeof FAMILY_IDS)[number];

export function isFamilyId(value: string): value is FamilyId {
  return (FAMILY_IDS as readonly string[]).includes(value);
}

/** Protocols a family speaks; the SNMP face exists today, the later issues add the others to the same model. */
export type DeviceProtocol =
  'snmp' | 'http' | 'https' | 'xml-api' | 'raw9100' | 'ftp' | 'smb' | 'webdav' | 'ipp' | 'notifications';

export type Colorant = 'cyan' | 'magenta' | 'yellow' | 'black';

/**
 * How a supply's level is served:
 * - `percent`: max capacity 100, level = what is left in percent (rounded up: 0 only when really empty);
 * - `impressions`: max capacity = yield in impressions, level = impressions left;
 * - `someRemaining`: max capacity -2 (unknown), level -3 (some remaining) until empty/full, then 0 — what the
 *   Konica waste toner boxes in the recordings do.
 */
export type LevelExposure = 'percent' | 'impressions' | 'someRemaining';

export interface SupplySpec {
  readonly index: number;
  readonly description: string;
  readonly type: SupplyTypeName;
  readonly class: SupplyClassName;
  readonly unit: SupplyUnitName;
  readonly exposure: LevelExposure;
  /** Life in impressions: a consumable empties, a receptacle fills, after this many pages. */
  readonly yieldPages: number;
  /** Which marked pages use it: black toner every page, colour toners colour pages only. */
  readonly usedBy: 'every' | 'color';
  readonly colorant?: Colorant;
}

export interface TraySpec {
  readonly index: number;
  readonly name: string;
  readonly type: InputTypeName;
  readonly mediaName: string;
  readonly maxSheets: number;
  /** A manual (bypass) tray: never fed automatically, empty is its normal state. */
  readonly manual?: boolean;
}

export interface OutputSpec {
  readonly index: number;
  readonly name: string;
  readonly maxSheets: number;
}

export interface CoverSpec {
  readonly index: number;
  readonly description: string;
}

export interface ModelSpec {
  readonly name: string;
  readonly sysObjectId: string;
}

/** Where a device exposes its serial number: drivers need their fallbacks exercised. */
export type SerialSource = 'prtGeneral' | 'vendor' | 'sysDescr';

export interface FamilyProfile {
  readonly id: FamilyId;
  readonly vendor: string;
  readonly enterprise: number;
  readonly models: readonly ModelSpec[];
  readonly color: boolean;
  readonly protocols: readonly DeviceProtocol[];
  readonly firmware: readonly string[];
  readonly serialSources: readonly SerialSource[];
  /** First letters of a serial number; digits follow. */
  readonly serialPrefix: string;
  /** The first three octets of the MAC address (the vendor's OUI). */
  readonly macOui: readonly [number, number, number];
  readonly markTech: 'electrophotographicLED' | 'electrophotographicLaser';
  readonly supplies: readonly SupplySpec[];
  readonly trays: readonly TraySpec[];
  readonly outputs: readonly OutputSpec[];
  readonly covers: readonly CoverSpec[];
  readonly errorStateOctets: ErrorStateOctets;
  /** Vendor MIB the device serves beside the standard ones. */
  readonly vendorMib: 'konica' | null;
  readonly pagesPerMinute: number;
}

// --- building blocks shared by the profiles (profiles of one model, not copies) ---------------------------

const KONICA_OUI = [0x00, 0x20, 0x6b] as const;

function toner(index: number, colorant: Colorant, description: string, exposure: LevelExposure, yieldPages: number) {
  return {
    index,
    description,
    type: 'toner',
    class: 'supplyThatIsConsumed',
    unit: exposure === 'impressions' ? 'impressions' : 'percent',
    exposure,
    yieldPages,
    usedBy: colorant === 'black' ? 'every' : 'color',
    colorant,
  } satisfies SupplySpec;
}

function konicaColorToners(yieldBlack: number, yieldColor: number): SupplySpec[] {
  return [
    toner(1, 'cyan', 'Toner (Cyan)', 'percent', yieldColor),
    toner(2, 'magenta', 'Toner (Magenta)', 'percent', yieldColor),
    toner(3, 'yellow', 'Toner (Yellow)', 'percent', yieldColor),
    toner(4, 'black', 'Toner (Black)', 'percent', yieldBlack),
  ];
}

function part(
  index: number,
  description: string,
  type: SupplyTypeName,
  yieldPages: number,
  exposure: LevelExposure = 'percent',
): SupplySpec {
  const receptacle = type === 'wasteToner';
  return {
    index,
    description,
    type,
    class: receptacle ? 'receptacleThatIsFilled' : 'supplyThatIsConsumed',
    unit: exposure === 'impressions' ? 'impressions' : exposure === 'someRemaining' ? 'other' : 'percent',
    exposure,
    yieldPages,
    usedBy: 'every',
  };
}

const A3_MFP_TRAYS: readonly TraySpec[] = [
  { index: 1, name: 'Tray 1', type: 'sheetFeedAutoRemovableTray', mediaName: 'A4', maxSheets: 500 },
  { index: 2, name: 'Tray 2', type: 'sheetFeedAutoRemovableTray', mediaName: 'A3', maxSheets: 500 },
  // Index 7 as in the bizhub C250i recording: tray indexes need not be contiguous.
  { index: 7, name: 'Bypass Tray', type: 'sheetFeedManual', mediaName: 'A4', maxSheets: 150, manual: true },
];

const A4_TRAYS: readonly TraySpec[] = [
  { index: 1, name: 'Tray 1', type: 'sheetFeedAutoRemovableTray', mediaName: 'A4', maxSheets: 550 },
  { index: 2, name: 'MP Feeder', type: 'sheetFeedManual', mediaName: 'A4', maxSheets: 100, manual: true },
];

const MFP_COVERS: readonly CoverSpec[] = [
  { index: 1, description: 'Front Door' },
  { index: 2, description: 'Right Side Door' },
];

const PRINTER_COVERS: readonly CoverSpec[] = [{ index: 1, description: 'Top Cover' }];

const ONE_OUTPUT: readonly OutputSpec[] = [{ index: 1, name: 'Output Tray', maxSheets: 250 }];

// --- the profiles ------------------------------------------------------------------------------------------

const I_SERIES: FamilyProfile = {
  id: 'i-series',
  vendor: 'KONICA MINOLTA',
  enterprise: 18334,
  // sysObjectID in the style of the bizhub C250i recording (1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4).
  models: [
    { name: 'bizhub C250i', sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4' },
    { name: 'bizhub C300i', sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.3' },
    { name: 'bizhub C360i', sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.2' },
    { name: 'bizhub C450i', sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.1' },
  ],
  color: true,
  protocols: ['snmp', 'http', 'https', 'xml-api', 'webdav', 'notifications'],
  firmware: ['1.102', '1.98', '1.110'],
  serialSources: ['prtGeneral', 'vendor'],
  serialPrefix: 'AA2M',
  macOui: KONICA_OUI,
  markTech: 'electrophotographicLaser',
  supplies: [
    ...konicaColorToners(28_000, 28_000),
    // The recordings' waste toner box: max -2, level -3 while there is room.
    part(13, 'Waste Toner Box', 'wasteToner', 44_000, 'someRemaining'),
  ],
  trays: A3_MFP_TRAYS,
  outputs: ONE_OUTPUT,
  covers: MFP_COVERS,
  errorStateOctets: 2,
  vendorMib: 'konica',
  pagesPerMinute: 30,
};

const OEM_4000I: FamilyProfile = {
  id: 'oem-4000i',
  vendor: 'KONICA MINOLTA',
  enterprise: 18334,
  // OEM models carry the 18334.1.2 arc seen in the konica.snmprec hrDeviceID (1.3.6.1.4.1.18334.1.2.1.2.1.50.3.2).
  models: [
    { name: 'bizhub 4000i', sysObjectId: '1.3.6.1.4.1.18334.1.2.1.2.1.60.3.1' },
    { name: 'bizhub 5000i', sysObjectId: '1.3.6.1.4.1.18334.1.2.1.2.1.60.3.2' },
  ],
  color: false,
  protocols: ['snmp', 'https', 'raw9100'],
  firmware: ['A1.07', 'A1.10'],
  serialSources: ['vendor'],
  serialPrefix: 'AAJR',
  macOui: KONICA_OUI,
  markTech: 'electrophotographicLaser',
  supplies: [
    toner(1, 'black', 'Toner (Black)', 'percent', 20_000),
    part(2, 'Imaging Unit', 'opc', 60_000),
    part(3, 'Fuser Unit', 'fuser', 150_000),
  ],
  trays: A4_TRAYS,
  outputs: ONE_OUTPUT,
  covers: PRINTER_COVERS,
  errorStateOctets: 'auto',
  vendorMib: 'konica',
  pagesPerMinute: 45,
};

const C3100I: FamilyProfile = {
  id: 'c3100i',
  vendor: 'KONICA MINOLTA',
  enterprise: 18334,
  // In the style of the bizhub C3110 recording (1.3.6.1.4.1.18334.1.1.1.2.1.117.2.2).
  models: [{ name: 'bizhub C3100i', sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.117.2.5' }],
  color: true,
  protocols: ['snmp', 'http', 'raw9100', 'webdav'],
  firmware: ['G00-22', 'G00-30'],
  serialSources: ['prtGeneral', 'vendor'],
  serialPrefix: 'AAV4',
  macOui: KONICA_OUI,
  markTech: 'electrophotographicLaser',
  supplies: [
    ...konicaColorToners(6_000, 5_000),
    part(5, 'Drum Cartridge (Cyan)', 'opc', 30_000),
    part(7, 'Drum Cartridge (Magenta)', 'opc', 30_000),
    part(9, 'Drum Cartridge (Yellow)', 'opc', 30_000),
    part(11, 'Drum Cartridge (Black)', 'opc', 30_000),
    part(13, 'Waste Toner Box', 'wasteToner', 36_000, 'someRemaining'),
    part(14, 'Fusing Unit', 'fuser', 100_000),
  ],
  trays: A4_TRAYS,
  outputs: ONE_OUTPUT,
  covers: PRINTER_COVERS,
  errorStateOctets: 2,
  vendorMib: 'konica',
  pagesPerMinute: 31,
};

const P4700: FamilyProfile = {
  id: 'p4700',
  vendor: 'KONICA MINOLTA',
  enterprise: 18334,
  models: [
    { name: 'bizhub 4700P', sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.96.1.1' },
    { name: 'bizhub 4702P', sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.96.1.2' },
  ],
  color: false,
  protocols: ['snmp', 'http', 'ftp'],
  firmware: ['1.0.17', '1.0.21'],
  serialSources: ['prtGeneral', 'vendor'],
  serialPrefix: 'A63N',
  macOui: KONICA_OUI,
  markTech: 'electrophotographicLaser',
  supplies: [
    toner(1, 'black', 'Toner Cartridge (Black)', 'percent', 20_000),
    part(2, 'Imaging Unit', 'opc', 60_000),
    part(3, 'Maintenance Kit', 'fuser', 200_000),
  ],
  trays: A4_TRAYS,
  outputs: ONE_OUTPUT,
  covers: PRINTER_COVERS,
  errorStateOctets: 'auto',
  vendorMib: 'konica',
  pagesPerMinute: 47,
};

const SMB_287: FamilyProfile = {
  id: 'smb-287',
  vendor: 'KONICA MINOLTA',
  enterprise: 18334,
  models: [
    { name: 'bizhub 287', sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.133.1.1' },
    { name: 'bizhub 227', sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.133.1.2' },
    { name: 'bizhub 367', sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.133.1.3' },
  ],
  color: false,
  protocols: ['snmp', 'http', 'smb'],
  firmware: ['G00-Q6', 'G00-R2'],
  serialSources: ['prtGeneral'],
  serialPrefix: 'A7AK',
  macOui: KONICA_OUI,
  markTech: 'electrophotographicLaser',
  supplies: [
    toner(1, 'black', 'Toner (Black)', 'percent', 24_000),
    part(2, 'Drum Unit (Black)', 'opc', 80_000),
    part(3, 'Developer (Black)', 'developer', 160_000),
  ],
  trays: A3_MFP_TRAYS,
  outputs: ONE_OUTPUT,
  covers: MFP_COVERS,
  errorStateOctets: 1,
  vendorMib: 'konica',
  pagesPerMinute: 28,
};

const GENERIC: FamilyProfile = {
  id: 'generic',
  vendor: 'Generic',
  // The Printer Working Group arc: a printer that speaks only the standard MIBs.
  enterprise: 2699,
  models: [
    { name: 'Generic Color Laser CL-2400', sysObjectId: '1.3.6.1.4.1.2699.1.2.1' },
    { name: 'Generic Color Laser CL-3600', sysObjectId: '1.3.6.1.4.1.2699.1.2.2' },
  ],
  color: true,
  protocols: ['snmp', 'ipp'],
  firmware: ['2.4.1', '2.6.0'],
  serialSources: ['sysDescr'],
  serialPrefix: 'GX',
  macOui: [0x02, 0x46, 0x57],
  markTech: 'electrophotographicLED',
  supplies: [
    toner(1, 'black', 'Black Toner Cartridge', 'impressions', 8_000),
    toner(2, 'cyan', 'Cyan Toner Cartridge', 'impressions', 6_000),
    toner(3, 'magenta', 'Magenta Toner Cartridge', 'impressions', 6_000),
    toner(4, 'yellow', 'Yellow Toner Cartridge', 'impressions', 6_000),
    part(5, 'Waste Toner Container', 'wasteToner', 30_000),
    part(6, 'Transfer Belt', 'transferUnit', 120_000),
  ],
  trays: A4_TRAYS,
  outputs: ONE_OUTPUT,
  covers: PRINTER_COVERS,
  errorStateOctets: 'auto',
  vendorMib: null,
  pagesPerMinute: 24,
};

export const FAMILY_PROFILES: Readonly<Record<FamilyId, FamilyProfile>> = {
  'i-series': I_SERIES,
  'oem-4000i': OEM_4000I,
  c3100i: C3100I,
  p4700: P4700,
  'smb-287': SMB_287,
  generic: GENERIC,
};

/** The default mix when no families are given: mostly i-series, as in a typical fleet. */
export const DEFAULT_FAMILY_MIX: readonly FamilyId[] = [
  'i-series',
  'i-series',
  'oem-4000i',
  'c3100i',
  'p4700',
  'smb-287',
  'generic',
];
