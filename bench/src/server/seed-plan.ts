/**
 * What the server bench puts in the database: devices that look polled (status, identity, last poll, supplies),
 * spread over groups, so that sorts, filters and search have work. Pure: row i is always the same, so a run with
 * 10,000 devices and a later top-up to 100,000 give the same first 10,000.
 */

export const SEED_STATES = ['ok', 'ok', 'ok', 'warning', 'error', 'unknown', 'unreachable'] as const;
export const SEED_MODELS = ['FW-C4000i', 'FW-M300', 'LaserJet 400', 'imageRUNNER 2630', 'bizhub C300i'] as const;
export const SEED_VENDORS = ['Fleetward Test', 'HP', 'Canon', 'Konica Minolta'] as const;
export const SEED_GROUPS = ['North', 'South', 'East', 'West', 'Head office', 'Branches', 'Warehouse', 'Lab'] as const;

const BASE_MS = Date.parse('2026-01-01T00:00:00.000Z');

export interface SeedDevice {
  id: string;
  name: string;
  address: string;
  status: string;
  vendor: string;
  model: string;
  serialNumber: string;
  /** Index into SEED_GROUPS of every group the device is in (one, every 10th device two). */
  groups: number[];
  /** null: never seen (every 50th device). */
  lastSeenAt: Date | null;
  lastPollAt: Date;
  lastPollOk: boolean;
  statusErrors: string[];
  /** Remaining percent of the four toners. */
  tonerPercent: [number, number, number, number];
}

export function seedDeviceName(i: number): string {
  return `mfp-${String(i).padStart(6, '0')}`;
}

/** Device ids are UUID-shaped and ordered like the index. */
export function seedDeviceId(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

export function seedDevice(i: number): SeedDevice {
  if (!Number.isInteger(i) || i < 0 || i > 16_777_215) throw new RangeError(`device index out of range: ${i}`);
  const status = SEED_STATES[i % SEED_STATES.length]!;
  const never = i % 50 === 0;
  const groups = [i % SEED_GROUPS.length];
  if (i % 10 === 0) groups.push((i + 3) % SEED_GROUPS.length);
  const pct = (k: number): number => (i * 7 + k * 13) % 101;
  return {
    id: seedDeviceId(i),
    name: seedDeviceName(i),
    address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    status,
    vendor: SEED_VENDORS[i % SEED_VENDORS.length]!,
    model: SEED_MODELS[i % SEED_MODELS.length]!,
    serialNumber: `SN-${String(i).padStart(8, '0')}`,
    groups,
    lastSeenAt: never ? null : new Date(BASE_MS + i * 1000),
    lastPollAt: new Date(BASE_MS + i * 1000 + 500),
    lastPollOk: status !== 'unreachable',
    statusErrors: status === 'error' ? ['jammed'] : status === 'warning' ? ['lowToner'] : [],
    tonerPercent: [pct(0), pct(1), pct(2), pct(3)],
  };
}

/** Seeding in chunks from `from` (inclusive) to `to` (exclusive). */
export function seedChunks(from: number, to: number, chunk: number): { from: number; to: number }[] {
  if (chunk < 1) throw new RangeError('chunk must be at least 1');
  const out: { from: number; to: number }[] = [];
  for (let a = from; a < to; a += chunk) out.push({ from: a, to: Math.min(a + chunk, to) });
  return out;
}

/** How many devices of the first `n` have `status` (what a status filter must total). */
export function countWithStatus(n: number, status: string): number {
  let c = 0;
  for (let k = 0; k < SEED_STATES.length; k++) {
    if (SEED_STATES[k] !== status) continue;
    c += Math.floor(n / SEED_STATES.length) + (k < n % SEED_STATES.length ? 1 : 0);
  }
  return c;
}

/** How many devices of the first `n` are in group `g` (index into SEED_GROUPS). */
export function countInGroup(n: number, g: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (seedDevice(i).groups.includes(g)) c++;
  return c;
}
