import type { DriverChoice, PollResult, SnapshotIdentity } from '../snapshot';
import type { DeviceTarget, SnmpCredentials } from './snmp-credentials';

/** POST /api/v1/identify */
export interface IdentifyRequest {
  target: DeviceTarget;
}

export type IdentifyResponse =
  | { ok: true; target: { host: string; port: number }; identity: SnapshotIdentity; driver: DriverChoice }
  | { ok: false; target: { host: string; port: number }; error: { code: string; message: string } };

/** POST /api/v1/poll: one result per device, in request order, whatever happens to the others. */
export interface PollBatchRequest {
  targets: DeviceTarget[];
}

export interface PollBatchResponse {
  results: PollResult[];
  summary: { total: number; ok: number; failed: number; durationMs: number };
}

/** POST /api/v1/discover */
export interface DiscoverRequest {
  /** CIDR ("10.0.0.0/24") or range ("10.0.0.10-10.0.0.50"). */
  range: string;
  port?: number;
  /** Tried in order; the first that answers wins. */
  credentials: SnmpCredentials[];
  timeoutMs?: number;
  retries?: number;
  concurrency?: number;
}

export interface DiscoveredDevice {
  host: string;
  port: number;
  /** Index into the request's credentials list that answered (secrets are not echoed). */
  credentialIndex: number;
  snmpVersion: '1' | '2c' | '3';
  identity: SnapshotIdentity;
  driver: DriverChoice;
}

export interface DiscoverResponse {
  range: string;
  scanned: number;
  devices: DiscoveredDevice[];
  durationMs: number;
}

export interface EdgeHealthResponse {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
}
