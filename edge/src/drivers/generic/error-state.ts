import { PRINTER_ERROR_NAMES, type PrinterErrorName } from '@fleetward/contracts';

/** RFC 3805 hrPrinterDetectedErrorState bits; bit 0 is the most significant bit of the first octet. */
export const PRINTER_ERROR_BITS: readonly PrinterErrorName[] = PRINTER_ERROR_NAMES;

/** Decodes one, two or zero octets into RFC names, in bit order. Unknown bits (15 and up) are ignored. */
export function decodeErrorState(bytes: Buffer): PrinterErrorName[] {
  const names: PrinterErrorName[] = [];
  for (let bit = 0; bit < PRINTER_ERROR_BITS.length; bit++) {
    const octet = bytes[bit >> 3];
    if (octet === undefined) break;
    if (octet & (0x80 >> (bit & 7))) names.push(PRINTER_ERROR_BITS[bit]!);
  }
  return names;
}

/** Encodes names into the minimum octets (1 or 2) — used by tests and the simulator contract checks. */
export function encodeErrorState(names: PrinterErrorName[]): Buffer {
  let max = 0;
  const bits = names.map((n) => PRINTER_ERROR_BITS.indexOf(n)).filter((b) => b >= 0);
  for (const b of bits) max = Math.max(max, b);
  const buf = Buffer.alloc(max >= 8 ? 2 : 1);
  for (const b of bits) buf[b >> 3]! |= 0x80 >> (b & 7);
  return buf;
}

/**
 * Errors that stop the device: RFC 3805 maps them to hrDeviceStatus down(5); the others
 * (lowPaper, lowToner, serviceRequested, tray missing, near full, tray empty, overdue maintenance) to warning(3).
 */
export const CRITICAL_ERRORS: ReadonlySet<PrinterErrorName> = new Set<PrinterErrorName>([
  'noPaper',
  'noToner',
  'doorOpen',
  'jammed',
  'offline',
  'markerSupplyMissing',
  'outputFull',
]);
