import type { DeviceConfigFields } from './devices';

export interface DeviceGroupResponse {
  id: string;
  name: string;
  description: string;
  deviceCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateDeviceGroupRequest {
  name: string;
  description?: string;
}

export interface UpdateDeviceGroupRequest {
  name?: string;
  description?: string;
}

export interface DeviceGroupMembersRequest {
  deviceIds: string[];
}

/** Minimal device record until the monitoring issue fills it. */
export interface DeviceSummaryResponse {
  id: string;
  name: string;
  address: string;
  edgeId: string | null;
  groupIds: string[];
}

/** `POST /api/v1/devices`; credentials and location are optional (see `DeviceConfigFields`). */
export interface CreateDeviceRequest extends DeviceConfigFields {
  name: string;
  address: string;
  edgeId?: string;
  groupIds?: string[];
}

export interface EdgeSummaryResponse {
  id: string;
  name: string;
}

/** Register a new edge (System Management). */
export interface CreateEdgeRequest {
  name: string;
}

/**
 * `PATCH /api/v1/edges/:id` (System Management): how the server reaches the edge. `token` is write-only;
 * `caPem` is the edge's certificate (or its CA) to pin; `null` clears a field.
 */
export interface UpdateEdgeConnectionRequest {
  /** Rename the edge (unique, case-insensitive). */
  name?: string;
  url?: string | null;
  token?: string | null;
  caPem?: string | null;
}

/** An edge with its connection settings (the token is never returned) and its last contact. */
export interface EdgeDetailResponse extends EdgeSummaryResponse {
  url: string | null;
  hasToken: boolean;
  hasCaPem: boolean;
  version: string | null;
  lastSeenAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  /** pending = never activated; offline = not seen for the edge-offline delay, or its last call failed. */
  status: EdgeStatus;
  activatedAt: string | null;
  /** Devices assigned to this edge. */
  deviceCount: number;
}

export type EdgeStatus = 'pending' | 'online' | 'offline';

/** `GET /api/v1/devices`: paged; `search` matches name or address; `groupId` limits to one group. */
export interface DeviceListQuery {
  page?: number;
  pageSize?: number;
  search?: string;
  groupId?: string;
}
