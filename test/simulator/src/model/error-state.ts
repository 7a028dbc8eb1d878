import { PrinterErrorBit, type PrinterErrorName } from './printer-mib.constants';

/** How many octets hrPrinterDetectedErrorState is served with: one or two always, or the shortest that fits. */
export type ErrorStateOctets = 1 | 2 | 'auto';

/**
 * Encodes hrPrinterDetectedErrorState (RFC 3805 §2.2.13.4): bit 0 is the most significant bit of the first
 * octet, bit 8 the most significant bit of the second. With `octets: 1`, bits 8..15 cannot be expressed and are
 * dropped, as a one-octet device would do.
 */
export function encodeErrorState(errors: Iterable<PrinterErrorName>, octets: ErrorStateOctets): Buffer {
  const bits = new Set<number>();
  for (const name of errors) bits.add(PrinterErrorBit[name]);
  const needsTwo = [...bits].some((bit) => bit >= 8);
  const length = octets === 'auto' ? (needsTwo ? 2 : 1) : octets;
  const buffer = Buffer.alloc(length);
  for (const bit of bits) {
    const octet = Math.floor(bit / 8);
    if (octet >= length) continue;
    buffer[octet] = (buffer[octet] ?? 0) | (0x80 >> (bit % 8));
  }
  return buffer;
}

/** Decodes the octets back to RFC names, in bit order (used by tests and the control API). */
export function decodeErrorState(value: Buffer): PrinterErrorName[] {
  const names: PrinterErrorName[] = [];
  for (const [name, bit] of Object.entries(PrinterErrorBit) as [PrinterErrorName, number][]) {
    const octet = value[Math.floor(bit / 8)];
    if (octet !== undefined && (octet & (0x80 >> (bit % 8))) !== 0) names.push(name);
  }
  return names;
}
