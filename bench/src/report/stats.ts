/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** a / b, or null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return a / b;
}

export interface SweepSample {
  ms: number;
  devices: number;
  cpuSeconds: number;
}

export interface ThroughputFigures {
  /** Median over the warm sweeps. */
  devicesPerSecond: number;
  cpuSecondsPer1000: number;
  /** The first (cold) sweep. */
  coldDevicesPerSecond: number;
  coldCpuSecondsPer1000: number;
  warmSweeps: number;
}

/** Cold = the first sweep; warm = the median of every later sweep. */
export function throughputFigures(sweeps: readonly SweepSample[]): ThroughputFigures {
  if (sweeps.length < 2) throw new RangeError('need a cold sweep and at least one warm sweep');
  const rate = (s: SweepSample): number => (s.devices * 1000) / Math.max(s.ms, 1);
  const cpu = (s: SweepSample): number => (s.cpuSeconds * 1000) / Math.max(s.devices, 1);
  const [cold, ...warm] = sweeps as [SweepSample, ...SweepSample[]];
  return {
    devicesPerSecond: median(warm.map(rate)),
    cpuSecondsPer1000: median(warm.map(cpu)),
    coldDevicesPerSecond: rate(cold),
    coldCpuSecondsPer1000: cpu(cold),
    warmSweeps: warm.length,
  };
}

export type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetResult {
  id: string;
  description: string;
  status: TargetStatus;
  /** The measured value and the limit, in the target's unit. */
  measured: number | null;
  limit: number;
  /** How far off, in words ("needs 2.4x more devices/s"); or why it was not measured. */
  detail: string;
}

/** measured >= limit (higher is better). */
export function atLeast(
  id: string,
  description: string,
  measured: number | null,
  limit: number,
  unit: string,
): TargetResult {
  if (measured === null)
    return { id, description, status: 'not measured', measured, limit, detail: 'not measured in this run' };
  const ok = measured >= limit;
  return {
    id,
    description,
    status: ok ? 'met' : 'missed',
    measured,
    limit,
    detail: ok
      ? `${fmt(measured)}${unit} >= ${fmt(limit)}${unit}`
      : `${fmt(measured)}${unit}, needs ${fmt(limit)}${unit}: ${fmt(limit / Math.max(measured, 1e-9))}x short`,
  };
}

/** measured <= limit (lower is better). */
export function atMost(
  id: string,
  description: string,
  measured: number | null,
  limit: number,
  unit: string,
): TargetResult {
  if (measured === null)
    return { id, description, status: 'not measured', measured, limit, detail: 'not measured in this run' };
  const ok = measured <= limit;
  return {
    id,
    description,
    status: ok ? 'met' : 'missed',
    measured,
    limit,
    detail: ok
      ? `${fmt(measured)}${unit} <= ${fmt(limit)}${unit}`
      : `${fmt(measured)}${unit}, limit ${fmt(limit)}${unit}: ${fmt(measured / limit)}x over`,
  };
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toFixed(3);
}
