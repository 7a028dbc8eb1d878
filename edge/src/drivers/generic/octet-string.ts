/**
 * Decoding of SNMP OCTET STRING values from printers: plain ASCII, UTF-8 (Chinese, Japanese),
 * binary with trailing NULs, and a Latin-1 fallback for bytes that are not valid UTF-8.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a DisplayString-like value; returns null for an empty value. */
export function decodeOctetString(value: unknown): string | null {
  let buf: Buffer;
  if (Buffer.isBuffer(value)) buf = value;
  else if (typeof value === 'string') buf = Buffer.from(value, 'utf8');
  else if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  else return null;

  // Trailing (and leading) NULs are padding on many devices.
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0) end--;
  let start = 0;
  while (start < end && buf[start] === 0) start++;
  const bytes = buf.subarray(start, end);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = bytes.toString('latin1');
  }
  // Embedded NULs in the middle end the string (C-style).
  const nul = text.indexOf('\u0000');
  if (nul >= 0) text = text.slice(0, nul);
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return text.length > 0 ? text : null;
}

/** Hex of raw bytes ("0100"), "" for an empty value. */
export function toHex(value: unknown): string | null {
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'string') return Buffer.from(value, 'latin1').toString('hex');
  return null;
}
