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

/** `GET /api/v1/devices`: paged; `search` matches name or address; `groupId` limits to one group. */
export interface DeviceListQuery {
  page?: number;
  pageSize?: number;
  search?: string;
  groupId?: string;
}
