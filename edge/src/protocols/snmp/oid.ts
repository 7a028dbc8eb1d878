/** OID helpers (dotted strings, no leading dot). */

export function normalizeOid(oid: string): string {
  return oid.startsWith('.') ? oid.slice(1) : oid;
}

/** True when `oid` lies strictly below `base`. */
export function isInSubtree(base: string, oid: string): boolean {
  return oid.length > base.length && oid.startsWith(base) && oid.charCodeAt(base.length) === 46; /* '.' */
}

/** Compares two OIDs numerically, arc by arc (no allocation: this runs for every varbind of a walk). */
export function compareOids(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  let i = 0;
  let j = 0;
  while (i < la && j < lb) {
    let x = 0;
    let c = a.charCodeAt(i);
    while (c !== 46 /* '.' */ && i < la) {
      x = x * 10 + (c - 48);
      c = a.charCodeAt(++i);
    }
    let y = 0;
    c = b.charCodeAt(j);
    while (c !== 46 && j < lb) {
      y = y * 10 + (c - 48);
      c = b.charCodeAt(++j);
    }
    if (x !== y) return x - y;
    i++;
    j++;
  }
  // Equal so far: the one with arcs left is greater.
  return (i < la ? 1 : 0) - (j < lb ? 1 : 0);
}

/** The index part of `oid` below `base` ("1.3.6.1.2.1.43.11.1.1.9.1.4" under "...9" → "1.4"). */
export function oidSuffix(base: string, oid: string): string {
  return oid.slice(base.length + 1);
}
