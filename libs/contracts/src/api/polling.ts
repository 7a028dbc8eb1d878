import type { SnmpCredentials } from '../edge';

/**
 * `GET/PUT /api/v1/device-groups/:id/poll-policy`: a group's poll interval overrides (seconds).
 * `null` = the server default (`FLEETWARD_POLL_STATUS_INTERVAL_SECONDS` / `FLEETWARD_POLL_FULL_INTERVAL_SECONDS`).
 * A device in several groups is polled at the shortest override among them.
 */
export interface GroupPollPolicyBody {
  statusIntervalSeconds: number | null;
  fullIntervalSeconds: number | null;
}

export interface GroupPollPolicyResponse extends GroupPollPolicyBody {
  deviceGroupId: string;
  /** The intervals this group's own setting results in (override, else the server default). */
  effective: { statusIntervalSeconds: number; fullIntervalSeconds: number };
  /** When the override was last saved; null when the group never had one. */
  updatedAt: string | null;
}

/** Bounds of the poll interval overrides (seconds). */
export const POLL_POLICY_LIMITS = {
  statusMinSeconds: 30,
  statusMaxSeconds: 86_400,
  fullMinSeconds: 60,
  fullMaxSeconds: 604_800,
} as const;

/** `POST /api/v1/edges/:id/discoveries`: scan an address range through the edge. Credentials are tried in order. */
export interface StartDiscoveryRequest {
  /** CIDR ("10.0.0.0/24") or range ("10.0.0.10-10.0.0.50"). */
  range: string;
  /** SNMP UDP port, default 161. */
  port?: number;
  credentials: SnmpCredentials[];
}

export interface DiscoveredDeviceResponse {
  host: string;
  port: number;
  snmpVersion: '1' | '2c' | '3';
  /** Which of the submitted credentials answered (the credentials themselves are never returned). */
  credentialIndex: number;
  vendor: string | null;
  model: string | null;
  serialNumber: string | null;
  /** A device with this address and port already exists on this edge. */
  alreadyAdded: boolean;
}

/** A discovery run (kept 24 h, with its credentials encrypted, for adoption). */
export interface DiscoveryRunResponse {
  id: string;
  edgeId: string;
  range: string;
  startedAt: string;
  finishedAt: string;
  expiresAt: string;
  devices: DiscoveredDeviceResponse[];
}

/** `POST /api/v1/edges/:id/discoveries/:runId/adopt` */
export interface AdoptDevicesRequest {
  hosts: { host: string; port: number }[];
  groupIds: string[];
  /** Device names become `<namePrefix><model or host>`; default none. */
  namePrefix?: string;
}

export interface AdoptedDeviceResult {
  host: string;
  port: number;
  ok: boolean;
  deviceId?: string;
  /** Why a host was not added: `{ code: 'DEVICE_ALREADY_ADDED' | 'NOT_DISCOVERED' | …, message }`. */
  error?: { code: string; message: string };
}

export interface AdoptDevicesResponse {
  results: AdoptedDeviceResult[];
}
