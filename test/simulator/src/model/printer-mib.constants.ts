/**
 * RFC 3805 (Printer-MIB v2) and RFC 2790 (Host-Resources-MIB) values the simulator serves.
 * Names follow the textual conventions of the RFCs; numbers are the wire values.
 */

/** hrPrinterDetectedErrorState bits (RFC 3805 §2.2.13.4): bit 0 is the most significant bit of octet 1. */
export const PrinterErrorBit = {
  lowPaper: 0,
  noPaper: 1,
  lowToner: 2,
  noToner: 3,
  doorOpen: 4,
  jammed: 5,
  offline: 6,
  serviceRequested: 7,
  inputTrayMissing: 8,
  outputTrayMissing: 9,
  markerSupplyMissing: 10,
  outputNearFull: 11,
  outputFull: 12,
  inputTrayEmpty: 13,
  overduePreventMaint: 14,
} as const;
export type PrinterErrorName = keyof typeof PrinterErrorBit;

/** hrDeviceStatus (RFC 2790). */
export const HrDeviceStatus = { unknown: 1, running: 2, warning: 3, testing: 4, down: 5 } as const;
export type HrDeviceStatusName = keyof typeof HrDeviceStatus;

/** hrPrinterStatus (RFC 2790 / RFC 3805 §2.2.13.2). */
export const HrPrinterStatus = { other: 1, unknown: 2, idle: 3, printing: 4, warmup: 5 } as const;
export type HrPrinterStatusName = keyof typeof HrPrinterStatus;

/** hrDeviceType for a printer: hrDevicePrinter. */
export const HR_DEVICE_PRINTER_OID = '1.3.6.1.2.1.25.3.1.5';

/** PrtAlertCodeTC (RFC 3805), the subset the simulator raises. */
export const PrtAlertCode = {
  other: 1,
  coverOpen: 3,
  jam: 8,
  subunitLifeAlmostOver: 10,
  subunitLifeOver: 11,
  subunitOffline: 22,
  subunitPowerSaver: 23,
  doorOpen: 501,
  inputMediaTrayMissing: 801,
  inputMediaSupplyLow: 807,
  inputMediaSupplyEmpty: 808,
  outputMediaTrayAlmostFull: 902,
  outputMediaTrayFull: 903,
  markerTonerEmpty: 1101,
  markerTonerAlmostEmpty: 1104,
  markerWasteTonerReceptacleAlmostFull: 1107,
  markerWasteTonerReceptacleFull: 1109,
  markerOpcLifeAlmostOver: 1111,
  markerOpcLifeOver: 1112,
  markerTonerCartridgeMissing: 1115,
} as const;
export type PrtAlertCodeName = keyof typeof PrtAlertCode;

/** PrtAlertGroupTC (RFC 3805). */
export const PrtAlertGroup = {
  other: 1,
  generalPrinter: 5,
  cover: 6,
  input: 8,
  output: 9,
  marker: 10,
  markerSupplies: 11,
  mediaPath: 13,
} as const;
export type PrtAlertGroupName = keyof typeof PrtAlertGroup;

/** PrtAlertSeverityLevelTC (RFC 3805). */
export const PrtAlertSeverity = { other: 1, critical: 3, warning: 4, warningBinaryChangeEvent: 5 } as const;
export type PrtAlertSeverityName = keyof typeof PrtAlertSeverity;

/** PrtAlertTrainingLevelTC (RFC 3805). */
export const PrtAlertTrainingLevel = {
  other: 1,
  unknown: 2,
  untrained: 3,
  trained: 4,
  fieldService: 5,
  management: 6,
  noInterventionRequired: 7,
} as const;
export type PrtAlertTrainingLevelName = keyof typeof PrtAlertTrainingLevel;

/** PrtMarkerSuppliesClassTC. */
export const PrtMarkerSuppliesClass = { other: 1, supplyThatIsConsumed: 3, receptacleThatIsFilled: 4 } as const;
export type SupplyClassName = keyof typeof PrtMarkerSuppliesClass;

/** PrtMarkerSuppliesTypeTC, the subset used by the family profiles. */
export const PrtMarkerSuppliesType = {
  other: 1,
  unknown: 2,
  toner: 3,
  wasteToner: 4,
  opc: 9,
  developer: 10,
  fuser: 15,
  transferUnit: 20,
  tonerCartridge: 21,
  staples: 32,
} as const;
export type SupplyTypeName = keyof typeof PrtMarkerSuppliesType;

/** PrtMarkerSuppliesSupplyUnitTC, the subset used. */
export const PrtMarkerSuppliesSupplyUnit = {
  other: 1,
  unknown: 2,
  impressions: 7,
  sheets: 8,
  tenthsOfGrams: 13,
  items: 18,
  percent: 19,
} as const;
export type SupplyUnitName = keyof typeof PrtMarkerSuppliesSupplyUnit;

/** Special supply / input level values (RFC 3805): -1 other/no restriction, -2 unknown, -3 some remaining. */
export const PrtLevel = { other: -1, unknown: -2, someRemaining: -3 } as const;

/** PrtInputTypeTC. */
export const PrtInputType = {
  other: 1,
  unknown: 2,
  sheetFeedAutoRemovableTray: 3,
  sheetFeedAutoNonRemovableTray: 4,
  sheetFeedManual: 5,
} as const;
export type InputTypeName = keyof typeof PrtInputType;

/** PrtOutputTypeTC. */
export const PrtOutputType = { other: 1, unknown: 2, removableBin: 3, unRemovableBin: 4 } as const;

/** PrtCapacityUnitTC / PrtMediaUnitTC subset. */
export const PrtCapacityUnit = { tenThousandthsOfInches: 3, micrometers: 4, sheets: 8 } as const;

/** PrtMarkerCounterUnitTC subset. */
export const PrtMarkerCounterUnit = { impressions: 7, sheets: 8 } as const;

/** PrtMarkerMarkTechTC subset. */
export const PrtMarkerMarkTech = { electrophotographicLED: 3, electrophotographicLaser: 4 } as const;

/** PrtCoverStatusTC. */
export const PrtCoverStatus = { other: 1, coverOpen: 3, coverClosed: 4, interlockOpen: 5, interlockClosed: 6 } as const;

/** PrtMarkerColorantRoleTC. */
export const PrtMarkerColorantRole = { other: 1, process: 3, spot: 4 } as const;

/**
 * PrtSubUnitStatusTC: availability (0 idle, 2 standby, 4 active, 6 busy, 1 on request, 3 broken, 5 unknown)
 * plus 8 for non-critical alerts, 16 for critical alerts, 32 off-line, 64 transitioning.
 */
export const PrtSubUnitStatus = {
  availableIdle: 0,
  availableStandby: 2,
  unavailableBroken: 3,
  nonCriticalAlerts: 8,
  criticalAlerts: 16,
  offline: 32,
} as const;
