/** Text heuristics for identity fields found in sysDescr and IEEE 1284 device ids. */

/** "…,SN:AAA0A00000,…" or "…;S/N AAAAAAA000AAAA000" → the serial; null when absent or empty. */
export function serialFromSysDescr(sysDescr: string | null): string | null {
  if (!sysDescr) return null;
  const m = /(?:^|[\s,;])S\/?N\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9._-]*)/i.exec(sysDescr);
  return m ? m[1]! : null;
}

/** Parses an IEEE 1284 device id ("MFG:Xerox; MDL:AltaLink C8045; …") into upper-case keys. */
export function parseDeviceId(text: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const part of text.split(';')) {
    const i = part.indexOf(':');
    if (i <= 0) continue;
    const key = part.slice(0, i).trim().toUpperCase();
    const value = part.slice(i + 1).trim();
    if (value) out[key] = value;
  }
  return out;
}

export function modelFromDeviceId(text: string | null): string | null {
  const id = parseDeviceId(text);
  return id.MDL ?? id.MODEL ?? null;
}

/** sysDescr values that name a network card or a generic built-in server, not a printer model. */
const NOT_A_MODEL = [/^HP ETHERNET/i, /^EPSON Built-in/i, /^Zebra(Net)? Wired/i, /print ?server/i, /Scan Server/i];

/** A model guessed from sysDescr: the first segment, without a trailing version number. */
export function modelFromSysDescr(sysDescr: string | null): string | null {
  if (!sysDescr) return null;
  const attached = /Attached to\s+([A-Za-z0-9-]+)/i.exec(sysDescr);
  if (attached) return attached[1]!;
  // HP JetDirect: "…,PID:HP Color LaserJet Test" (the product name the card reports).
  const pid = /(?:^|,)PID:([^,]+)/.exec(sysDescr);
  if (pid && /^HP ETHERNET/i.test(sysDescr)) return pid[1]!.trim();
  if (NOT_A_MODEL.some((re) => re.test(sysDescr))) return null;
  let first = sysDescr.split(/;|,| \/|\s+version:?\s+|\s+OS\s+\d/i)[0]!.trim();
  first = first.replace(/\s+\d+(?:\.\d+)+$/, '').trim();
  return first.length > 0 ? first : null;
}

/** Strips a leading vendor name from a model string. */
export function stripVendorPrefix(model: string | null, prefixes: string[]): string | null {
  if (!model) return null;
  for (const p of prefixes) {
    if (p && model.toLowerCase().startsWith(p.toLowerCase() + ' ')) {
      const rest = model.slice(p.length).trim();
      return rest.length > 0 ? rest : model;
    }
  }
  return model;
}
