/** OID helpers (dotted strings, no leading dot). */

export function normalizeOid(oid: string): string {
  return oid.startsWith('.') ? oid.slice(1) : oid;
}

/** True when `oid` lies strictly below `base`. */
export function isInSubtree(base: string, oid: string): boolean {
  return oid.length > base.length && oid.startsWith(base) && oid.charCodeAt(base.length) === 46; /* '.' */
}

/** Compares two OIDs numerically, arc by arc. */
export function compareOids(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  return pa.length - pb.length;
}

/** The index part of `oid` below `base` ("1.3.6.1.2.1.43.11.1.1.9.1.4" under "...9" → "1.4"). */
export function oidSuffix(base: string, oid: string): string {
  return oid.slice(base.length + 1);
}
