/**
 * Splits a supply description that carries part and serial numbers, e.g.
 * "Black Toner, PN 006R01509;SN48178080E0000481" or "Black Toner Cartridge S/N:CRUM-123".
 * A literal "unknown" part or serial becomes null.
 */
export interface SplitDescription {
  description: string | null;
  partNumber: string | null;
  serialNumber: string | null;
}

const PLACEHOLDER = /^(unknown|n\/?a|none|-+)$/i;

function clean(value: string | undefined): string | null {
  if (value === undefined) return null;
  const v = value
    .trim()
    .replace(/[;,]+$/, '')
    .trim();
  if (v.length === 0 || PLACEHOLDER.test(v)) return null;
  return v;
}

export function splitSupplyDescription(text: string | null): SplitDescription {
  if (text === null) return { description: null, partNumber: null, serialNumber: null };
  let rest = text;
  let partNumber: string | null = null;
  let serialNumber: string | null = null;

  // Serial: ";SN…" (Xerox), "S/N:…", "SN:…" at the end.
  const sn =
    /;\s*SN\s*[:#]?\s*([^\s;,]*)\s*$/i.exec(rest) ??
    /(?:^|[\s;,])S\/N\s*[:#]?\s*([^\s;,]*)\s*$/i.exec(rest) ??
    /(?:^|[\s;,])SN\s*[:#]\s*([^\s;,]*)\s*$/i.exec(rest);
  if (sn) {
    serialNumber = clean(sn[1]);
    rest = rest.slice(0, sn.index);
  }
  // Part number: ", PN 006R01509" (Xerox), "P/N:…", "PN:…" at the end.
  const pn =
    /,\s*PN\s*[:#]?\s*([^\s;,]+)\s*$/i.exec(rest) ??
    /(?:^|[\s;,])P\/N\s*[:#]?\s*([^\s;,]*)\s*$/i.exec(rest) ??
    /(?:^|[\s;,])PN\s*[:#]\s*([^\s;,]*)\s*$/i.exec(rest);
  if (pn) {
    partNumber = clean(pn[1]);
    rest = rest.slice(0, pn.index);
  }
  const description = rest.replace(/[\s;,]+$/, '').trim();
  return { description: description.length > 0 ? description : null, partNumber, serialNumber };
}
