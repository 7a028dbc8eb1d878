import type { LatencyFigures } from './percentiles';

export type BenchDatabase = 'sqlite' | 'postgres';

/** What the parent asks one server-bench child to do (one database per child). */
export interface ServerBenchConfig {
  database: BenchDatabase;
  /** postgres://… (trust auth); a fresh schema is created and dropped. */
  postgresUrl: string;
  resultFile: string;
  api: { sizes: number[]; requests: number; warmup: number } | null;
  ingest: { devices: number; snapshots: number } | null;
  cycle: {
    edge: { url: string; token: string; caPem: string; pid: number; concurrency: number };
    /** The snmpd fleet's addresses: one device each. */
    addresses: string[];
    port: number;
    batchSize: number;
  } | null;
}

export interface ApiScenarioFigures extends LatencyFigures {
  id: string;
  label: string;
  /** Device-list scenarios count for the p95 target; the device page does not. */
  kind: 'list' | 'page';
  /** Total the list answered (a check that the query did what it says). */
  total: number | null;
}

export interface ApiSizeResult {
  devices: number;
  seedSeconds: number;
  scenarios: ApiScenarioFigures[];
}

export interface IngestFigures {
  devices: number;
  snapshots: number;
  /** Results per `ingestPolls` call: the scheduler's poll batch size. */
  batchSize: number;
  /** Devices per transaction inside `ingestPolls` (INGEST_CHUNK). */
  chunkSize: number;
  seconds: number;
  snapshotsPerSecond: number;
  latency: LatencyFigures;
  cpuSecondsPer1000: number;
  /** History rows written per snapshot (status changes, counter readings, supply readings). */
  historyRowsPerSnapshot: number;
  /** Alerts opened by the monitoring hook during the run. */
  alertsOpened: number;
  /** Bytes of JSON per snapshot (what the edge sends). */
  snapshotBytes: number;
}

export interface CycleFigures {
  devices: number;
  /** From the call of runDuePolls(now) to its return (every result stored). */
  seconds: number;
  devicesPerSecond: number;
  polled: number;
  fullPolls: number;
  /** Devices whose stored last poll is ok / failed after the cycle. */
  storedOk: number;
  storedFailed: number;
  failedEdges: string[];
  batchSize: number;
  edgeConcurrency: number;
  serverCpuSeconds: number;
  edgeCpuSeconds: number | null;
  /** Of `seconds`, the time spent waiting for the edge's answers to the poll batches (the rest is the server). */
  edgeWaitSeconds: number;
  otherLoadCores?: number;
}

export interface ServerBenchResult {
  database: BenchDatabase;
  /** e.g. "PostgreSQL 15.8" or "SQLite 3.49.2". */
  databaseVersion: string;
  api: ApiSizeResult[] | null;
  ingest: IngestFigures | null;
  cycle: CycleFigures | null;
  /** CPU seconds of the server-bench process (server + seeding + HTTP client), for the "other load" figure. */
  cpuSeconds: number;
  errors: string[];
}
