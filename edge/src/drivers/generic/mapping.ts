import type { DeviceStatusName, PrinterAlert, PrinterStatusName, SupplyClass } from '@fleetward/contracts';

/** RFC 2790 hrDeviceStatus */
export const HR_DEVICE_STATUS: Record<number, DeviceStatusName> = {
  1: 'unknown',
  2: 'running',
  3: 'warning',
  4: 'testing',
  5: 'down',
};

/** RFC 2790 hrPrinterStatus */
export const HR_PRINTER_STATUS: Record<number, PrinterStatusName> = {
  1: 'other',
  2: 'unknown',
  3: 'idle',
  4: 'printing',
  5: 'warmup',
};

/** RFC 3805 prtMarkerSuppliesClass */
export function supplyClassOf(value: number | null): SupplyClass | null {
  if (value === 3) return 'consumed';
  if (value === 4) return 'receptacle';
  if (value === 1) return 'other';
  return null;
}

/** RFC 3805 PrtMarkerSuppliesTypeTC */
export const SUPPLY_TYPES: Record<number, string> = {
  1: 'other',
  2: 'unknown',
  3: 'toner',
  4: 'wasteToner',
  5: 'ink',
  6: 'inkCartridge',
  7: 'inkRibbon',
  8: 'wasteInk',
  9: 'opc',
  10: 'developer',
  11: 'fuserOil',
  12: 'solidWax',
  13: 'ribbonWax',
  14: 'wasteWax',
  15: 'fuser',
  16: 'coronaWire',
  17: 'fuserOilWick',
  18: 'cleanerUnit',
  19: 'fuserCleaningPad',
  20: 'transferUnit',
  21: 'tonerCartridge',
  22: 'fuserOiler',
  23: 'water',
  24: 'wasteWater',
  25: 'glueWaterAdditive',
  26: 'wastePaper',
  27: 'bindingSupply',
  28: 'bandingSupply',
  29: 'stitchingWire',
  30: 'shrinkWrap',
  31: 'paperWrap',
  32: 'staples',
  33: 'inserts',
  34: 'covers',
  35: 'matteToner',
  36: 'matteInk',
};

/** Supply types that are receptacles (filled as the device works). */
export const RECEPTACLE_TYPES: ReadonlySet<number> = new Set([4, 8, 14, 24, 26]);

/** RFC 3805 PrtMarkerSuppliesSupplyUnitTC */
export const SUPPLY_UNITS: Record<number, string> = {
  1: 'other',
  2: 'unknown',
  3: 'tenThousandthsOfInches',
  4: 'micrometers',
  7: 'impressions',
  8: 'sheets',
  11: 'hours',
  12: 'thousandthsOfOunces',
  13: 'tenthsOfGrams',
  14: 'hundrethsOfFluidOunces',
  15: 'tenthsOfMilliliters',
  16: 'feet',
  17: 'meters',
  18: 'items',
  19: 'percent',
};

/** RFC 3805 PrtMarkerCounterUnitTC */
export const MARKER_COUNTER_UNITS: Record<number, string> = {
  3: 'tenThousandthsOfInches',
  4: 'micrometers',
  5: 'characters',
  6: 'lines',
  7: 'impressions',
  8: 'sheets',
  9: 'dotRow',
  11: 'hours',
  16: 'feet',
  17: 'meters',
};

/** RFC 3805 PrtInputTypeTC */
export const INPUT_TYPES: Record<number, string> = {
  1: 'other',
  2: 'unknown',
  3: 'sheetFeedAutoRemovableTray',
  4: 'sheetFeedAutoNonRemovableTray',
  5: 'sheetFeedManual',
  6: 'continuousRoll',
  7: 'continuousFanFold',
};

/** RFC 3805 PrtCapacityUnitTC (input/output) */
export const CAPACITY_UNITS: Record<number, string> = {
  3: 'tenThousandthsOfInches',
  4: 'micrometers',
  8: 'sheets',
  16: 'feet',
  17: 'meters',
  18: 'items',
  19: 'percent',
};

/** RFC 3805 PrtAlertSeverityLevelTC */
export const ALERT_SEVERITY: Record<number, NonNullable<PrinterAlert['severity']>> = {
  1: 'other',
  3: 'critical',
  4: 'warning',
  5: 'warningBinaryChangeEvent',
};

/** RFC 3805 PrtAlertGroupTC */
export const ALERT_GROUPS: Record<number, string> = {
  1: 'other',
  3: 'hostResourcesMIBStorageTable',
  4: 'hostResourcesMIBDeviceTable',
  5: 'generalPrinter',
  6: 'cover',
  7: 'localization',
  8: 'input',
  9: 'output',
  10: 'marker',
  11: 'markerSupplies',
  12: 'markerColorant',
  13: 'mediaPath',
  14: 'channel',
  15: 'interpreter',
  16: 'consoleDisplayBuffer',
  17: 'consoleLights',
  18: 'alert',
  30: 'finDevice',
  31: 'finSupply',
  32: 'finSupplyMediaInput',
  33: 'finAttribute',
};

/** RFC 3805 PrtAlertCodeTC */
export const ALERT_CODES: Record<number, string> = {
  1: 'other',
  2: 'unknown',
  3: 'coverOpen',
  4: 'coverClosed',
  5: 'interlockOpen',
  6: 'interlockClosed',
  7: 'configurationChange',
  8: 'jam',
  9: 'subunitMissing',
  10: 'subunitLifeAlmostOver',
  11: 'subunitLifeOver',
  12: 'subunitAlmostEmpty',
  13: 'subunitEmpty',
  14: 'subunitAlmostFull',
  15: 'subunitFull',
  16: 'subunitNearLimit',
  17: 'subunitAtLimit',
  18: 'subunitOpened',
  19: 'subunitClosed',
  20: 'subunitTurnedOn',
  21: 'subunitTurnedOff',
  22: 'subunitOffline',
  23: 'subunitPowerSaver',
  24: 'subunitWarmingUp',
  25: 'subunitAdded',
  26: 'subunitRemoved',
  27: 'subunitResourceAdded',
  28: 'subunitResourceRemoved',
  29: 'subunitRecoverableFailure',
  30: 'subunitUnrecoverableFailure',
  31: 'subunitRecoverableStorageError',
  32: 'subunitUnrecoverableStorageError',
  33: 'subunitMotorFailure',
  34: 'subunitMemoryExhausted',
  35: 'subunitUnderTemperature',
  36: 'subunitOverTemperature',
  37: 'subunitTimingFailure',
  38: 'subunitThermistorFailure',
  501: 'doorOpen',
  502: 'doorClosed',
  503: 'powerUp',
  504: 'powerDown',
  505: 'printerNMSReset',
  506: 'printerManualReset',
  507: 'printerReadyToPrint',
  801: 'inputMediaTrayMissing',
  802: 'inputMediaSizeChange',
  803: 'inputMediaWeightChange',
  804: 'inputMediaTypeChange',
  805: 'inputMediaColorChange',
  806: 'inputMediaFormPartsChange',
  807: 'inputMediaSupplyLow',
  808: 'inputMediaSupplyEmpty',
  809: 'inputMediaChangeRequest',
  810: 'inputManualInputRequest',
  811: 'inputTrayPositionFailure',
  812: 'inputTrayElevationFailure',
  813: 'inputCannotFeedSizeSelected',
  901: 'outputMediaTrayMissing',
  902: 'outputMediaTrayAlmostFull',
  903: 'outputMediaTrayFull',
  904: 'outputMailboxSelectFailure',
  1001: 'markerFuserUnderTemperature',
  1002: 'markerFuserOverTemperature',
  1003: 'markerFuserTimingFailure',
  1004: 'markerFuserThermistorFailure',
  1005: 'markerAdjustingPrintQuality',
  1101: 'markerTonerEmpty',
  1102: 'markerInkEmpty',
  1103: 'markerPrintRibbonEmpty',
  1104: 'markerTonerAlmostEmpty',
  1105: 'markerInkAlmostEmpty',
  1106: 'markerPrintRibbonAlmostEmpty',
  1107: 'markerWasteTonerReceptacleAlmostFull',
  1108: 'markerWasteInkReceptacleAlmostFull',
  1109: 'markerWasteTonerReceptacleFull',
  1110: 'markerWasteInkReceptacleFull',
  1111: 'markerOpcLifeAlmostOver',
  1112: 'markerOpcLifeOver',
  1113: 'markerDeveloperAlmostEmpty',
  1114: 'markerDeveloperEmpty',
  1115: 'markerTonerCartridgeMissing',
  1301: 'mediaPathMediaTrayMissing',
  1302: 'mediaPathMediaTrayAlmostFull',
  1303: 'mediaPathMediaTrayFull',
  1304: 'mediaPathCannotDuplexMediaSelected',
  1501: 'interpreterMemoryIncrease',
  1502: 'interpreterMemoryDecrease',
  1503: 'interpreterCartridgeAdded',
  1504: 'interpreterCartridgeDeleted',
  1505: 'interpreterResourceAdded',
  1506: 'interpreterResourceDeleted',
  1507: 'interpreterResourceUnavailable',
  1509: 'interpreterComplexPageEncountered',
  1801: 'alertRemovalOfBinaryChangeEntry',
};

/** Colour words found in supply descriptions (English, plus common Japanese/Chinese). */
const COLOR_WORDS: [RegExp, string][] = [
  [/\bblack\b|ブラック|黒|黑/i, 'black'],
  [/\bcyan\b|シアン|青/i, 'cyan'],
  [/\bmagenta\b|マゼンタ|品红|洋红/i, 'magenta'],
  [/\byellow\b|イエロー|黄/i, 'yellow'],
];

/** The one colour named in a description, or null (none, or several). */
export function colorFromDescription(description: string | null): string | null {
  if (!description) return null;
  const hits = COLOR_WORDS.filter(([re]) => re.test(description)).map(([, c]) => c);
  return hits.length === 1 ? hits[0]! : null;
}
