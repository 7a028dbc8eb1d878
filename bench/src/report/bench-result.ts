import type { ServerPartsResult } from '../server/server-part';
import type { TargetResult, ThroughputFigures } from './stats';

/** The JSON written to bench/results/latest.json (and what the table shows). */
export interface BenchResult {
  schemaVersion: 1;
  startedAt: string;
  finishedAt: string;
  machine: {
    cpuModel: string;
    cores: number;
    memoryGiB: number;
    node: string;
    os: string;
    snmpd: string | null;
    exporter: string | null;
  };
  options: Record<string, unknown>;
  /** Part 1: Fleetward's poll command against the snmpd fleet. */
  polling: PollingResult | { skipped: string };
  /** Part 2: snmp_exporter scraped for the same fleet. */
  peer: PeerResult | { skipped: string };
  /** Part 3: the slow and lossy fleet. */
  slow: SlowResult | { skipped: string };
  /** Parts 4 (server ingest, full poll cycle) and 5 (API latency), per database. */
  server: ServerPartsResult | { skipped: string };
  /** Parts of the benchmark issue this bench does not measure (none since parts 4-5 exist). */
  notMeasured: { part: string; reason: string }[];
  targets: TargetResult[];
  errors: string[];
}

export interface RunFigures extends ThroughputFigures {
  devices: number;
  concurrency: number;
  /** Every sweep, cold first; rss/heapUsed at the end of the sweep where the poller reports them. */
  sweeps: {
    ms: number;
    cpuSeconds: number;
    devices: number;
    rss?: number;
    heapUsed?: number;
    inFlight?: { max: number; mean: number };
  }[];
  /**
   * Devices in flight in the warm sweeps: the median of the sweeps' means and the largest at any moment (Fleetward's
   * adaptive window, at most `concurrency`). Absent for the peer, which keeps `concurrency` scrapes in flight.
   */
  inFlight?: { mean: number; max: number };
  peakRssBytes: number | null;
  /** Documents (or scrapes) of the last sweep. */
  correct: number;
  /** Successes with some parts listed as unreadable (timeouts), every value shown right. */
  partial?: number;
  failed: number;
  wrong: number;
  failedByCode?: Record<string, number>;
  wrongExamples: string[];
  /** CPU seconds used by the snmpd fleet during the run / wall seconds: how busy the simulated devices were. */
  fleetCpuShare?: number;
  /** Cores busy on the whole machine during the run, and the part not used by the bench's own processes. */
  machineBusyCores?: number;
  otherLoadCores?: number;
  /** Datagrams the kernel dropped during the run because a UDP receive buffer was full (whole machine). */
  udpReceiveDrops?: number | null;
}

export interface PollingResult {
  poller: string;
  v2c: RunFigures;
  v3: RunFigures;
  memory: (RunFigures & { note: string }) | { skipped: string };
}

export interface PeerResult {
  exporter: string;
  v2c: RunFigures;
  v3: RunFigures;
  ratios: {
    v2cDevicesPerSecond: number | null;
    v2cCpuPerDevice: number | null;
    v3DevicesPerSecond: number | null;
    v3CpuPerDevice: number | null;
  };
}

export interface SlowResult {
  devices: number;
  composition: { slow: number; lossy: number; dead: number; delayMs: string; lossRate: number };
  timeoutMs: number;
  retries: number;
  sweepMs: number;
  coldSweepMs: number;
  byRole: Record<
    string,
    { correct: number; partial: number; unreachable: number; otherFailure: number; wrong: number }
  >;
  wrongExamples: string[];
  deadMaxDurationMs: number | null;
  unreachableLimitMs: number;
  relay: { forwarded: number; dropped: number };
  otherLoadCores: number | null;
  udpReceiveDrops: number | null;
}
